import { BerthError } from '../errors.js';
import type { ContainerSummary } from '../engine/backend.js';
import { serviceOf } from '../plan/container-facts.js';
import { downProject, type DownResult } from './down.js';
import { DryRunBackend } from './dry-run-backend.js';
import { openProject, type ProjectContext, type ProjectOptions } from './project-context.js';
import { firstOfEachService, runningContainers } from './running-containers.js';
import { servicesInScope } from './service-graph.js';

/** `wait SERVICE...`: the services are `services` (all when absent). */
export interface WaitOptions extends ProjectOptions {
  /** Once the first container stops, take the project down (removing orphans too), as `down` would. */
  downProject?: boolean;
  /** Told about each container as it stops, in the order they stop. */
  onExit?: (exit: ContainerExit) => void;
}

/** A container that stopped, and how. */
export interface ContainerExit {
  id: string;
  name: string;
  service: string;
  exitCode: number;
}

/** What `wait` saw. */
export interface WaitResult {
  /** The containers awaited, by name, in the order of the services. */
  awaited: string[];
  /** Those that stopped while berth waited, in the order they stopped. */
  exits: ContainerExit[];
  /** The exit code of the first container to stop: what `berth wait` exits with. 0 in a dry run. */
  exitCode: number;
  /** With `downProject`, what down removed. */
  down?: DownResult;
}

/**
 * Blocks until the first container of each service stops and returns their exit codes. With
 * `downProject`, the project is taken down as soon as the first of them stops; the others are
 * then not waited for (down stops them).
 *
 * In a dry run nothing is awaited: nothing would stop, since nothing is changed.
 */
export async function wait(options: WaitOptions = {}): Promise<WaitResult> {
  const context = await openProject(options);
  const services = servicesInScope(context.project.model, options.services);
  const awaited = firstOfEachService(await runningContainers(context, { services: options.services }), services);
  if (awaited.length === 0) throw new BerthError('not-running', `no containers for project "${context.project.name}"`);
  const names = awaited.map((container) => container.name);
  if (context.backend instanceof DryRunBackend) {
    const down = options.downProject === true ? await takeDown(context, options) : undefined;
    return { awaited: names, exits: [], exitCode: 0, ...(down === undefined ? {} : { down }) };
  }

  const exits: ContainerExit[] = [];
  let listening = true;
  const record = (exit: ContainerExit): void => {
    if (!listening) return;
    exits.push(exit);
    options.onExit?.(exit);
  };
  const waits = awaited.map(async (container) => record(await exitOf(context, container, options.signal)));
  // A failure is thrown by Promise.all or race below; the waits still running after it are let go.
  for (const pending of waits) pending.catch(() => undefined);
  if (options.downProject !== true) {
    await Promise.all(waits);
    return { awaited: names, exits, exitCode: exits[0]?.exitCode ?? 0 };
  }
  await Promise.race(waits);
  // Down stops the containers still awaited: how they end is down's doing, not news.
  listening = false;
  const first = exits[0];
  const down = await takeDown(context, options);
  return { awaited: names, exits, exitCode: first?.exitCode ?? 0, down };
}

/** Waits for a container to stop; an abort ends the waiting, and the engine call with it. */
async function exitOf(context: ProjectContext, container: ContainerSummary, signal: AbortSignal | undefined): Promise<ContainerExit> {
  const stopped = context.backend.waitContainer(container.id, signal);
  const exitCode = signal === undefined ? await stopped : await untilAborted(stopped, signal);
  return { id: container.id, name: container.name, service: serviceOf(container) ?? '', exitCode };
}

function untilAborted<T>(work: Promise<T>, signal: AbortSignal): Promise<T> {
  signal.throwIfAborted();
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(signal.reason instanceof Error ? signal.reason : new Error('aborted'));
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

function takeDown(context: ProjectContext, options: WaitOptions): Promise<DownResult> {
  return downProject(
    { ...context, fromFiles: true },
    {
      removeOrphans: true,
      ...(options.signal === undefined ? {} : { signal: options.signal }),
      ...(options.onWarning === undefined ? {} : { onWarning: options.onWarning }),
    },
  );
}
