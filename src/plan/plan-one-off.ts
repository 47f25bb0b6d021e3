import type { ContainerSummary } from '../engine/backend.js';
import { serviceImageReference } from '../engine/spec/container-spec.js';
import type { ComposeProject, Service } from '../model/index.js';
import { compareText } from './compare-text.js';
import { isOneOff, replicaNumber, serviceOf } from './container-facts.js';
import type { ImageLedgerView } from './image-ledger.js';
import { imageDecision, type BuildOption, type PullOption } from './image-policy.js';
import type { ObservedProject } from './observe.js';
import { PlanBuilder } from './plan-builder.js';
import type { Plan } from './plan.js';
import { ResourcePlanner, serviceNetworkKeys, serviceVolumeMounts } from './resource-plan.js';

/** What a one-off (`run`) container needs before it is created. */
export interface OneOffPlanInput {
  model: ComposeProject;
  observed: ObservedProject;
  serviceName: string;
  /** The service as the one-off runs it (its `-v` mounts included). */
  service: Service;
  pull?: PullOption;
  build?: BuildOption;
  /** What this run already pulled or built. */
  images?: ImageLedgerView;
  /** Wait for the dependencies that must be healthy or have completed (not with `--no-deps`). */
  waitForDependencies: boolean;
  /** Containers of services that the engine does not hold yet (a dry run's dependencies), by service. */
  plannedContainers?: Readonly<Record<string, readonly string[]>>;
}

/**
 * The plan that readies a one-off container: its networks and named volumes created when missing,
 * its image pulled or built by the same policy as up's, and a wait for each dependency whose
 * condition is service_healthy or service_completed_successfully. The container itself is not a
 * node: `run` creates it, attached, once the plan has run. Pure, like reconcile.
 */
export function planOneOff(input: OneOffPlanInput): Plan {
  const { model, observed, serviceName, service } = input;
  const builder = new PlanBuilder();
  const resources = new ResourcePlanner(model, observed, builder);
  const prerequisites: string[] = [];
  for (const key of serviceNetworkKeys(service)) {
    const node = resources.network(key);
    if (node !== undefined) prerequisites.push(node);
  }
  for (const { key } of serviceVolumeMounts(service)) {
    const node = resources.volume(key);
    if (node !== undefined) prerequisites.push(node);
  }

  const reference = serviceImageReference(model.name, serviceName, service);
  const ledger = input.images;
  const decision = imageDecision(serviceName, service, input, {
    present: observed.images[reference] !== undefined,
    pulled: ledger?.pulled.has(reference) ?? false,
    pullFailed: ledger?.pullFailed.has(reference) ?? false,
    built: ledger?.built.has(reference) ?? false,
  });
  if (decision.action === 'build') {
    builder.add({ kind: 'build-image', reference, service: serviceName, services: [serviceName] }, { reason: decision.reason });
  } else if (decision.action === 'pull') {
    builder.add(
      {
        kind: 'pull-image',
        reference,
        services: [serviceName],
        ...(service.platform === undefined ? {} : { platform: service.platform }),
        ...(decision.mayFail ? { mayFail: true } : {}),
      },
      { reason: decision.reason },
    );
  }

  const serviceContainers = { ...containersByService(observed.containers), ...input.plannedContainers };
  if (input.waitForDependencies) {
    for (const [dependency, settings] of Object.entries(service.depends_on ?? {}).sort(([a], [b]) => compareText(a, b))) {
      if (settings.condition === 'service_started' || !Object.hasOwn(model.services, dependency)) continue;
      const containers = [...(serviceContainers[dependency] ?? [])].sort(compareText);
      if (containers.length === 0) continue;
      builder.add(
        { kind: 'wait-for-dependency', service: dependency, condition: settings.condition, containers, required: settings.required, dependents: [serviceName] },
        { dependsOn: prerequisites },
      );
    }
  }
  return builder.build({ project: model.name, upToDate: [], serviceContainers: toRecord(serviceContainers) });
}

/** The service containers (not one-offs) by service, lowest number first: what links and `service:` modes point at. */
export function containersByService(containers: readonly ContainerSummary[]): Record<string, string[]> {
  const groups: Record<string, ContainerSummary[]> = {};
  for (const container of containers) {
    const service = serviceOf(container);
    if (service === undefined || isOneOff(container)) continue;
    (groups[service] ??= []).push(container);
  }
  const names: Record<string, string[]> = {};
  for (const [service, list] of Object.entries(groups)) {
    names[service] = list.sort((a, b) => replicaNumber(a) - replicaNumber(b) || compareText(a.name, b.name)).map((container) => container.name);
  }
  return names;
}

function toRecord(groups: Readonly<Record<string, readonly string[]>>): Record<string, string[]> {
  return Object.fromEntries(Object.entries(groups).map(([service, names]) => [service, [...names]]));
}
