import { openProject, type ProjectOptions } from './project-context.js';
import { reportStep } from './report-step.js';
import { runningContainers } from './running-containers.js';

/** `unpause [SERVICE...]`: the services are `services` (all when absent). */
export type UnpauseOptions = ProjectOptions;

/** What `unpause` did. */
export interface UnpauseResult {
  /** The containers resumed, by name, sorted. */
  unpaused: string[];
}

/** Resumes the paused containers of the services; those running already are left as they are. */
export async function unpause(options: UnpauseOptions = {}): Promise<UnpauseResult> {
  const context = await openProject(options);
  const { backend, onProgress } = context;
  const containers = (await runningContainers(context, { services: options.services })).filter((container) => container.state === 'paused');
  await Promise.all(
    containers.map((container) =>
      reportStep(onProgress, { resource: 'Container', name: container.name }, { working: 'Unpausing', done: 'Unpaused' }, () =>
        backend.unpauseContainer(container.id),
      ),
    ),
  );
  return { unpaused: containers.map((container) => container.name) };
}
