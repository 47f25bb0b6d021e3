import { setTimeout as sleep } from 'node:timers/promises';
import { DependencyFailedError } from '../plan-errors.js';
import type { WaitForDependencyAction } from '../plan.js';
import type { StepContext } from './step-context.js';

/**
 * Waits for every container of a dependency: `Container demo-db-1  Waiting` → `Healthy` (or
 * `Exited` for service_completed_successfully). A dependency that fails is a DependencyFailedError,
 * or only a warning when no dependent requires it.
 */
export async function waitForDependencyStep(context: StepContext, action: WaitForDependencyAction): Promise<void> {
  await Promise.all(
    action.containers.map(async (name) => {
      context.progress({ resource: 'Container', name, status: 'working', text: 'Waiting' });
      try {
        if (action.condition === 'service_healthy') {
          await waitHealthy(context, name, action.service);
          context.progress({ resource: 'Container', name, status: 'done', text: 'Healthy' });
        } else {
          await waitCompleted(context, name);
          context.progress({ resource: 'Container', name, status: 'done', text: 'Exited' });
        }
      } catch (error) {
        const detail = error instanceof Error ? error.message : String(error);
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

/** Polls the container's health until it is healthy; unhealthy, stopped or without a check fails. */
export async function waitHealthy(context: StepContext, name: string, service: string): Promise<void> {
  for (;;) {
    const details = await context.backend.inspectContainer(name);
    if (details === undefined) throw new DependencyFailedError(name, 'does not exist');
    if (details.health === undefined) {
      throw new DependencyFailedError(name, 'has no healthcheck', {
        hint: `give service "${service}" a healthcheck, or depend on it with condition: service_started`,
      });
    }
    if (details.health === 'healthy') return;
    if (details.health === 'unhealthy') throw new DependencyFailedError(name, 'is unhealthy');
    if (!details.running && details.state !== 'restarting') {
      throw new DependencyFailedError(name, `exited with code ${details.exitCode} before becoming healthy`);
    }
    await sleep(context.pollIntervalMs, undefined, context.signal === undefined ? undefined : { signal: context.signal });
  }
}

/** Waits for the container to exit, and requires exit code 0. */
async function waitCompleted(context: StepContext, name: string): Promise<void> {
  const code = await context.backend.waitContainer(name);
  if (code !== 0) throw new DependencyFailedError(name, `did not complete successfully: exit code ${code}`);
}
