import type { Backend, ContainerSummary } from '../engine/backend.js';
import { projectLabelFilter } from '../engine/labels.js';
import { isOneOff, serviceOf } from '../plan/container-facts.js';

/** Which containers of a project a verb looks at. */
export interface ContainerQuery {
  /** Stopped containers too (`ps -a`, `rm`, `start`); running ones only by default. */
  all?: boolean;
  /** Only these services' containers; every service's when absent or empty. */
  services?: readonly string[];
  /** One-off (`run`) containers: left out by default, as most verbs leave them. */
  oneOff?: 'exclude' | 'include';
}

/**
 * The project's containers, sorted by name, with one list call filtered by the project label (the
 * service filter is applied here, so that several services still cost one call).
 */
export async function listProjectContainers(backend: Backend, project: string, query: ContainerQuery = {}): Promise<ContainerSummary[]> {
  const containers = await backend.listContainers(projectLabelFilter(project), { all: query.all ?? false });
  const services = query.services !== undefined && query.services.length > 0 ? new Set(query.services) : undefined;
  return containers
    .filter((container) => services === undefined || services.has(serviceOf(container) ?? ''))
    .filter((container) => (query.oneOff ?? 'exclude') === 'include' || !isOneOff(container))
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/** The containers grouped by service, each group in name order. */
export function byService(containers: readonly ContainerSummary[]): Map<string, ContainerSummary[]> {
  const groups = new Map<string, ContainerSummary[]>();
  for (const container of containers) {
    const service = serviceOf(container) ?? '';
    const group = groups.get(service);
    if (group) group.push(container);
    else groups.set(service, [container]);
  }
  return groups;
}
