import { setTimeout as sleep } from 'node:timers/promises';
import type { ContainerDetails } from '../../engine/backend.js';
import { DependencyFailedError } from '../plan-errors.js';
import type { WaitForDependencyAction } from '../plan.js';
import { formatSeconds, readinessReport, serviceWaitTimeout } from '../readiness-report.js';
import type { StepContext } from './step-context.js';

/**
 * Waits for every container of a dependency: `Container demo-db-1  Waiting` → `Healthy` (or
 * `Exited` for service_completed_successfully). A dependency that fails is a DependencyFailedError,
 * or only a warning when no dependent requires it. The dependency's `x-berth: { wait-timeout }`
 * bounds the wait. The error's message says how long it waited, with the container's last health
 * probes and output under it; progress shows its first line.
 */
export async function waitForDependencyStep(context: StepContext, action: WaitForDependencyAction): Promise<void> {
  const timeoutSeconds = serviceWaitTimeout(context.project.model.services[action.service]);
  await Promise.all(
    action.containers.map(async (name) => {
      context.progress({ resource: 'Container', name, status: 'working', text: 'Waiting' });
      try {
        if (action.condition === 'service_healthy') {
          await waitHealthy(context, name, action.service, timeoutSeconds);
          context.progress({ resource: 'Container', name, status: 'done', text: 'Healthy' });
        } else {
          await waitCompleted(context, name, timeoutSeconds);
          context.progress({ resource: 'Container', name, status: 'done', text: 'Exited' });
        }
      } catch (error) {
        if (context.waitSignal.aborted) {
          // Another step failed, or the caller gave up: that is the run's error, not this wait's.
          context.progress({ resource: 'Container', name, status: 'warning', text: 'Canceled', detail: 'stopped waiting' });
          throw error;
        }
        const detail = (error instanceof Error ? error.message : String(error)).split('\n')[0] ?? '';
        if (!action.required) {
          context.progress({ resource: 'Container', name, status: 'warning', text: 'Error', detail: `${detail} (not required: going on)` });
          return;
        }
        context.progress({ resource: 'Container', name, status: 'error', text: 'Error', detail });
        throw error;
      }
    }),
  );
}

/**
 * Polls the container's health until it is healthy; unhealthy, stopped, without a check or (with
 * `timeoutSeconds`) not healthy in time fails.
 */
export async function waitHealthy(context: StepContext, name: string, service: string, timeoutSeconds?: number): Promise<void> {
  const started = Date.now();
  const deadline = timeoutSeconds === undefined ? undefined : started + timeoutSeconds * 1000;
  const fail = async (details: ContainerDetails | undefined, detail: string): Promise<never> => {
    const report = await readinessReport(context.backend, name, details);
    throw new DependencyFailedError(name, `${detail} after ${formatSeconds(Date.now() - started)}`, { report });
  };
  for (;;) {
    const details = await context.backend.inspectContainer(name);
    if (details === undefined) throw new DependencyFailedError(name, 'does not exist');
    if (details.health === undefined) {
      throw new DependencyFailedError(name, 'has no healthcheck', {
        hint: `give service "${service}" a healthcheck, or depend on it with condition: service_started`,
      });
    }
    if (details.health === 'healthy') return;
    if (details.health === 'unhealthy') return fail(details, 'is unhealthy');
    if (!details.running && details.state !== 'restarting') {
      return fail(details, `exited with code ${details.exitCode} before becoming healthy`);
    }
    if (deadline !== undefined && Date.now() >= deadline) {
      const report = await readinessReport(context.backend, name, details);
      throw new DependencyFailedError(name, `did not become healthy within ${formatSeconds((timeoutSeconds ?? 0) * 1000)}`, { report });
    }
    await sleep(context.pollIntervalMs, undefined, { signal: context.waitSignal });
  }
}

/** Waits for the container to exit, and requires exit code 0 (within `timeoutSeconds` when given). */
async function waitCompleted(context: StepContext, name: string, timeoutSeconds: number | undefined): Promise<void> {
  const started = Date.now();
  const timeout = timeoutSeconds === undefined ? undefined : AbortSignal.timeout(Math.max(1, Math.round(timeoutSeconds * 1000)));
  let code: number;
  try {
    code = await context.backend.waitContainer(name, timeout === undefined ? context.waitSignal : AbortSignal.any([timeout, context.waitSignal]));
  } catch (error) {
    if (timeout?.aborted !== true) throw error;
    const report = await readinessReport(context.backend, name, await context.backend.inspectContainer(name));
    throw new DependencyFailedError(name, `did not complete within ${formatSeconds((timeoutSeconds ?? 0) * 1000)}`, { report });
  }
  if (code !== 0) {
    const report = await readinessReport(context.backend, name, await context.backend.inspectContainer(name));
    throw new DependencyFailedError(name, `did not complete successfully: exit code ${code} after ${formatSeconds(Date.now() - started)}`, { report });
  }
}
