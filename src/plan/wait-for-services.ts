import { setTimeout as sleep } from 'node:timers/promises';
import type { Backend, ContainerDetails } from '../engine/backend.js';
import { FirstFailure } from './first-failure.js';
import { WaitFailedError } from './plan-errors.js';
import type { ProgressSink } from './progress.js';
import { formatSeconds, readinessReport } from './readiness-report.js';

/** A container `up --wait` waits for. */
export interface AwaitedContainer {
  name: string;
  /**
   * Exiting with status 0 counts as ready: a one-shot job others wait on with
   * service_completed_successfully, or any container when the caller accepts completed ones.
   */
  mayExit: boolean;
}

/** How `up --wait` waits. */
export interface WaitForServicesOptions {
  backend: Backend;
  progress: ProgressSink;
  /** Give up after this long; no limit when undefined. */
  timeoutSeconds?: number;
  pollIntervalMs?: number;
  signal?: AbortSignal;
}

/**
 * `up --wait`: every container running, and healthy when it has a health check
 * (`Container demo-web-1  Waiting` → `Healthy`/`Running`). Fails on the first container that exits
 * (unless it may), turns unhealthy, or is not ready in time. The first failure ends the other waits:
 * one that would go on polling a container stuck in `starting` would keep the caller from ending.
 */
export async function waitForServices(containers: readonly AwaitedContainer[], options: WaitForServicesOptions): Promise<void> {
  const deadline = options.timeoutSeconds === undefined ? undefined : Date.now() + options.timeoutSeconds * 1000;
  const interval = options.pollIntervalMs ?? 250;
  const firstFailure = new FirstFailure(options.signal);
  const signal = firstFailure.signal;
  await Promise.all(
    containers.map(async ({ name, mayExit }) => {
      options.progress({ resource: 'Container', name, status: 'working', text: 'Waiting' });
      try {
        const text = await waitOne(options.backend, name, mayExit, deadline, interval, { ...options, signal });
        options.progress({ resource: 'Container', name, status: 'done', text });
      } catch (error) {
        // A wait ended by another's failure has nothing of its own to report.
        if (firstFailure.failed) return;
        firstFailure.fail();
        const message = error instanceof Error ? error.message : String(error);
        options.progress({ resource: 'Container', name, status: 'error', text: 'Error', detail: message.split('\n')[0] ?? message });
        throw error;
      }
    }),
  );
}

async function waitOne(
  backend: Backend,
  name: string,
  mayExit: boolean,
  deadline: number | undefined,
  interval: number,
  options: WaitForServicesOptions & { signal: AbortSignal },
): Promise<string> {
  const started = Date.now();
  const fail = async (details: ContainerDetails, headline: string): Promise<never> => {
    throw new WaitFailedError(name, headline, await readinessReport(backend, name, details));
  };
  for (;;) {
    const details = await backend.inspectContainer(name);
    if (details === undefined) throw new WaitFailedError(name, 'does not exist');
    if (details.running) {
      if (details.health === undefined) return 'Running';
      if (details.health === 'healthy') return 'Healthy';
      if (details.health === 'unhealthy') return fail(details, `is unhealthy after ${formatSeconds(Date.now() - started)}`);
    } else if (details.state !== 'restarting' && details.state !== 'created') {
      if (mayExit && details.exitCode === 0) return 'Exited';
      return fail(details, `exited with code ${details.exitCode} after ${formatSeconds(Date.now() - started)}`);
    }
    if (deadline !== undefined && Date.now() >= deadline) {
      const within = formatSeconds((options.timeoutSeconds ?? 0) * 1000);
      return fail(details, details.health === undefined ? `is not running after ${within}` : `did not become healthy within ${within}`);
    }
    await sleep(interval, undefined, { signal: options.signal });
  }
}
