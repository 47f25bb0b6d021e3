// The service containers that failed, with their last lines of output: what CI mode prints when
// `up` fails, so that the log of a CI run says why without another command.

import type { Backend, ContainerDetails } from '../engine/backend.js';
import { serviceOf } from '../plan/container-facts.js';
import { compareText } from '../plan/compare-text.js';
import { ReadinessError } from '../plan/plan-errors.js';
import { lastLogLines } from '../plan/readiness-report.js';
import { serviceScope } from '../plan/service-scope.js';
import { listProjectContainers } from './project-containers.js';
import { openProject, type ProjectOptions } from './project-context.js';

/** Lines of output read per failed container unless asked otherwise. */
export const FAILURE_LOG_LINES = 50;

/** A service container that failed, with its last lines of output. */
export interface FailedContainer {
  service: string;
  container: string;
  /**
   * Why it is here: `exited with code 1`, `unhealthy`, `restarting after exit code 1`, `dead`; for
   * the container a failed wait named, its state, whatever it is (`running, health: starting`).
   */
  reason: string;
  /** Its last lines of output, stdout and stderr together, oldest first. */
  lines: string[];
}

/** Which failed containers, and how much of their output. */
export interface FailedContainersOptions {
  /** The error the failing verb threw: the container a failed wait names is included whatever its state. */
  error?: unknown;
  /** Lines of output per container (default FAILURE_LOG_LINES). */
  lines?: number;
}

/**
 * The failed containers of the services `up` acted on (those named and, unless noDeps, what they
 * depend on; all when none are named), for the caller of an `up` that threw and so returned no
 * Stack: the project is opened again from the same options. A container counts as failed when it
 * has exited with a code other than 0, is dead, restarts after such an exit, or is unhealthy; one
 * that exited with 0 (a finished one-shot job) does not. The container the error names comes last.
 */
export async function failedContainers(options: ProjectOptions & FailedContainersOptions & { noDeps?: boolean }): Promise<FailedContainer[]> {
  const { project, backend } = await openProject({ ...options, onWarning: () => undefined });
  const scope = serviceScope(project.model, { services: options.services ?? [], ...(options.noDeps === true ? { noDeps: true } : {}) });
  return findFailedContainers(backend, project.name, scope.services, options);
}

/** The failed containers of a project's services (all when `services` is absent), as failedContainers describes them. */
export async function findFailedContainers(
  backend: Backend,
  projectName: string,
  services: readonly string[] | undefined,
  options: FailedContainersOptions = {},
): Promise<FailedContainer[]> {
  const named = options.error instanceof ReadinessError ? options.error.container : undefined;
  const containers = await listProjectContainers(backend, projectName, { all: true, ...(services === undefined ? {} : { services }) });
  const found = await Promise.all(
    containers.map(async (container) => {
      const details = await backend.inspectContainer(container.id);
      const service = serviceOf(container);
      if (details === undefined || service === undefined) return undefined;
      const reason = failure(details) ?? (container.name === named ? stateOf(details) : undefined);
      if (reason === undefined) return undefined;
      const lines = await lastLogLines(backend, container.id, options.lines ?? FAILURE_LOG_LINES);
      return { service, container: container.name, reason, lines };
    }),
  );
  const failed = found.filter((entry) => entry !== undefined);
  // The one the error names last, where it sits right above the error.
  return failed.sort((a, b) => Number(a.container === named) - Number(b.container === named) || compareText(a.container, b.container));
}

function failure(details: ContainerDetails): string | undefined {
  if (details.state === 'dead') return 'dead';
  if (details.state === 'restarting') return details.exitCode === 0 ? undefined : `restarting after exit code ${details.exitCode}`;
  if (details.running) return details.health === 'unhealthy' ? 'unhealthy' : undefined;
  if (details.state === 'created') return undefined;
  return details.exitCode === 0 ? undefined : `exited with code ${details.exitCode}`;
}

function stateOf(details: ContainerDetails): string {
  if (details.running) return details.health === undefined ? 'running' : `running, health: ${details.health}`;
  if (details.state === 'exited') return `exited with code ${details.exitCode}`;
  return details.state;
}
