import type { Backend, ContainerSummary } from '../engine/backend.js';
import { BerthError } from '../errors.js';
import { isOneOff, isRunning, replicaNumber } from '../plan/container-facts.js';
import { compareText } from '../plan/compare-text.js';
import { listProjectContainers } from './project-containers.js';

/** Which container of a service a verb works in (`exec`, `attach`, `cp`). */
export interface ServiceContainerQuery {
  service: string;
  /** The replica number (`--index`); the lowest-numbered when absent. */
  index?: number;
  /** Only a running container will do (`exec`, `attach`); `cp` works on stopped ones too. */
  running: boolean;
  /** Also `run` containers (`cp --all`). */
  includeOneOff?: boolean;
}

/**
 * The service's containers the query allows, lowest number first (one-offs, which have none, by
 * name after them). None is a BerthError saying so in one line.
 */
export async function serviceContainers(backend: Backend, project: string, query: ServiceContainerQuery): Promise<ContainerSummary[]> {
  const listed = await listProjectContainers(backend, project, {
    all: !query.running,
    services: [query.service],
    oneOff: query.includeOneOff === true ? 'include' : 'exclude',
  });
  const candidates = listed
    .filter((container) => !query.running || isRunning(container))
    .filter((container) => query.index === undefined || replicaNumber(container) === query.index)
    .sort((a, b) => order(a) - order(b) || compareText(a.name, b.name));
  if (candidates.length === 0) {
    const which = query.index === undefined ? '' : ` container #${query.index}`;
    const state = query.running ? 'is not running' : 'has no container';
    throw new BerthError('not-running', `service "${query.service}" ${state}${which}`);
  }
  return candidates;
}

/** The one container a verb works in: the query's replica, or the lowest-numbered. */
export async function serviceContainer(backend: Backend, project: string, query: ServiceContainerQuery): Promise<ContainerSummary> {
  const [first] = await serviceContainers(backend, project, query);
  if (first === undefined) throw new BerthError('not-running', `service "${query.service}" has no container`);
  return first;
}

function order(container: ContainerSummary): number {
  return isOneOff(container) ? Number.MAX_SAFE_INTEGER : replicaNumber(container);
}
