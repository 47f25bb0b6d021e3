import type { ContainerSummary } from '../engine/backend.js';
import { containerName } from '../engine/spec/container-name.js';
import { configRecordHash, serviceConfigRecord } from '../model/config-hash.js';
import type { ComposeProject, Service } from '../model/index.js';
import { isAnonymousVolumeName, isOneOff, isRunning, replicaNumber, serviceOf } from './container-facts.js';
import { divergence, type ContainerExpectation } from './diff.js';
import { serviceImageReference } from '../engine/spec/container-spec.js';
import type { ImageLedgerView } from './image-ledger.js';
import { imageDecision, type BuildOption, type PullOption } from './image-policy.js';
import type { ObservedProject } from './observe.js';
import { orphanContainers, orphanWarning } from './orphans.js';
import { compareText } from './compare-text.js';
import { PlanBuilder } from './plan-builder.js';
import { IncompatibleOptionsError, NoSuchServiceError } from './plan-errors.js';
import type { Plan, WaitForDependencyAction } from './plan.js';
import { ResourcePlanner, serviceNetworkKeys, serviceVolumeMounts } from './resource-plan.js';
import { replicaCount, serviceScope, type ScopeOptions } from './service-scope.js';
import { parseTemporaryName, temporaryName } from './temporary-name.js';

/** The choices of `up` that shape the plan (docker compose's flags of the same names). */
export interface ReconcileOptions extends ScopeOptions {
  forceRecreate?: boolean;
  noRecreate?: boolean;
  /** Recreate the dependencies of the named services even when they have not changed. */
  alwaysRecreateDeps?: boolean;
  noStart?: boolean;
  removeOrphans?: boolean;
  /** Do not warn about orphans (COMPOSE_IGNORE_ORPHANS). */
  ignoreOrphans?: boolean;
  /** `--scale service=n`. */
  scale?: Readonly<Record<string, number>>;
  pull?: PullOption;
  /** `--build` / `--no-build`. */
  build?: BuildOption;
  /** `-V`: recreate, and give the new containers fresh anonymous volumes. */
  renewAnonVolumes?: boolean;
  /** What this run already did to images: an image pulled or built is not fetched again. */
  images?: ImageLedgerView;
}

/** What the reconciler compares. */
export interface ReconcileInput {
  /** The normalized project, as the files say it should be. */
  model: ComposeProject;
  /** Services left out by inactive profiles: their containers are not orphans. */
  disabledServices?: readonly string[];
  observed: ObservedProject;
  options?: ReconcileOptions;
}

/** An existing container of a service, as the reconciler tracks it. */
interface Member {
  container: ContainerSummary;
  number: number;
  /** Its name once pending steps are done (a leftover being renamed has its final name here). */
  name: string;
  /** A node that must run before anything else touches it (finishing an interrupted recreate). */
  pending: string | undefined;
}

/** The anonymous volumes a container mounts, by target: what its replacement mounts again. */
function anonymousVolumes(container: ContainerSummary, expected: ContainerExpectation): Record<string, string> {
  const named = new Set(expected.volumes.map((volume) => volume.name));
  const volumes: Record<string, string> = {};
  for (const mount of container.mounts) {
    if (mount.type !== 'volume' || mount.name === undefined || named.has(mount.name)) continue;
    if (isAnonymousVolumeName(mount.name)) volumes[mount.destination] = mount.name;
  }
  return volumes;
}

/** What the plan does to one service, for the services after it in dependency order. */
interface ServiceOutcome {
  /** Create, recreate and rename nodes: after them the service's containers exist under their names. */
  containerNodes: string[];
  /** Recreate nodes only. */
  recreateNodes: string[];
  startNodes: string[];
}

type RecreatePolicy = 'force' | 'diverged' | 'never';

/**
 * The reconciler: compares the project the files describe with what the engine holds and returns the
 * steps that make the second into the first. Pure: it reads nothing but its input and throws
 * BerthErrors for what no plan can fix (an external network that is missing, a build-only service).
 */
export function reconcile(input: ReconcileInput): Plan {
  const { model, observed } = input;
  const options = input.options ?? {};
  if (options.forceRecreate === true && options.noRecreate === true) {
    throw new IncompatibleOptionsError('--force-recreate', '--no-recreate');
  }
  if (options.alwaysRecreateDeps === true && options.noRecreate === true) {
    throw new IncompatibleOptionsError('--always-recreate-deps', '--no-recreate');
  }
  const scope = serviceScope(model, options);
  for (const name of Object.keys(options.scale ?? {})) {
    if (!Object.hasOwn(model.services, name)) throw new NoSuchServiceError(name, scope.graph.nodes);
  }
  return new Reconciliation(model, observed, options, scope.named, scope.services, input.disabledServices ?? []).run(
    scope.graph.dependencyOrder(),
  );
}

/** One run of the reconciler; holds what earlier services decided for the later ones. */
class Reconciliation {
  private readonly builder = new PlanBuilder();
  private readonly resources: ResourcePlanner;
  private readonly outcomes = new Map<string, ServiceOutcome>();
  private readonly imageNodes = new Map<string, string>();
  private readonly imageIds = new Map<string, string | undefined>();
  private readonly waits = new Map<string, WaitForDependencyAction>();
  private readonly upToDate: string[] = [];
  private readonly serviceContainers: Record<string, string[]> = {};
  private readonly named: ReadonlySet<string>;
  private readonly inScope: ReadonlySet<string>;

  constructor(
    private readonly model: ComposeProject,
    private readonly observed: ObservedProject,
    private readonly options: ReconcileOptions,
    named: readonly string[],
    services: readonly string[],
    private readonly disabledServices: readonly string[],
  ) {
    this.resources = new ResourcePlanner(model, observed, this.builder);
    this.named = new Set(named);
    this.inScope = new Set(services);
  }

  run(dependencyOrder: readonly string[]): Plan {
    const members = this.membersByService();
    this.planImages();
    for (const name of dependencyOrder) {
      const service = this.model.services[name];
      if (service === undefined) continue;
      if (this.inScope.has(name)) this.planService(name, service, members.get(name) ?? []);
      else this.serviceContainers[name] = (members.get(name) ?? []).map((member) => member.name);
    }
    this.planOrphans();
    for (const wait of this.waits.values()) wait.dependents.sort(compareText);
    return this.builder.build({ project: this.model.name, upToDate: this.upToDate, serviceContainers: this.serviceContainers });
  }

  /**
   * The project's service containers by service, sorted by number. A leftover of an interrupted
   * recreate is removed when the container it was replacing is still there, and otherwise renamed
   * to the name it was meant to take, standing in for that container from then on.
   */
  private membersByService(): Map<string, Member[]> {
    const byService = new Map<string, Member[]>();
    const leftovers: ContainerSummary[] = [];
    for (const container of this.observed.containers) {
      const service = serviceOf(container);
      if (service === undefined || isOneOff(container)) continue;
      if (parseTemporaryName(container.name)) {
        if (this.inScope.has(service)) leftovers.push(container);
        continue;
      }
      const list = byService.get(service) ?? [];
      list.push({ container, number: replicaNumber(container), name: container.name, pending: undefined });
      byService.set(service, list);
    }
    for (const leftover of leftovers) {
      const service = serviceOf(leftover) ?? '';
      const finalName = parseTemporaryName(leftover.name)?.finalName ?? leftover.name;
      const list = byService.get(service) ?? [];
      if (list.some((member) => member.name === finalName)) {
        this.builder.add(
          { kind: 'remove-container', service, id: leftover.id, name: leftover.name, removeAnonymousVolumes: false },
          { reason: `left over from an interrupted recreate of ${finalName}` },
        );
        continue;
      }
      const pending = this.builder.add(
        { kind: 'rename-container', service, id: leftover.id, from: leftover.name, to: finalName },
        { reason: 'finish an interrupted recreate' },
      );
      list.push({ container: leftover, number: replicaNumber(leftover), name: finalName, pending });
      byService.set(service, list);
    }
    for (const list of byService.values()) list.sort((a, b) => a.number - b.number || compareText(a.name, b.name));
    return byService;
  }

  /**
   * One pull or build node per image that some service in scope needs. Services that share an
   * image share its node; when one of them builds it, the others wait for that build rather than
   * pull it.
   */
  private planImages(): void {
    const wanted = new Map<string, { services: string[]; pull?: { reason: string; mayFail: boolean; platform: string | undefined }; build?: { service: string; reason: string } }>();
    const ledger = this.options.images;
    for (const name of [...this.inScope].sort(compareText)) {
      const service = this.model.services[name];
      if (service === undefined || replicaCount(service, this.options.scale?.[name]) === 0) continue;
      const reference = serviceImageReference(this.model.name, name, service);
      const local = this.observed.images[reference];
      const decision = imageDecision(name, service, this.options, {
        present: local !== undefined,
        pulled: ledger?.pulled.has(reference) ?? false,
        pullFailed: ledger?.pullFailed.has(reference) ?? false,
        built: ledger?.built.has(reference) ?? false,
      });
      const entry = wanted.get(reference) ?? { services: [] };
      entry.services.push(name);
      wanted.set(reference, entry);
      if (decision.action === 'build') entry.build ??= { service: name, reason: decision.reason };
      if (decision.action === 'pull') entry.pull ??= { reason: decision.reason, mayFail: decision.mayFail, platform: service.platform };
      // The id is known only once pulled or built; a later reconcile compares it.
      this.imageIds.set(name, decision.action === 'none' ? local?.id : undefined);
    }
    for (const [reference, entry] of wanted) {
      let id: string | undefined;
      if (entry.build !== undefined) {
        id = this.builder.add({ kind: 'build-image', reference, service: entry.build.service, services: entry.services }, { reason: entry.build.reason });
      } else if (entry.pull !== undefined) {
        const { platform, mayFail, reason } = entry.pull;
        id = this.builder.add(
          { kind: 'pull-image', reference, services: entry.services, ...(platform === undefined ? {} : { platform }), ...(mayFail ? { mayFail } : {}) },
          { reason },
        );
      }
      if (id === undefined) continue;
      for (const service of entry.services) {
        this.imageNodes.set(service, id);
        this.imageIds.set(service, undefined);
      }
    }
  }

  private recreatePolicy(name: string): RecreatePolicy {
    if (this.options.noRecreate === true) return 'never';
    if (this.named.has(name)) {
      return this.options.forceRecreate === true || this.options.renewAnonVolumes === true ? 'force' : 'diverged';
    }
    return this.options.alwaysRecreateDeps === true ? 'force' : 'diverged';
  }

  private forcedReason(name: string): string {
    if (!this.named.has(name)) return '--always-recreate-deps';
    return this.options.forceRecreate === true ? '--force-recreate' : '--renew-anon-volumes';
  }

  private expectation(name: string, service: Service): ContainerExpectation {
    const configRecord = serviceConfigRecord(service);
    return {
      configHash: configRecordHash(configRecord),
      configRecord,
      imageId: this.imageIds.get(name),
      networks: serviceNetworkKeys(service).map((key) => {
        const networkName = this.resources.networkName(key);
        const id = this.observed.networks[networkName]?.id;
        return id === undefined ? { key, name: networkName } : { key, name: networkName, id };
      }),
      volumes: serviceVolumeMounts(service).map(({ key, target }) => ({ key, name: this.resources.volumeName(key), target })),
    };
  }

  /** Services whose first container this one's namespaces or volumes come from: recreating one recreates this. */
  private donors(service: Service): string[] {
    const donors: string[] = [];
    for (const mode of [service.network_mode, service.ipc, service.pid]) {
      if (mode?.startsWith('service:') === true) donors.push(mode.slice('service:'.length));
    }
    for (const entry of service.volumes_from ?? []) {
      if (!entry.startsWith('container:')) donors.push(entry.split(':')[0] ?? entry);
    }
    return donors;
  }

  /** The nodes every create or recreate of the service waits for: its networks, volumes, image, dependencies' containers. */
  private createDependencies(name: string, service: Service): string[] {
    const dependencies: string[] = [];
    for (const key of serviceNetworkKeys(service)) {
      const node = this.resources.network(key);
      if (node !== undefined) dependencies.push(node);
    }
    for (const { key } of serviceVolumeMounts(service)) {
      const node = this.resources.volume(key);
      if (node !== undefined) dependencies.push(node);
    }
    const image = this.imageNodes.get(name);
    if (image !== undefined) dependencies.push(image);
    for (const dependency of Object.keys(service.depends_on ?? {})) {
      dependencies.push(...(this.outcomes.get(dependency)?.containerNodes ?? []));
    }
    return dependencies;
  }

  /** The nodes a start of the service waits for: its dependencies started, healthy or completed. */
  private readiness(name: string, service: Service): string[] {
    const nodes: string[] = [];
    for (const [dependency, settings] of Object.entries(service.depends_on ?? {})) {
      if (!this.inScope.has(dependency)) continue;
      const outcome = this.outcomes.get(dependency);
      if (settings.condition === 'service_started') {
        nodes.push(...(outcome?.startNodes ?? []));
        continue;
      }
      const containers = this.serviceContainers[dependency] ?? [];
      if (containers.length === 0) continue;
      const action: WaitForDependencyAction = {
        kind: 'wait-for-dependency',
        service: dependency,
        condition: settings.condition,
        containers: [...containers].sort(compareText),
        required: settings.required,
        dependents: [],
      };
      const id = this.builder.add(action, { dependsOn: outcome?.startNodes ?? [] });
      const wait = this.waits.get(id) ?? action;
      this.waits.set(id, wait);
      if (!wait.dependents.includes(name)) wait.dependents.push(name);
      nodes.push(id);
    }
    return nodes;
  }

  private planService(name: string, service: Service, existing: Member[]): void {
    const replicas = replicaCount(service, this.options.scale?.[name]);
    const policy = this.recreatePolicy(name);
    const expected = this.expectation(name, service);
    const donorsRecreated = this.donors(service).filter((donor) => (this.outcomes.get(donor)?.recreateNodes.length ?? 0) > 0);
    const outcome: ServiceOutcome = { containerNodes: [], recreateNodes: [], startNodes: [] };
    this.outcomes.set(name, outcome);

    const reasonsFor = (member: Member): string[] => {
      if (policy === 'never') return [];
      if (policy === 'force') return [this.forcedReason(name)];
      return [...divergence(expected, member.container), ...donorsRecreated.map((donor) => `${donor} is recreated`)];
    };
    const reasons = new Map(existing.map((member) => [member, reasonsFor(member)]));

    // Scaling down removes the out-of-date containers first, then the highest numbers.
    const byRemovalOrder = [...existing].sort((a, b) => {
      const staleA = (reasons.get(a)?.length ?? 0) > 0;
      const staleB = (reasons.get(b)?.length ?? 0) > 0;
      return staleA !== staleB ? (staleA ? -1 : 1) : b.number - a.number;
    });
    const removed = new Set(byRemovalOrder.slice(0, Math.max(0, existing.length - replicas)));
    for (const member of removed) {
      this.removeContainer(name, member, `scale ${name}: ${existing.length} -> ${replicas}`);
    }
    const kept = existing.filter((member) => !removed.has(member));
    const finalNames = new Map<Member, string>();
    for (const member of kept) {
      finalNames.set(member, containerName(this.model.name, name, service, member.number));
    }

    const createDependencies = this.createDependencies(name, service);
    const restartCauses = Object.entries(service.depends_on ?? {})
      .filter(([dependency, settings]) => settings.restart === true && (this.outcomes.get(dependency)?.recreateNodes.length ?? 0) > 0)
      .map(([dependency]) => dependency)
      .sort(compareText);
    const toStart: { name: string; after: string[]; reason?: string }[] = [];

    for (const member of kept) {
      const finalName = finalNames.get(member) ?? member.name;
      const why = reasons.get(member) ?? [];
      const pending = member.pending === undefined ? [] : [member.pending];
      if (why.length > 0) {
        const id = this.builder.add(
          {
            kind: 'recreate-container',
            service: name,
            number: member.number,
            name: finalName,
            temporaryName: temporaryName(member.container.id, finalName),
            replaced: { id: member.container.id, name: member.name },
            anonymousVolumes: this.options.renewAnonVolumes === true ? {} : anonymousVolumes(member.container, expected),
          },
          { reasons: why, dependsOn: [...createDependencies, ...pending] },
        );
        outcome.containerNodes.push(id);
        outcome.recreateNodes.push(id);
        toStart.push({ name: finalName, after: [id] });
        continue;
      }
      outcome.containerNodes.push(...pending);
      if (!isRunning(member.container)) {
        toStart.push({ name: finalName, after: pending, reason: member.container.state });
        continue;
      }
      if (restartCauses.length > 0 && this.options.noStart !== true) {
        const stop = this.builder.add(
          { kind: 'stop-container', service: name, id: member.container.id, name: member.name },
          { reason: `restart: ${restartCauses.join(', ')} recreated`, dependsOn: pending },
        );
        for (const cause of restartCauses) {
          for (const recreate of this.outcomes.get(cause)?.recreateNodes ?? []) this.builder.addDependency(recreate, stop);
        }
        toStart.push({ name: finalName, after: [stop], reason: 'restart' });
        continue;
      }
      this.upToDate.push(finalName);
    }

    let next = Math.max(0, ...existing.map((member) => member.number)) + 1;
    const created: { number: number; name: string }[] = [];
    for (let count = kept.length; count < replicas; count += 1) {
      const number = next;
      next += 1;
      const newName = containerName(this.model.name, name, service, number);
      const id = this.builder.add({ kind: 'create-container', service: name, number, name: newName }, { dependsOn: createDependencies });
      outcome.containerNodes.push(id);
      toStart.push({ name: newName, after: [id] });
      created.push({ number, name: newName });
    }

    this.serviceContainers[name] = [
      ...kept.map((member) => ({ number: member.number, name: finalNames.get(member) ?? member.name })),
      ...created,
    ]
      .sort((a, b) => a.number - b.number)
      .map((entry) => entry.name);

    if (this.options.noStart === true) return;
    const readiness = toStart.length > 0 ? this.readiness(name, service) : [];
    for (const start of toStart) {
      const id = this.builder.add(
        { kind: 'start-container', service: name, name: start.name },
        { dependsOn: [...start.after, ...readiness], ...(start.reason === undefined ? {} : { reason: start.reason }) },
      );
      outcome.startNodes.push(id);
    }
  }

  /** Stop (when running) and remove a container. */
  private removeContainer(service: string, member: Member, reason: string): void {
    const pending = member.pending === undefined ? [] : [member.pending];
    const name = member.pending === undefined ? member.name : member.container.name;
    let after = pending;
    if (isRunning(member.container)) {
      after = [this.builder.add({ kind: 'stop-container', service, id: member.container.id, name }, { reason, dependsOn: pending })];
    }
    this.builder.add(
      { kind: 'remove-container', service, id: member.container.id, name, removeAnonymousVolumes: false },
      { reason, dependsOn: after },
    );
  }

  private planOrphans(): void {
    const known = new Set([...Object.keys(this.model.services), ...this.disabledServices]);
    const orphans = orphanContainers(this.observed.containers, known);
    if (orphans.length === 0) return;
    if (this.options.removeOrphans !== true) {
      if (this.options.ignoreOrphans !== true) this.builder.warn(orphanWarning(this.model.name, orphans));
      return;
    }
    for (const orphan of orphans) {
      this.removeContainer(serviceOf(orphan) ?? '', { container: orphan, number: replicaNumber(orphan), name: orphan.name, pending: undefined }, 'orphan');
    }
  }
}
