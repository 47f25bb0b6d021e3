// CI mode's account of a failed `up`: the last lines of output of each container that failed, one
// block each under its name, on standard error before the error message, so that the log of a CI
// run says why without a second command.

import type { FailedContainer } from '../api/failed-containers.js';
import type { UpOptions } from '../api/up.js';
import { ReadinessError } from '../plan/plan-errors.js';
import type { CommandContext } from './global-options.js';

/**
 * The blocks, `tail`'s way of heading several files: `==> demo-web-1 (exited with code 1) <==`,
 * the lines, an empty line.
 */
export function failureLogText(failed: readonly FailedContainer[]): string {
  return failed
    .map(({ container, reason, lines }) => `==> ${container} (${reason}) <==\n${lines.length === 0 ? '(no output)\n' : `${lines.join('\n')}\n`}\n`)
    .join('');
}

/**
 * After `up` threw in CI mode: prints the blocks of the failed containers of the services it acted
 * on, and returns the error to report. A failed wait's error lists the last lines of the container
 * it waited for; once that container's block is printed, the error goes without them, not to show
 * the same lines twice. Other errors (a compose file, pre-flight, the engine) have no containers to
 * show and are returned as they are, as is any error when the logs cannot be read.
 */
export async function reportFailedContainers(error: unknown, options: UpOptions, context: CommandContext): Promise<unknown> {
  if (!(error instanceof ReadinessError)) return error;
  let failed: FailedContainer[];
  try {
    const { failedContainers } = await import('../api/failed-containers.js');
    failed = await failedContainers({ ...options, error });
  } catch {
    return error;
  }
  if (failed.length === 0) return error;
  context.stderr(failureLogText(failed));
  return failed.some((entry) => entry.container === error.container) ? error.withoutOutput() : error;
}
