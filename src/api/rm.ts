import { openProject, type ProjectOptions } from './project-context.js';
import { isRunning } from '../plan/container-facts.js';
import { listProjectContainers } from './project-containers.js';
import { reportStep } from './report-step.js';
import { servicesInScope } from './service-graph.js';
import { stopServices } from './stop.js';

/** `rm [SERVICE...]`: the services are `services` (all when absent). */
export interface RemoveOptions extends ProjectOptions {
  /** Stop the running containers first, so that they are removed too (`-s`). */
  stop?: boolean;
  /** Seconds to wait after the stop signal before killing, with `stop`. */
  timeoutSeconds?: number;
  /** Also remove the anonymous volumes the containers mount (`-v`). */
  volumes?: boolean;
  /**
   * Asked with the names of the containers about to go, before anything is removed; false
   * removes nothing. The CLI prompts here unless `-f`; by default every removal is approved.
   */
  confirm?: (containers: readonly string[]) => Promise<boolean>;
}

/** What `rm` did. */
export interface RemoveResult {
  /** The stopped containers that were candidates, by name, sorted: empty means there was nothing to remove. */
  candidates: string[];
  /** The containers removed: the candidates, or none when `confirm` said no. */
  removed: string[];
}

/**
 * Removes the stopped containers of the services (with `stop`, stops the running ones first). A
 * running container is left alone otherwise, as in docker compose.
 */
export async function rm(options: RemoveOptions = {}): Promise<RemoveResult> {
  const context = await openProject(options);
  const { project, backend, onProgress } = context;
  const services = servicesInScope(project.model, options.services);
  if (options.stop === true) await stopServices(context, services, options.timeoutSeconds);
  const containers = (await listProjectContainers(backend, project.name, { all: true, services })).filter((container) => !isRunning(container));
  const candidates = containers.map((container) => container.name);
  if (candidates.length === 0) return { candidates, removed: [] };
  const approved = options.confirm === undefined || (await options.confirm(candidates));
  if (!approved) return { candidates, removed: [] };

  await Promise.all(
    containers.map((container) =>
      reportStep(onProgress, { resource: 'Container', name: container.name }, { working: 'Removing', done: 'Removed' }, () =>
        backend.removeContainer(container.id, { force: true, volumes: options.volumes === true }),
      ),
    ),
  );
  return { candidates, removed: candidates };
}
