import type { Service } from '../../model/index.js';

/** What docker compose v2 puts between the parts of a generated name (v1 used `_`). */
export const NAME_SEPARATOR = '-';

/** How many hex digits of a one-off container's slug its name keeps, as a short container id does. */
const SLUG_LENGTH = 12;

/**
 * The name of replica `number` of a service: its `container_name` when set (the loader refuses
 * `container_name` with more than one replica), else `<project>-<service>-<number>`.
 */
export function containerName(
  projectName: string,
  serviceName: string,
  service: Pick<Service, 'container_name'> | undefined,
  number: number,
): string {
  const fixed = service?.container_name;
  if (fixed !== undefined && fixed !== '') return fixed;
  return [projectName, serviceName, String(number)].join(NAME_SEPARATOR);
}

/**
 * The name of a one-off (`run`) container: `<project>-<service>-run-<the slug's first 12 digits>`.
 * `container_name` does not apply: several one-offs of a service may run at once.
 */
export function oneOffContainerName(projectName: string, serviceName: string, slug: string): string {
  return [projectName, serviceName, 'run', slug.slice(0, SLUG_LENGTH)].join(NAME_SEPARATOR);
}
