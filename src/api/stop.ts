import { openProject, type ProjectContext, type ProjectOptions } from './project-context.js';
import { isRunning } from '../plan/container-facts.js';
import { stopContainerExplained } from '../plan/slow-stop.js';
import { byService, listProjectContainers } from './project-containers.js';
import { reportStep } from './report-step.js';
import { serviceGraph, servicesInScope } from './service-graph.js';
import { walkServices } from './walk-services.js';

/** `stop [SERVICE...]`: the services are `services` (all when absent). */
export interface StopOptions extends ProjectOptions {
  /** Seconds to wait after the stop signal before killing; each container's own when absent. */
  timeoutSeconds?: number;
}

/** What `stop` did. */
export interface StopResult {
  /** The containers stopped, by name, sorted. */
  stopped: string[];
}

/**
 * Stops the running containers of the services, dependents before what they depend on, services
 * with nothing left to wait for in parallel. Stopped containers stay (see `rm`, `down`).
 */
export async function stop(options: StopOptions = {}): Promise<StopResult> {
  const context = await openProject(options);
  return stopServices(context, servicesInScope(context.project.model, options.services), options.timeoutSeconds);
}

/** `stop` on a project already open: also the first half of `rm -s`. */
export async function stopServices(context: ProjectContext, services: readonly string[], timeoutSeconds: number | undefined): Promise<StopResult> {
  const { project, backend, onProgress } = context;
  const running = (await listProjectContainers(backend, project.name, { services })).filter(isRunning);
  const groups = byService(running);
  const stopped: string[] = [];
  await walkServices(serviceGraph(project.model), services, 'dependents', async (service) => {
    await Promise.all(
      (groups.get(service) ?? []).map((container) =>
        reportStep(onProgress, { resource: 'Container', name: container.name }, { working: 'Stopping', done: 'Stopped' }, async () => {
          await stopContainerExplained(backend, container, timeoutSeconds, onProgress);
          stopped.push(container.name);
        }),
      ),
    );
  });
  return { stopped: stopped.sort() };
}
