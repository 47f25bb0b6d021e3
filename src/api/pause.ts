import { openProject, type ProjectOptions } from './project-context.js';
import { reportStep } from './report-step.js';
import { runningContainers } from './running-containers.js';

/** `pause [SERVICE...]`: the services are `services` (all when absent). */
export type PauseOptions = ProjectOptions;

/** What `pause` did. */
export interface PauseResult {
  /** The containers paused, by name, sorted (those already paused are not in it). */
  paused: string[];
}

/** Suspends every process of the running containers of the services (the engine's freezer). */
export async function pause(options: PauseOptions = {}): Promise<PauseResult> {
  const context = await openProject(options);
  const { backend, onProgress } = context;
  // A paused container counts as running, and pausing it again is the engine's error, not a change.
  const containers = (await runningContainers(context, { services: options.services })).filter((container) => container.state === 'running');
  await Promise.all(
    containers.map((container) =>
      reportStep(onProgress, { resource: 'Container', name: container.name }, { working: 'Pausing', done: 'Paused' }, () =>
        backend.pauseContainer(container.id),
      ),
    ),
  );
  return { paused: containers.map((container) => container.name) };
}
