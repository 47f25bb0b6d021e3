import type { Backend, ContainerSummary, EngineEvent } from '../engine/backend.js';
import { oneOffFilter, projectLabelFilter } from '../engine/labels.js';
import { serviceOf } from '../plan/container-facts.js';
import { compareText } from '../plan/compare-text.js';
import { logSource, type LogLine, type LogSource } from './logs.js';
import { listProjectContainers } from './project-containers.js';

/** What `followProject` reports, in the order it happens. */
export type FollowEvent =
  | { kind: 'line'; line: LogLine }
  /** A container's main process ended; `restarting` when the engine is about to start it again. */
  | { kind: 'exited'; source: LogSource; exitCode: number; restarting: boolean }
  /** A container that had exited was started again (its restart policy, or someone's `start`); its output follows again. */
  | { kind: 'restarted'; source: LogSource };

export interface FollowOptions {
  /** The services whose containers are followed; all of the project's when absent. */
  services?: readonly string[];
  /** Output from this moment on (Unix seconds, fractions allowed); everything when absent. */
  since?: number;
  /** Lines begin with the engine's RFC 3339 timestamp. */
  timestamps?: boolean;
  /** Ends the following at once (the containers go on). */
  signal?: AbortSignal;
}

/** The containers followed, known before any output arrives (to align prefixes), and what happens to them. */
export interface FollowedProject {
  sources: LogSource[];
  events: AsyncIterable<FollowEvent>;
}

/**
 * Follows the output of a project's service containers (one-off containers are never followed) the
 * way attached `up` shows it: each container's lines as they come, stdout and stderr apart; its exit
 * with the exit code; its output again when it is started again, from the moment of that start.
 * Ends when every container followed has stopped and none is restarting, or when `signal` aborts.
 */
export async function followProject(backend: Backend, projectName: string, options: FollowOptions = {}): Promise<FollowedProject> {
  const stop = new AbortController();
  const onAbort = (): void => stop.abort();
  options.signal?.addEventListener('abort', onAbort, { once: true });
  // Subscribed before the containers are listed, so that no start between the two goes unseen.
  const engineEvents = backend.events([...projectLabelFilter(projectName), ...oneOffFilter(false)], stop.signal);
  const wanted = options.services === undefined ? undefined : new Set(options.services);
  const containers = (await listProjectContainers(backend, projectName, { all: true })).filter((container) => {
    const service = serviceOf(container);
    return service !== undefined && (wanted === undefined || wanted.has(service));
  });
  containers.sort((a, b) => compareText(a.name, b.name));
  const sources = containers.map((container) => logSource(container, projectName));
  const follower = new ProjectFollower(backend, options, stop);
  const events = follower.run(containers, sources, engineEvents, () => options.signal?.removeEventListener('abort', onAbort));
  return { sources, events };
}

/** Where one followed container stands. */
interface Watch {
  id: string;
  source: LogSource;
  /** Its output is being read now. */
  streaming: boolean;
  /** It has stopped, and the engine does not mean to start it again. */
  stopped: boolean;
  /** It was seen running while followed: its exits are the engine's `die` events to report. */
  watched: boolean;
  /** When it last stopped (Unix seconds): its output after a restart is read from then on, since a process can print before the engine reports its start. */
  stoppedAt: number | undefined;
  /** An exit seen and not yet reported (see EXIT_REPORT_DELAY_MS). */
  pendingExit: { exitCode: number; timer: NodeJS.Timeout } | undefined;
  /** Its output ended and it had stopped, but no `die` event has come yet (see DIE_EVENT_GRACE_MS). */
  dieGrace: NodeJS.Timeout | undefined;
}

/**
 * How long after a `die` event its exit is reported: the last lines of output, read on another
 * connection, arrive a moment after the event, and belong before the exit.
 */
const EXIT_REPORT_DELAY_MS = 150;

/**
 * How long a container that was seen running, and whose output has ended because it stopped, may
 * go without its `die` event before its state reports the exit. The event comes unless the container
 * died between the listing and the moment the engine subscribed berth to its events (the engine
 * answers the subscription before it subscribes): without this, berth would wait for it forever.
 */
const DIE_EVENT_GRACE_MS = 1000;

/** A queue of events that the producers (log readers, the engine's event stream) push and `run` yields. */
class ProjectFollower {
  private readonly queue: FollowEvent[] = [];
  private readonly watches = new Map<string, Watch>();
  private wake: (() => void) | undefined;
  private failure: unknown;

  constructor(
    private readonly backend: Backend,
    private readonly options: FollowOptions,
    private readonly stop: AbortController,
  ) {
    stop.signal.addEventListener('abort', () => this.wake?.(), { once: true });
  }

  async *run(containers: ContainerSummary[], sources: LogSource[], engineEvents: AsyncIterable<EngineEvent>, cleanup: () => void): AsyncGenerator<FollowEvent> {
    containers.forEach((container, index) => {
      const source = sources[index];
      const watched = container.state === 'running' || container.state === 'restarting' || container.state === 'paused';
      if (source !== undefined) {
        this.watches.set(container.id, { id: container.id, source, streaming: false, stopped: false, watched, stoppedAt: undefined, pendingExit: undefined, dieGrace: undefined });
      }
    });
    try {
      if (this.watches.size === 0) return;
      void this.followEvents(engineEvents);
      for (const watch of this.watches.values()) this.stream(watch, this.options.since);
      while (!this.stop.signal.aborted) {
        const next = this.queue.shift();
        if (next !== undefined) {
          yield next;
          continue;
        }
        if (this.failure !== undefined) throw this.failure;
        if (this.allStopped()) return;
        await new Promise<void>((resolve) => (this.wake = resolve));
        this.wake = undefined;
      }
    } finally {
      this.stop.abort();
      for (const watch of this.watches.values()) {
        clearTimeout(watch.pendingExit?.timer);
        clearTimeout(watch.dieGrace);
      }
      cleanup();
    }
  }

  private allStopped(): boolean {
    return [...this.watches.values()].every((watch) => watch.stopped && !watch.streaming);
  }

  private push(event: FollowEvent): void {
    this.queue.push(event);
    this.wake?.();
  }

  private fail(error: unknown): void {
    if (this.stop.signal.aborted) return;
    this.failure ??= error;
    this.wake?.();
  }

  /**
   * Reads a container's output (the engine's follow goes on across restarts) until it ends; then
   * reads on if the container runs again, and reports the exit of one that was never seen running.
   */
  private stream(watch: Watch, since: number | undefined): void {
    watch.streaming = true;
    void (async () => {
      const partial = { stdout: '', stderr: '' };
      for await (const chunk of this.backend.logs(watch.id, {
        follow: true,
        ...(since === undefined ? {} : { since: since.toFixed(9) }),
        ...(this.options.timestamps === true ? { timestamps: true } : {}),
        signal: this.stop.signal,
      })) {
        const pieces = (partial[chunk.stream] + chunk.text).split('\n');
        partial[chunk.stream] = pieces.pop() ?? '';
        for (const text of pieces) this.push({ kind: 'line', line: { source: watch.source, stream: chunk.stream, text: text.replace(/\r$/, '') } });
      }
      for (const stream of ['stdout', 'stderr'] as const) {
        if (partial[stream] !== '') this.push({ kind: 'line', line: { source: watch.source, stream, text: partial[stream] } });
      }
      if (this.stop.signal.aborted) return;
      const details = await this.backend.inspectContainer(watch.id);
      watch.streaming = false;
      if (details?.running === true) {
        watch.watched = true;
        this.stream(watch, watch.stoppedAt ?? Date.now() / 1000);
        return;
      }
      if (!watch.watched) {
        // Stopped before it was followed: no die event is coming to report it.
        watch.stopped = details?.state !== 'restarting';
        if (details !== undefined) this.push({ kind: 'exited', source: watch.source, exitCode: details.exitCode, restarting: !watch.stopped });
      } else if (!watch.stopped && watch.pendingExit === undefined && details?.state !== 'restarting') {
        this.awaitDieEvent(watch, details?.exitCode);
      }
      this.wake?.();
    })().catch((error: unknown) => this.fail(error));
  }

  /** Exits from `die` events (one each, restarts included); output again after a start the follow missed. */
  private async followEvents(engineEvents: AsyncIterable<EngineEvent>): Promise<void> {
    try {
      for await (const event of engineEvents) {
        if (event.type !== 'container') continue;
        const watch = this.watches.get(event.id);
        if (watch === undefined) continue;
        if (event.action === 'die') {
          clearTimeout(watch.dieGrace);
          watch.dieGrace = undefined;
          // Its exit was told from its state already (see DIE_EVENT_GRACE_MS): no second report.
          if (watch.stopped) continue;
          watch.watched = true;
          watch.stoppedAt = event.timeNano / 1e9;
          const exitCode = Number(event.attributes.exitCode ?? '0');
          const timer = setTimeout(() => void this.reportExit(watch).catch((error: unknown) => this.fail(error)), EXIT_REPORT_DELAY_MS);
          watch.pendingExit = { exitCode, timer };
        } else if (event.action === 'start') {
          watch.watched = true;
          watch.stopped = false;
          // Started again before its exit was reported: that exit was one the engine restarted.
          const pending = watch.pendingExit;
          if (pending !== undefined) {
            clearTimeout(pending.timer);
            watch.pendingExit = undefined;
            this.push({ kind: 'exited', source: watch.source, exitCode: pending.exitCode, restarting: true });
          }
          if (watch.stoppedAt !== undefined) this.push({ kind: 'restarted', source: watch.source });
          if (!watch.streaming) this.stream(watch, watch.stoppedAt ?? event.timeNano / 1e9);
        }
      }
    } catch (error) {
      this.fail(error);
    }
  }

  /** Gives the die event DIE_EVENT_GRACE_MS to come; then reports the exit as the container's state read it. */
  private awaitDieEvent(watch: Watch, exitCode: number | undefined): void {
    clearTimeout(watch.dieGrace);
    watch.dieGrace = setTimeout(() => {
      watch.dieGrace = undefined;
      if (watch.stopped || watch.streaming || watch.pendingExit !== undefined) return;
      watch.stopped = true;
      if (exitCode !== undefined) this.push({ kind: 'exited', source: watch.source, exitCode, restarting: false });
      this.wake?.();
    }, DIE_EVENT_GRACE_MS);
  }

  /** The engine has decided by now whether it restarts the container: its state says which. */
  private async reportExit(watch: Watch): Promise<void> {
    if (this.stop.signal.aborted) return;
    const details = await this.backend.inspectContainer(watch.id);
    const pending = watch.pendingExit;
    // A start in the meantime has reported it already.
    if (pending === undefined) return;
    watch.pendingExit = undefined;
    const restarting = details !== undefined && (details.running || details.state === 'restarting');
    watch.stopped = !restarting;
    this.push({ kind: 'exited', source: watch.source, exitCode: pending.exitCode, restarting });
  }
}
