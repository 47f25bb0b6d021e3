import { openProject, type ProjectOptions } from './project-context.js';
import { reportStep } from './report-step.js';
import { runningContainers } from './running-containers.js';

/** `kill [SERVICE...]`: the services are `services` (all when absent). */
export interface KillOptions extends ProjectOptions {
  /** The signal to send (`signal` is the abort signal of every verb), as the engine takes it (`SIGTERM`, `TERM`, `15`); SIGKILL when absent. */
  killSignal?: string;
  /** Also kill the containers of services the files no longer have. */
  removeOrphans?: boolean;
}

/** What `kill` did. */
export interface KillResult {
  /** The containers signalled, by name, sorted: empty when nothing was running. */
  killed: string[];
}

/**
 * Sends a signal to the running containers of the services, all at once: unlike `stop`, there is
 * no grace period to order by. One-off (`run`) containers are signalled too, as docker compose does.
 */
export async function kill(options: KillOptions = {}): Promise<KillResult> {
  const context = await openProject(options);
  const { backend, onProgress } = context;
  const containers = await runningContainers(context, { services: options.services, oneOff: 'include', orphans: options.removeOrphans === true });
  const signal = options.killSignal ?? 'SIGKILL';
  await Promise.all(
    containers.map((container) =>
      reportStep(onProgress, { resource: 'Container', name: container.name }, { working: 'Killing', done: 'Killed' }, () =>
        backend.killContainer(container.id, signal),
      ),
    ),
  );
  return { killed: containers.map((container) => container.name) };
}
