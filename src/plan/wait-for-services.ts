import { setTimeout as sleep } from 'node:timers/promises';
import type { Backend } from '../engine/backend.js';
import { WaitFailedError } from './plan-errors.js';
import type { ProgressSink } from './progress.js';

/** A container `up --wait` waits for. */
export interface AwaitedContainer {
  name: string;
  /** Exiting with status 0 counts as ready: a one-shot job others wait on with service_completed_successfully. */
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
 * (unless it may), turns unhealthy, or is not ready in time.
 */
export async function waitForServices(containers: readonly AwaitedContainer[], options: WaitForServicesOptions): Promise<void> {
  const deadline = options.timeoutSeconds === undefined ? undefined : Date.now() + options.timeoutSeconds * 1000;
  const interval = options.pollIntervalMs ?? 250;
  await Promise.all(
    containers.map(async ({ name, mayExit }) => {
      options.progress({ resource: 'Container', name, status: 'working', text: 'Waiting' });
      try {
        const text = await waitOne(options.backend, name, mayExit, deadline, interval, options);
        options.progress({ resource: 'Container', name, status: 'done', text });
      } catch (error) {
        options.progress({ resource: 'Container', name, status: 'error', text: 'Error', detail: error instanceof Error ? error.message : String(error) });
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
  options: WaitForServicesOptions,
): Promise<string> {
  for (;;) {
    const details = await backend.inspectContainer(name);
    if (details === undefined) throw new WaitFailedError(name, 'does not exist');
    if (details.running) {
      if (details.health === undefined) return 'Running';
      if (details.health === 'healthy') return 'Healthy';
      if (details.health === 'unhealthy') throw new WaitFailedError(name, 'is unhealthy');
    } else if (details.state !== 'restarting' && details.state !== 'created') {
      if (mayExit && details.exitCode === 0) return 'Exited';
      throw new WaitFailedError(name, `exited with code ${details.exitCode}`);
    }
    if (deadline !== undefined && Date.now() >= deadline) {
      throw new WaitFailedError(name, `is not ${details.health === undefined ? 'running' : 'healthy'} after ${options.timeoutSeconds ?? 0}s`);
    }
    await sleep(interval, undefined, options.signal === undefined ? undefined : { signal: options.signal });
  }
}
