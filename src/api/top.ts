import { replicaNumber, serviceOf } from '../plan/container-facts.js';
import { openProject, type ProjectOptions } from './project-context.js';
import { runningContainers } from './running-containers.js';

/** `top [SERVICE...]`: the services are `services` (all when absent). */
export type TopOptions = ProjectOptions;

/** The processes of one container, as the engine's `ps -ef` lists them. */
export interface ContainerTop {
  name: string;
  service: string;
  /** The replica number. */
  number: number;
  /** The column titles: `UID PID PPID C STIME TTY TIME CMD`. */
  titles: string[];
  /** One row per process, a cell per title. */
  processes: string[][];
}

/** The processes running in each running container of the services, containers sorted by name. */
export async function top(options: TopOptions = {}): Promise<ContainerTop[]> {
  const context = await openProject(options);
  const containers = await runningContainers(context, { services: options.services, oneOff: 'include' });
  return Promise.all(
    containers.map(async (container) => {
      const { titles, processes } = await context.backend.topContainer(container.id);
      return { name: container.name, service: serviceOf(container) ?? '', number: replicaNumber(container), titles, processes };
    }),
  );
}
