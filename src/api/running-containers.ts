import type { ContainerSummary } from '../engine/backend.js';
import { BerthError } from '../errors.js';
import { isRunning, replicaNumber, serviceOf } from '../plan/container-facts.js';
import type { ProjectContext } from './project-context.js';
import { listProjectContainers, type ContainerQuery } from './project-containers.js';

/** Which live containers a verb acts on. */
export interface RunningQuery {
  /** The services named on the command line; every service of the project when absent or empty. */
  services?: readonly string[];
  /** One-off (`run`) containers: `kill` and `top` include them, as docker compose does. */
  oneOff?: ContainerQuery['oneOff'];
  /** Also the containers of services the files no longer have (`kill --remove-orphans`). */
  orphans?: boolean;
}

/**
 * The running containers (paused and restarting ones too) of the services, sorted by name. A
 * service named that has none is an error: the verb was aimed at something that is not there.
 */
export async function runningContainers(context: ProjectContext, query: RunningQuery = {}): Promise<ContainerSummary[]> {
  const { project, backend } = context;
  const named = query.services ?? [];
  const services = named.length > 0 ? new Set(named) : query.orphans === true ? undefined : new Set(Object.keys(project.model.services));
  // Everything is listed and the live ones kept here, so that paused containers count as running
  // whatever the engine's list call means by running.
  const all = await listProjectContainers(backend, project.name, { all: true, oneOff: query.oneOff ?? 'exclude' });
  const running = all.filter((container) => isRunning(container) && (services === undefined || services.has(serviceOf(container) ?? '')));
  const idle = named.find((service) => !running.some((container) => serviceOf(container) === service));
  if (idle !== undefined) throw notRunning(idle);
  return running;
}

/**
 * The one running container of a service a verb acts on (`export`, `commit`): replica `index`,
 * or the lowest-numbered when `index` is absent or 0.
 */
export async function runningServiceContainer(context: ProjectContext, service: string, index: number | undefined): Promise<ContainerSummary> {
  const ordered = [...(await runningContainers(context, { services: [service] }))].sort((a, b) => replicaNumber(a) - replicaNumber(b));
  const wanted = index ?? 0;
  const container = wanted > 0 ? ordered.find((candidate) => replicaNumber(candidate) === wanted) : ordered[0];
  if (container === undefined) throw notRunning(service, wanted);
  return container;
}

/** The lowest-numbered container of each service, in the order the services are given. */
export function firstOfEachService(containers: readonly ContainerSummary[], services: readonly string[]): ContainerSummary[] {
  return services.flatMap((service) => {
    const replicas = containers.filter((container) => serviceOf(container) === service).sort((a, b) => replicaNumber(a) - replicaNumber(b));
    return replicas.slice(0, 1);
  });
}

function notRunning(service: string, index = 0): BerthError {
  const which = index > 0 ? ` container #${index}` : '';
  return new BerthError('not-running', `service "${service}" is not running${which}`);
}
