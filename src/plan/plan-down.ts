import type { ContainerSummary } from '../engine/backend.js';
import { DEPENDS_ON_LABEL, PROJECT_LABEL } from '../engine/labels.js';
import { serviceImageReference } from '../engine/spec/container-spec.js';
import { DependencyGraph } from '../graph/dependency-graph.js';
import type { ComposeProject } from '../model/index.js';
import { isAnonymousVolumeName, isRunning, serviceOf } from './container-facts.js';
import type { ObservedProject } from './observe.js';
import { orphanContainers, orphanWarning } from './orphans.js';
import { compareText } from './compare-text.js';
import { PlanBuilder } from './plan-builder.js';
import type { MeasuredVolume, Plan, RemoveContainerAction } from './plan.js';

/** The choices of `down` (docker compose's flags of the same names). */
export interface DownPlanOptions {
  /** `-v`: remove the project's named volumes and the containers' anonymous ones. */
  volumes?: boolean;
  removeOrphans?: boolean;
  /** `--rmi`: `local` removes images without a custom tag (built ones), `all` every service image. */
  rmi?: 'local' | 'all';
}

/** What `down` compares: the project (when its files could be read) and what the engine holds. */
export interface DownPlanInput {
  /** Undefined when only the project name is known: everything labelled with it goes. */
  model: ComposeProject | undefined;
  projectName: string;
  /** Services of the files that inactive profiles leave out: theirs are not orphans. */
  disabledServices?: readonly string[];
  observed: ObservedProject;
  options?: DownPlanOptions;
  /** The volumes' sizes by name (`Backend.volumeSizes`), to show what `-v` deletes; measured for dry runs only. */
  volumeSizes?: ReadonlyMap<string, number>;
}

/**
 * The steps of `down`, pure like reconcile: stop each running container after the containers that
 * depend on it (independent ones at once), remove each once stopped, the project's networks once
 * every container is stopped, and its volumes (`-v`) and images (`--rmi`) once every container is
 * removed. Orphans go only with `removeOrphans`; they are warned about
 * otherwise. External networks and volumes are never touched.
 */
export function planDown(input: DownPlanInput): Plan {
  const { model, projectName, observed } = input;
  const options = input.options ?? {};
  const builder = new PlanBuilder();
  const known = new Set([...Object.keys(model?.services ?? {}), ...(input.disabledServices ?? [])]);
  const orphans = new Set(model === undefined ? [] : orphanContainers(observed.containers, known, { includeOneOff: true }));
  if (orphans.size > 0 && options.removeOrphans !== true) builder.warn(orphanWarning(projectName, [...orphans]));
  const doomed = observed.containers.filter((container) => options.removeOrphans === true || !orphans.has(container));

  const graph = stopGraph(model, doomed);
  const byService = new Map<string, ContainerSummary[]>();
  for (const container of doomed) {
    const service = serviceOf(container) ?? '';
    byService.set(service, [...(byService.get(service) ?? []), container]);
  }
  const stopNodes = new Map<string, string[]>();
  const stopOf = new Map<string, string>();
  for (const service of graph.reverseOrder()) {
    const after = graph
      .withDependents([service])
      .filter((other) => other !== service)
      .flatMap((other) => stopNodes.get(other) ?? []);
    const nodes: string[] = [];
    for (const container of byService.get(service) ?? []) {
      if (!isRunning(container)) continue;
      const stop = builder.add({ kind: 'stop-container', service, id: container.id, name: container.name }, { dependsOn: after });
      stopOf.set(container.id, stop);
      nodes.push(stop);
    }
    stopNodes.set(service, nodes);
  }
  const measured = (name: string): MeasuredVolume => {
    const size = input.volumeSizes?.get(name);
    return size === undefined ? { name } : { name, size };
  };
  const removals: string[] = [];
  for (const container of doomed) {
    const service = serviceOf(container) ?? '';
    const stop = stopOf.get(container.id);
    const action: RemoveContainerAction = { kind: 'remove-container', service, id: container.id, name: container.name, removeAnonymousVolumes: options.volumes === true };
    const anonymous = options.volumes === true ? anonymousVolumeNames(container) : [];
    if (anonymous.length > 0) action.anonymousVolumes = anonymous.map(measured);
    removals.push(builder.add(action, { dependsOn: stop === undefined ? [] : [stop] }));
  }

  // A network can go once no container runs on it: a stopped container holds no endpoint, and its
  // removal does not touch the network. Not waiting for the removals saves the last one's round trip.
  const stops = [...stopOf.values()];
  for (const name of projectNetworks(model, projectName, observed)) {
    builder.add({ kind: 'remove-network', name }, { dependsOn: stops });
  }
  if (options.volumes === true) {
    for (const name of projectVolumes(model, projectName, observed)) {
      builder.add({ kind: 'remove-volume', ...measured(name) }, { dependsOn: removals });
    }
  }
  if (options.rmi !== undefined) {
    for (const reference of projectImages(model, projectName, observed, options.rmi)) {
      builder.add({ kind: 'remove-image', reference }, { dependsOn: removals });
    }
  }
  return builder.build({ project: projectName, upToDate: [], serviceContainers: {} });
}

/** The anonymous volumes a container mounts, by name, sorted. */
function anonymousVolumeNames(container: ContainerSummary): string[] {
  const names = container.mounts.flatMap((mount) => (mount.type === 'volume' && mount.name !== undefined && isAnonymousVolumeName(mount.name) ? [mount.name] : []));
  return [...new Set(names)].sort(compareText);
}

/**
 * Which service's containers stop before which: from the files when there are files, else (and for
 * orphans) from the depends_on label each container carries.
 */
function stopGraph(model: ComposeProject | undefined, containers: readonly ContainerSummary[]): DependencyGraph {
  const dependencies = new Map<string, Set<string>>();
  for (const [name, service] of Object.entries(model?.services ?? {})) {
    dependencies.set(name, new Set(Object.keys(service.depends_on ?? {})));
  }
  for (const container of containers) {
    const service = serviceOf(container) ?? '';
    if (dependencies.has(service)) continue;
    const label = container.labels[DEPENDS_ON_LABEL] ?? '';
    const names = label === '' ? [] : label.split(',').map((entry) => entry.split(':')[0] ?? '');
    dependencies.set(service, new Set(names.filter((name) => name !== '')));
  }
  const record: Record<string, string[]> = {};
  for (const [name, targets] of dependencies) record[name] = [...targets].filter((target) => dependencies.has(target) && target !== name);
  return DependencyGraph.fromDependencies(record);
}

/** Networks the project made: the files' non-external ones, if the engine has them with the project label. */
function projectNetworks(model: ComposeProject | undefined, projectName: string, observed: ObservedProject): string[] {
  const labelled = Object.values(observed.networks).filter((network) => network.labels[PROJECT_LABEL] === projectName);
  if (model === undefined) return labelled.map((network) => network.name).sort(compareText);
  const wanted = new Set(Object.values(model.networks ?? {}).filter((network) => network.external !== true).map((network) => network.name));
  return labelled.filter((network) => wanted.has(network.name)).map((network) => network.name).sort(compareText);
}

/** Volumes the project made, likewise. */
function projectVolumes(model: ComposeProject | undefined, projectName: string, observed: ObservedProject): string[] {
  const labelled = Object.values(observed.volumes).filter((volume) => volume.labels[PROJECT_LABEL] === projectName);
  if (model === undefined) return labelled.map((volume) => volume.name).sort(compareText);
  const wanted = new Set(Object.values(model.volumes ?? {}).filter((volume) => volume.external !== true).map((volume) => volume.name));
  return labelled.filter((volume) => wanted.has(volume.name)).map((volume) => volume.name).sort(compareText);
}

/** Images `--rmi` removes that are present: all the services', or only those without an image: of their own. */
function projectImages(model: ComposeProject | undefined, projectName: string, observed: ObservedProject, rmi: 'local' | 'all'): string[] {
  const references = new Set<string>();
  if (model !== undefined) {
    for (const [name, service] of Object.entries(model.services)) {
      if (rmi === 'all' || service.image === undefined) references.add(serviceImageReference(projectName, name, service));
    }
  } else {
    for (const container of observed.containers) {
      const local = `${projectName}-${serviceOf(container) ?? ''}`;
      if (rmi === 'all' || container.image === local) references.add(container.image);
    }
  }
  return [...references].filter((reference) => observed.images[reference] !== undefined).sort(compareText);
}
