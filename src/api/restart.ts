import { openProject, type ProjectOptions } from './project-context.js';
import { byService, listProjectContainers } from './project-containers.js';
import { stopContainerExplained } from '../plan/slow-stop.js';
import { reportStep } from './report-step.js';
import { serviceGraph, servicesInScope } from './service-graph.js';
import { walkServices } from './walk-services.js';

/** `restart [SERVICE...]`: the services are `services` (all when absent). */
export interface RestartOptions extends ProjectOptions {
  /** Seconds to wait after the stop signal before killing; each container's own when absent. */
  timeoutSeconds?: number;
  /** Restart only the services named, not the services that depend on them with `restart: true`. */
  noDeps?: boolean;
}

/** What `restart` did. */
export interface RestartResult {
  /** The containers restarted, by name, sorted. */
  restarted: string[];
}

/**
 * Restarts the containers of the services (stopped ones are started), in dependency order. A
 * service named also restarts the services that depend on it with `restart: true`, unless
 * `noDeps`: those would otherwise keep talking to a dependency that went away under them.
 */
export async function restart(options: RestartOptions = {}): Promise<RestartResult> {
  const { project, backend, onProgress } = await openProject(options);
  const named = options.services ?? [];
  const services =
    named.length === 0 || options.noDeps === true
      ? servicesInScope(project.model, named)
      : serviceGraph(project.model, { restartOnly: true }).withDependents(named);
  const groups = byService(await listProjectContainers(backend, project.name, { all: true, services }));

  const restarted: string[] = [];
  await walkServices(serviceGraph(project.model), services, 'dependencies', async (service) => {
    await Promise.all(
      (groups.get(service) ?? []).map((container) =>
        reportStep(onProgress, { resource: 'Container', name: container.name }, { working: 'Restarting', done: 'Started' }, async () => {
          await stopContainerExplained(backend, container, options.timeoutSeconds, onProgress);
          await backend.startContainer(container.id);
          restarted.push(container.name);
        }),
      ),
    );
  });
  return { restarted: restarted.sort() };
}
