import { openProject, type ProjectOptions } from './project-context.js';
import { reportStep } from './report-step.js';
import { runningServiceContainer } from './running-containers.js';

/** `commit SERVICE [REPOSITORY[:TAG]]`. */
export interface CommitOptions extends ProjectOptions {
  service: string;
  /** Which replica; the lowest-numbered running one when absent or 0. */
  index?: number;
  /** `repository[:tag]` for the new image; untagged when absent. */
  reference?: string;
  /** `-a`: e.g. `Jane Doe <jane@example.com>`. */
  author?: string;
  /** `-m`: the commit message. */
  message?: string;
  /** `-c`: Dockerfile instructions applied to the image (`CMD ["sh"]`, `ENV A=1`, ...). */
  changes?: readonly string[];
  /** Pause the container while committing, so that its files are not caught half-written (default: true). */
  pause?: boolean;
}

/** What `commit` made. */
export interface CommitResult {
  /** The container committed. */
  container: string;
  /** The new image's id (`sha256:...`); empty in a dry run, where nothing is made. */
  imageId: string;
}

/** Makes an image of a service's running container: its image plus the changes made to its files since it started. */
export async function commit(options: CommitOptions): Promise<CommitResult> {
  const context = await openProject({ ...options, services: [options.service] });
  const container = await runningServiceContainer(context, options.service, options.index);
  const imageId = await reportStep(context.onProgress, { resource: 'Container', name: container.name }, { working: 'Committing', done: 'Committed' }, () =>
    context.backend.commitContainer(container.id, {
      ...(options.reference === undefined ? {} : { reference: options.reference }),
      ...(options.author === undefined ? {} : { author: options.author }),
      ...(options.message === undefined ? {} : { message: options.message }),
      ...(options.changes === undefined ? {} : { changes: [...options.changes] }),
      pause: options.pause ?? true,
    }),
  );
  return { container: container.name, imageId };
}
