import type { ProgressEvent, ProgressSink } from '../plan/progress.js';

/** The resource a step acts on, as progress names it. */
export type StepTarget = Pick<ProgressEvent, 'resource' | 'name'>;

/**
 * Runs one step on one resource and tells `onProgress` about it in docker compose's words: the
 * `working` text (`Stopping`) before, the `done` text (`Stopped`) after, or `Error` with the
 * message when it fails; the failure is then thrown on.
 */
export async function reportStep<T>(
  onProgress: ProgressSink,
  target: StepTarget,
  words: { working: string; done: string },
  step: () => Promise<T>,
): Promise<T> {
  onProgress({ ...target, status: 'working', text: words.working });
  try {
    const result = await step();
    onProgress({ ...target, status: 'done', text: words.done });
    return result;
  } catch (error) {
    onProgress({ ...target, status: 'error', text: 'Error', detail: error instanceof Error ? error.message : String(error) });
    throw error;
  }
}
