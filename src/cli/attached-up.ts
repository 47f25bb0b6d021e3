import type { FailedContainer } from '../api/failed-containers.js';
import type { Stack } from '../api/stack.js';
import type { UpOptions } from '../api/up.js';
import { serviceGraph } from '../api/service-graph.js';
import { NoSuchServiceError } from '../plan/plan-errors.js';
import type { CommandContext, GlobalFlags } from './global-options.js';
import { withProgress } from './project-command.js';

/** How attached `up` follows and ends (docker compose's flags of the same names). */
export interface AttachChoices {
  /** `--attach`: only these services' output; all attached when absent. */
  attach?: string[];
  /** `--no-attach`: not these. */
  noAttach?: string[];
  attachDependencies?: boolean;
  abortOnContainerExit?: boolean;
  abortOnContainerFailure?: boolean;
  /** Its container's exit code becomes berth's; implies abortOnContainerExit. */
  exitCodeFrom?: string;
  color: boolean;
  prefix: boolean;
  timestamps?: boolean;
  /**
   * CI mode: with exitCodeFrom, another service's container that exits 0 (a one-shot job) does not
   * end the run, and one that fails ends it with its own code; a run that ends with a failure
   * prints the last output of the failed containers whose output was not followed.
   */
  ci?: boolean;
}

/** The exit code of attached up ended by Ctrl+C. */
export const INTERRUPTED = 130;

/**
 * Attached `up`, once the project is up: prints the attached containers' output with aligned
 * prefixes (standard error to standard error) and their exits, until they have all stopped. The
 * first Ctrl+C stops the services named on the command line (all when none), leaving the
 * dependencies they pulled in running, and ends with 130; a second one kills them. With
 * --abort-on-container-exit (or --exit-code-from), the first exit stops every service in scope.
 */
export async function followAttached(
  stack: Stack,
  upOptions: UpOptions,
  choices: AttachChoices,
  since: number,
  globals: GlobalFlags,
  context: CommandContext,
): Promise<void> {
  const { logLineFormatter } = await import('./format/log-lines.js');
  const named = upOptions.services ?? [];
  const inScope = named.length === 0 ? Object.keys(stack.project.model.services) : serviceGraph(stack.project.model).withDependencies(named);
  for (const service of [choices.exitCodeFrom, ...(choices.attach ?? []), ...(choices.noAttach ?? [])]) {
    if (service !== undefined && !Object.hasOwn(stack.project.model.services, service)) {
      throw new NoSuchServiceError(service, Object.keys(stack.project.model.services));
    }
  }
  const attached = attachedServices(stack, named, choices);
  const ending = new AbortController();
  const onInterrupt = (): void => ending.abort();
  context.signal?.addEventListener('abort', onInterrupt, { once: true });
  try {
    const followed = await stack.follow({ services: attached, since, ...(choices.timestamps === true ? { timestamps: true } : {}), signal: ending.signal });
    if (followed.sources.length > 0) context.stdout(`Attaching to ${followed.sources.map((source) => source.label).join(', ')}\n`);
    const format = logLineFormatter(followed.sources, { color: choices.color, prefix: choices.prefix });
    let abortedBy: { service: string; exitCode: number } | undefined;
    for await (const event of followed.events) {
      if (event.kind === 'line') {
        if (event.line.stream === 'stderr') context.stderr(format(event.line));
        else context.stdout(format(event.line));
        continue;
      }
      if (event.kind === 'restarted') continue;
      context.stdout(`${event.source.label} exited with code ${event.exitCode}${event.restarting ? ' (restarting)' : ''}\n`);
      if (choices.exitCodeFrom === event.source.service) context.setExitCode?.(event.exitCode);
      if (endsRun(choices, event.source.service, event.exitCode)) {
        abortedBy = { service: event.source.service, exitCode: event.exitCode };
        break;
      }
    }
    if (context.signal?.aborted === true) {
      await stopOnInterrupt(stack, named.length === 0 ? inScope : named, globals, context);
      context.setExitCode?.(INTERRUPTED);
      return;
    }
    if (abortedBy !== undefined) {
      // Read before the stop, which ends the others with codes of its own making.
      const failed = choices.ci === true && abortedBy.exitCode !== 0 ? await notShownFailures(stack, inScope, attached) : [];
      context.stdout('Aborting on container exit...\n');
      await withProgress(globals, context, 'Stopping', (onProgress) => stack.stop(inScope, { onProgress }));
      if (choices.exitCodeFrom === undefined || choices.ci === true) context.setExitCode?.(abortedBy.exitCode);
      else if (abortedBy.service !== choices.exitCodeFrom) context.setExitCode?.((await stack.exitCode(choices.exitCodeFrom).catch(() => undefined)) ?? 0);
      if (failed.length > 0) {
        const { failureLogText } = await import('./failure-report.js');
        context.stderr(failureLogText(failed));
      }
    }
  } finally {
    context.signal?.removeEventListener('abort', onInterrupt);
  }
}

/**
 * Whether a container's exit ends attached up: any exit with --abort-on-container-exit or
 * --exit-code-from, a failure with --abort-on-container-failure. In CI mode --exit-code-from names
 * the container whose end is the run's end, so another service's exit 0 (a migration, a seeder
 * done) goes on, where docker compose stops everything and the tests never run; a failure still
 * ends it. --abort-on-container-exit alone keeps its meaning there: it asks for any exit.
 */
export function endsRun(choices: Omit<AttachChoices, 'color' | 'prefix'>, service: string, exitCode: number): boolean {
  if (choices.exitCodeFrom !== undefined && choices.ci === true) return service === choices.exitCodeFrom || exitCode !== 0;
  if (choices.abortOnContainerExit === true || choices.exitCodeFrom !== undefined) return true;
  return choices.abortOnContainerFailure === true && exitCode !== 0;
}

/** The failed containers of the services in scope whose output attached up did not show. */
async function notShownFailures(stack: Stack, inScope: readonly string[], attached: readonly string[]): Promise<FailedContainer[]> {
  const shown = new Set(attached);
  const failed = await stack.failedContainers(inScope).catch((): FailedContainer[] => []);
  return failed.filter((entry) => !shown.has(entry.service));
}

/** The services whose output is shown: --attach, else those named (with their dependencies on request), else all; less --no-attach. */
export function attachedServices(stack: Stack, named: readonly string[], choices: AttachChoices): string[] {
  let services: string[];
  if (choices.attach !== undefined && choices.attach.length > 0) services = [...choices.attach];
  else if (named.length === 0) services = Object.keys(stack.project.model.services);
  else services = choices.attachDependencies === true ? serviceGraph(stack.project.model).withDependencies(named) : [...named];
  const left = new Set(choices.noAttach ?? []);
  return services.filter((service) => !left.has(service));
}

/** The first Ctrl+C: stop gracefully; a second one, claimed here, kills instead of waiting. */
export async function stopOnInterrupt(stack: Stack, services: readonly string[], globals: GlobalFlags, context: CommandContext): Promise<void> {
  context.stderr('Gracefully stopping... (press Ctrl+C again to force)\n');
  const force = context.claimForce?.();
  await withProgress(globals, context, 'Stopping', async (onProgress) => {
    const stopping = stack.stop(services, { onProgress });
    if (force === undefined) {
      await stopping;
      return;
    }
    const killed = new Promise<void>((resolve, reject) => {
      force.addEventListener('abort', () => void stack.stop(services, { timeoutSeconds: 0, onProgress }).then(() => resolve(), reject), { once: true });
    });
    await Promise.race([stopping, killed]);
  });
}
