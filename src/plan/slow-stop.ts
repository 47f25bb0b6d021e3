// Stopping a container and saying so when it needed its whole grace period: its main process
// ignored the stop signal and the engine killed it (a shell as PID 1, a process without a handler).

import type { Backend } from '../engine/backend.js';
import type { ProgressSink } from './progress.js';
import { formatSeconds } from './readiness-report.js';

/** The engine's grace period when neither the call nor the container sets one. */
const ENGINE_DEFAULT_STOP_TIMEOUT = 10;
/** The exit code of a process killed with SIGKILL. */
const KILLED = 137;

/** The warning for a container killed at the end of its grace period. */
export function slowStopMessage(container: string, elapsedMs: number): string {
  return `container ${container} took ${formatSeconds(elapsedMs)} to stop: its main process ignored SIGTERM; give the service init: true, or a stop_signal it handles`;
}

/**
 * Stops the container (`timeoutSeconds`: the grace period, the container's own when undefined) and,
 * when the stop took at least the grace period and the container was killed, reports a warning
 * (`Container demo-web-1  Warning`). The extra inspect happens only after a stop that slow.
 */
export async function stopContainerExplained(
  backend: Backend,
  container: { id: string; name: string },
  timeoutSeconds: number | undefined,
  progress: ProgressSink,
): Promise<void> {
  const started = Date.now();
  await backend.stopContainer(container.id, timeoutSeconds);
  const elapsed = Date.now() - started;
  // Below a second, only an explicit grace period that short can have run out.
  if (elapsed < 1000 && (timeoutSeconds === undefined || elapsed < timeoutSeconds * 1000 * 0.95)) return;
  try {
    const details = await backend.inspectContainer(container.id);
    if (details === undefined) return;
    const grace = timeoutSeconds ?? details.stopTimeout ?? ENGINE_DEFAULT_STOP_TIMEOUT;
    if (grace <= 0 || elapsed < grace * 1000 * 0.95 || details.exitCode !== KILLED) return;
    progress({ resource: 'Container', name: container.name, status: 'warning', text: 'Warning', detail: slowStopMessage(container.name, elapsed) });
  } catch {
    // The diagnosis is a courtesy: the stop itself succeeded.
  }
}
