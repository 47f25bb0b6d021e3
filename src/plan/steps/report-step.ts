import type { ProgressEvent } from '../progress.js';
import type { StepContext } from './step-context.js';

/**
 * Runs one step between its two progress events (`Creating` while it runs, `Created` when done); a
 * failure is reported as an `error` event with the message, then rethrown.
 */
export async function reportStep(
  context: StepContext,
  resource: ProgressEvent['resource'],
  name: string,
  [working, done]: readonly [string, string],
  step: () => Promise<unknown>,
  detail?: string,
): Promise<void> {
  const extra = detail === undefined ? {} : { detail };
  context.progress({ resource, name, status: 'working', text: working, ...extra });
  try {
    await step();
  } catch (error) {
    context.progress({ resource, name, status: 'error', text: 'Error', detail: error instanceof Error ? error.message : String(error) });
    throw error;
  }
  context.progress({ resource, name, status: 'done', text: done, ...extra });
}
