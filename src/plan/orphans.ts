import type { ContainerSummary } from '../engine/backend.js';
import { isOneOff, serviceOf } from './container-facts.js';
import { compareText } from './compare-text.js';

/**
 * The project's containers whose service the project no longer has (renamed or removed from the
 * files): `up` warns about them and `--remove-orphans` removes them. One-off containers count only
 * when asked for (`down` removes them with the rest).
 */
export function orphanContainers(
  containers: readonly ContainerSummary[],
  knownServices: ReadonlySet<string>,
  options: { includeOneOff?: boolean } = {},
): ContainerSummary[] {
  return containers
    .filter((container) => options.includeOneOff === true || !isOneOff(container))
    .filter((container) => {
      const service = serviceOf(container);
      return service === undefined || !knownServices.has(service);
    })
    .sort((a, b) => compareText(a.name, b.name));
}

/** The one-line warning about orphans, naming them. */
export function orphanWarning(project: string, orphans: readonly ContainerSummary[]): string {
  const names = orphans.map((container) => container.name).join(', ');
  return `found orphan containers (${names}) for project ${project}: their services are not in the compose files; run with --remove-orphans to remove them`;
}
