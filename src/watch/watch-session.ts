// The watch loop: file events → the rules they trigger → a batch per service → one action per
// service and batch (sync, restart, exec, rebuild), each reported on one line. Alongside it, the
// engine's events: a container that starts gets what could not be delivered while it was not
// running (and, when it is new and its rules say initial_sync, the initial sync). Edits to the
// compose files or their environment files reconcile the project as `up` would, and the rules
// are read again.

import path from 'node:path';
import type { LoadedProject } from '../config/load.js';
import type { Backend, ContainerSummary, EngineEvent } from '../engine/backend.js';
import { ONE_OFF_LABEL, ONE_OFF_TRUE, SERVICE_LABEL, oneOffFilter, projectLabelFilter, serviceLabelFilter } from '../engine/labels.js';
import type { ServiceHook } from '../model/index.js';
import { isRunning } from '../plan/container-facts.js';
import type { ProgressSink } from '../plan/progress.js';
import { ChangeBatch } from './change-batch.js';
import { ContainerSync, type Delivery } from './container-sync.js';
import { FileWatcher, type FileEvent, type FileWatcherOptions, type WatchedRoot } from './file-watcher.js';
import { outOfDate } from './initial-sync.js';
import { rebuild, type Reconcile } from './rebuild.js';
import { ServiceLanes } from './service-lanes.js';
import { buildIdentity } from './shared-builds.js';
import { entryDigest, readHostEntry, readSyncEntries, type ChildMapper, type HostEntry, type SyncItem } from './sync-archive.js';
import { TriggerRules, loadTriggerRules, syncsFiles, type TriggerMatch, type TriggerRule } from './trigger-rules.js';
import { count, errorText, formatDuration, syncSummary, type ReportSink, type WatchReport } from './watch-report.js';

/** What the watcher needs of the file watcher (tests give it their own). */
export interface FileEventSource {
  readonly watched: WatchedRoot[];
  setPaths(paths: readonly string[], prune?: (directory: string) => boolean): Promise<void>;
  close(): Promise<void>;
}

export interface WatchSessionOptions {
  project: LoadedProject;
  backend: Backend;
  /** The services watched: those named, or every service (those without rules are skipped). */
  services: readonly string[];
  rules: TriggerRules;
  reconcile: Reconcile;
  onReport: ReportSink;
  /** Progress of the builds and reconciles the session runs. */
  onProgress: ProgressSink;
  prune?: boolean;
  /** See FileWatcherOptions.poll. */
  poll?: boolean;
  signal?: AbortSignal;
  /** Makes the file watcher (tests replace it). */
  openWatcher?: (options: FileWatcherOptions) => Promise<FileEventSource>;
}

/**
 * How long a service's batch waits for quiet: a sync is cheap and wanted at once; a restart,
 * exec or build is not, and should not run again for the second half of a save.
 */
const QUIET_MS = { sync: 50, other: 300, project: 300 };

/** The lane and batch key of the project's own files, which no service name can be. */
const PROJECT_KEY = '\u0000project';

/** Waits before trying again a delivery the engine refused, doubling up to the last. */
const RETRY_MS = [2000, 5000, 15000, 30000];

type Change = { kind: 'rule'; match: TriggerMatch } | { kind: 'project'; path: string };

export class WatchSession {
  private project: LoadedProject;
  private rules: TriggerRules;
  private readonly batch: ChangeBatch<Change>;
  private readonly lanes: ServiceLanes;
  private readonly delivery: ContainerSync;
  /** Keys with a task queued that has not started (it takes whatever the batch holds when it does). */
  private readonly queued = new Set<string>();
  /** Per key, the digest of each host path as last acted on. */
  private readonly digests = new Map<string, Map<string, string>>();
  /** Containers seen: a start of one not seen before is a new container (initial_sync). */
  private readonly known = new Set<string>();
  private readonly retries = new Map<string, { timer: NodeJS.Timeout; attempt: number }>();
  private readonly engineEvents = new AbortController();
  private watcher: FileEventSource | undefined;
  private projectFiles = new Set<string>();
  private closed = false;
  private closing: Promise<void> | undefined;
  private readonly ended: Promise<void>;
  private end: () => void = () => undefined;

  private constructor(private readonly options: WatchSessionOptions) {
    this.project = options.project;
    this.rules = options.rules;
    this.batch = new ChangeBatch((key) => this.onBatchReady(key));
    this.lanes = new ServiceLanes((error) => this.report({ kind: 'failed', services: [], text: `watch: ${errorText(error)}`, error }));
    this.delivery = new ContainerSync(options.backend);
    this.ended = new Promise((resolve) => (this.end = resolve));
  }

  /** Starts watching; resolves once the files are watched and the initial syncs are done. */
  static async start(options: WatchSessionOptions): Promise<WatchSession> {
    const session = new WatchSession(options);
    try {
      await session.begin();
    } catch (error) {
      await session.close();
      throw error;
    }
    return session;
  }

  /** Resolves when the session has ended (its signal aborted, or close()). */
  get done(): Promise<void> {
    return this.ended;
  }

  /** The paths watched and how. */
  get watched(): WatchedRoot[] {
    return this.watcher?.watched ?? [];
  }

  /** Resolves once no batch is open and no action runs (for tests and for a clean stop). */
  async settled(): Promise<void> {
    for (;;) {
      await this.lanes.idle();
      if (!this.batch.busy && this.queued.size === 0) return;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  /** Stops watching; an action in progress finishes first, a batch not started yet is dropped. */
  close(): Promise<void> {
    this.closing ??= (async () => {
      this.closed = true;
      this.batch.clear();
      for (const retry of this.retries.values()) clearTimeout(retry.timer);
      this.retries.clear();
      this.engineEvents.abort();
      await this.watcher?.close();
      await this.lanes.idle();
      this.end();
    })();
    return this.closing;
  }

  private async begin(): Promise<void> {
    const { signal } = this.options;
    if (signal?.aborted === true) {
      await this.close();
      return;
    }
    signal?.addEventListener('abort', () => void this.close(), { once: true });
    // Subscribed before the containers are listed, so that no start in between goes unseen.
    void this.followEngine();
    for (const container of await this.options.backend.listContainers(projectLabelFilter(this.project.name), { all: true })) this.known.add(container.id);
    this.projectFiles = projectFiles(this.project);
    // As they are now, so that a save of a compose file that changes nothing reconciles nothing.
    (await this.changedPaths(PROJECT_KEY, this.projectFiles)).commit();
    const open = this.options.openWatcher ?? ((watcherOptions: FileWatcherOptions) => FileWatcher.open(watcherOptions));
    this.watcher = await open({
      paths: this.watchPaths(),
      ...(this.options.poll === undefined ? {} : { poll: this.options.poll }),
      prune: this.pruner(),
      onEvent: (event) => this.onFileEvent(event),
      onError: (error) => this.report({ kind: 'failed', services: [], text: `watch: ${errorText(error)}`, error }),
    });
    if (this.closed) {
      await this.watcher.close();
      return;
    }
    this.reportWatching();
    await Promise.all(this.rules.services.map((service) => this.lanes.run([service], () => this.initialSync(service))));
  }

  private watchPaths(): string[] {
    return [...new Set([...this.rules.roots, ...this.projectFiles])].sort();
  }

  private pruner(): (directory: string) => boolean {
    const rules = this.rules;
    const keep = [...this.projectFiles];
    return (directory) => rules.prunes(directory, keep);
  }

  private reportWatching(): void {
    const roots = this.watcher?.watched ?? [];
    const ruleRoots = new Set(this.rules.roots);
    const groups = new Map<string, WatchedRoot[]>();
    for (const root of roots.filter((candidate) => ruleRoots.has(candidate.path))) {
      const key = `${root.mode}\u0000${root.reason}`;
      groups.set(key, [...(groups.get(key) ?? []), root]);
    }
    const how = [...groups.values()]
      .map((group) => {
        const first = group[0];
        if (first === undefined) return '';
        const what = group.length === 1 ? first.path : count(group.length, 'path');
        return first.mode === 'polling' ? `${what} by polling (${first.reason})` : `${what} with ${first.reason}`;
      })
      .join('; ');
    this.report({ kind: 'watching', services: this.rules.services, text: `watching ${this.rules.services.join(', ')}: ${how}` });
  }

  private report(report: WatchReport): void {
    // Once closing, a failure is most often the stop itself (an aborted build): not worth a line.
    if (this.closed && report.kind === 'failed') return;
    this.options.onReport(report);
  }

  // ---- Events to batches -------------------------------------------------------------------

  private onFileEvent(event: FileEvent): void {
    if (this.closed) return;
    if (this.projectFiles.has(event.path)) {
      this.batch.add(PROJECT_KEY, { kind: 'project', path: event.path }, QUIET_MS.project);
      return;
    }
    for (const match of this.rules.matches(event.path)) {
      this.batch.add(match.trigger.service, { kind: 'rule', match }, match.trigger.rule.action === 'sync' ? QUIET_MS.sync : QUIET_MS.other);
    }
  }

  private onBatchReady(key: string): void {
    if (this.closed || this.queued.has(key)) return;
    if (key === PROJECT_KEY) {
      this.queued.add(key);
      // A reconcile recreates containers: nothing else may run meanwhile.
      void this.lanes.run([PROJECT_KEY, ...this.rules.services], async () => {
        await this.batch.quiet(key);
        this.queued.delete(key);
        const changes = this.batch.take(key);
        if (!this.closed) await this.reload(changes.flatMap((change) => (change.kind === 'project' ? [change.path] : [])));
      });
      return;
    }
    const members = [key, ...this.rebuildPartners(key)];
    for (const member of members) this.queued.add(member);
    void this.lanes.run(members, async () => {
      await Promise.all(members.map((member) => this.batch.quiet(member)));
      const drained = new Map<string, TriggerMatch[]>();
      for (const member of members) {
        this.queued.delete(member);
        drained.set(member, this.batch.take(member).flatMap((change) => (change.kind === 'rule' ? [change.match] : [])));
      }
      if (!this.closed) await this.apply(drained);
    });
  }

  /** The other services whose batches wait on a rebuild of the same build as this one's: they build together. */
  private rebuildPartners(key: string): string[] {
    if (!hasRebuild(this.batch.peek(key))) return [];
    const identity = buildIdentity(this.project.model, key);
    return this.rules.services.filter(
      (other) => other !== key && !this.queued.has(other) && hasRebuild(this.batch.peek(other)) && buildIdentity(this.project.model, other) === identity,
    );
  }

  // ---- Batches to actions ------------------------------------------------------------------

  private async apply(drained: Map<string, TriggerMatch[]>): Promise<void> {
    const rebuilds: { service: string; commit: () => void }[] = [];
    const others: Promise<void>[] = [];
    for (const [service, all] of drained) {
      const changed = await this.changedPaths(service, all.map((match) => match.hostPath));
      const matches = all.filter((match) => changed.changed.has(match.hostPath));
      if (matches.length === 0) continue;
      if (matches.some((match) => match.trigger.rule.action === 'rebuild')) {
        rebuilds.push({ service, commit: changed.commit });
        continue;
      }
      others.push(
        this.applyToService(service, matches).then(
          () => changed.commit(),
          (error: unknown) => this.report({ kind: 'failed', services: [service], text: `${service}: ${errorText(error)}`, error }),
        ),
      );
    }
    if (rebuilds.length > 0) others.push(this.rebuild(rebuilds));
    await Promise.all(others);
  }

  /**
   * The paths that are not as they were when last acted on: an editor that saves the same text, a
   * `touch`, a checkout that rewrites a file unchanged, none of these is a change. The digests are
   * recorded by `commit`, once the action has gone through.
   */
  private async changedPaths(key: string, hostPaths: Iterable<string>): Promise<{ changed: Set<string>; commit: () => void }> {
    const known = this.digests.get(key) ?? new Map<string, string>();
    const now = new Map<string, string>();
    for (const hostPath of new Set(hostPaths)) now.set(hostPath, entryDigest(await readHostEntry({ hostPath, containerPath: '/' })));
    return {
      changed: new Set([...now].filter(([hostPath, digest]) => known.get(hostPath) !== digest).map(([hostPath]) => hostPath)),
      commit: () => {
        for (const [hostPath, digest] of now) known.set(hostPath, digest);
        this.digests.set(key, known);
      },
    };
  }

  /** Sync, then restart or exec, for one service's batch (no rebuild in it). */
  private async applyToService(service: string, matches: readonly TriggerMatch[]): Promise<void> {
    const started = Date.now();
    const syncing = matches.filter((match) => syncsFiles(match.trigger.rule.action));
    const restart = matches.some((match) => match.trigger.rule.action === 'restart' || match.trigger.rule.action === 'sync+restart');
    const execs = uniqueTriggers(matches.filter((match) => match.trigger.rule.action === 'sync+exec').map((match) => match.trigger));

    const items = dedupe(syncing.map((match) => ({ hostPath: match.hostPath, containerPath: TriggerRules.containerPath(match.trigger, match.relative), trigger: match.trigger })));
    const entries = await readSyncEntries(items, (item) => childMapper(triggerOf(items, item)));
    const containers = await this.containers(service);
    if (containers.length === 0) {
      this.report({ kind: 'warning', services: [service], text: `${service}: has no container; nothing synced` });
      return;
    }
    const deliveries = syncing.length === 0 ? [] : await Promise.all(containers.map((container) => this.delivery.deliver(container, entries)));
    const reached = containers.filter((container) => isRunning(container) && (syncing.length === 0 || deliveries.find((delivery) => delivery.container.id === container.id)?.outcome === 'done'));

    const restarted: string[] = [];
    if (restart) {
      await Promise.all(
        reached.map(async (container) => {
          await this.options.backend.stopContainer(container.id);
          await this.options.backend.startContainer(container.id);
          restarted.push(container.name);
        }),
      );
    }
    const ran: string[] = [];
    for (const trigger of execs) {
      const hook = trigger.rule.exec;
      if (hook === undefined) continue;
      const results = await Promise.all(reached.map((container) => this.runHook(service, container, hook)));
      if (results.some((ok) => ok)) ran.push(`ran "${hook.command.join(' ')}"`);
    }

    const files = entries.filter((entry) => entry.kind === 'file' || entry.kind === 'symlink').length;
    const deleted = entries.filter((entry) => entry.kind === 'missing').length;
    const did = [syncSummary(files, deleted), restarted.length > 0 ? 'restarted' : '', ...ran].filter((part) => part !== '');
    this.reportDeliveries(service, deliveries);
    if (did.length === 0) return;
    const later = deliveries
      .filter((delivery) => delivery.outcome === 'deferred' || delivery.outcome === 'copied')
      .map((delivery) => `; ${delivery.container.name} ${delivery.container.state === 'paused' ? 'paused' : 'not running'}: ${delivery.outcome === 'copied' ? 'removals wait' : 'waits'} for its start`)
      .join('');
    const durationMs = Date.now() - started;
    this.report({
      kind: ran.length > 0 ? 'executed' : restarted.length > 0 ? 'restarted' : 'synced',
      services: [service],
      text: `${service}: ${joinActions(did)} in ${formatDuration(durationMs)}${later}`,
      durationMs,
      files,
      deleted,
      ...(restarted.length > 0 ? { restarted: restarted.sort() } : {}),
    });
  }

  /** A failed delivery is reported, and tried again later: it is never dropped. */
  private reportDeliveries(service: string, deliveries: readonly Delivery[]): void {
    const failed = deliveries.filter((delivery) => delivery.outcome === 'failed');
    for (const delivery of failed) {
      this.report({
        kind: 'failed',
        services: [service],
        text: `${service}: sync into ${delivery.container.name} failed: ${errorText(delivery.error)}; will retry`,
        error: delivery.error,
      });
    }
    if (failed.length > 0) this.scheduleRetry(service);
    else this.clearRetry(service);
  }

  private scheduleRetry(service: string): void {
    if (this.closed) return;
    const previous = this.retries.get(service);
    if (previous !== undefined) clearTimeout(previous.timer);
    const attempt = previous === undefined ? 0 : previous.attempt + 1;
    const delay = RETRY_MS[Math.min(attempt, RETRY_MS.length - 1)] ?? 30000;
    const timer = setTimeout(() => void this.lanes.run([service], () => this.flush(service, undefined, 'on retry')), delay);
    this.retries.set(service, { timer, attempt });
  }

  private clearRetry(service: string): void {
    const retry = this.retries.get(service);
    if (retry === undefined) return;
    clearTimeout(retry.timer);
    this.retries.delete(service);
  }

  /** Sends what waits for the service's running containers (one, when `only` is given). */
  private async flush(service: string, only: string | undefined, when: string): Promise<void> {
    if (this.closed) return;
    const started = Date.now();
    const containers = (await this.containers(service)).filter((container) => isRunning(container) && (only === undefined || container.id === only));
    const deliveries: Delivery[] = [];
    for (const container of containers) if (this.delivery.hasPending(container)) deliveries.push(await this.delivery.deliver(container, []));
    this.reportDeliveries(service, deliveries);
    for (const delivery of deliveries.filter((candidate) => candidate.outcome === 'done')) {
      const durationMs = Date.now() - started;
      this.report({
        kind: 'synced',
        services: [service],
        text: `${service}: ${syncSummary(delivery.files, delivery.deleted)} into ${delivery.container.name} ${when} in ${formatDuration(durationMs)}`,
        durationMs,
        files: delivery.files,
        deleted: delivery.deleted,
      });
    }
  }

  private async runHook(service: string, container: ContainerSummary, hook: ServiceHook): Promise<boolean> {
    const { backend } = this.options;
    const env = Object.entries(hook.environment ?? {}).flatMap(([name, value]) => (value === null ? [] : [`${name}=${value}`]));
    const options = {
      ...(hook.user === undefined ? {} : { user: hook.user }),
      ...(hook.working_dir === undefined ? {} : { workingDir: hook.working_dir }),
      ...(env.length === 0 ? {} : { env }),
    };
    const command = hook.command.join(' ');
    try {
      let exitCode: number;
      let stderr = '';
      if (hook.privileged === true || hook.privileged === 'true') {
        // Only the session form of exec takes `privileged`.
        const session = await backend.execSession(container.id, hook.command, { tty: false, stdin: false, privileged: true, ...options });
        for await (const chunk of session.output) if (chunk.stream === 'stderr') stderr += chunk.data.toString('utf8');
        exitCode = await session.exitCode();
      } else {
        const result = await backend.exec(container.id, hook.command, options);
        exitCode = result.exitCode;
        stderr = result.stderr;
      }
      if (exitCode === 0) return true;
      const said = stderr.trim().split('\n').pop() ?? '';
      this.report({ kind: 'failed', services: [service], text: `${service}: "${command}" exited with ${exitCode} in ${container.name}${said === '' ? '' : `: ${said}`}` });
    } catch (error) {
      this.report({ kind: 'failed', services: [service], text: `${service}: "${command}" could not run in ${container.name}: ${errorText(error)}`, error });
    }
    return false;
  }

  private async rebuild(requests: readonly { service: string; commit: () => void }[]): Promise<void> {
    const services = requests.map((request) => request.service);
    const started = Date.now();
    try {
      const outcome = await rebuild(
        {
          project: this.project,
          backend: this.options.backend,
          onProgress: this.options.onProgress,
          reconcile: this.options.reconcile,
          prune: this.options.prune === true,
          ...(this.options.signal === undefined ? {} : { signal: this.options.signal }),
        },
        services,
      );
      for (const request of requests) request.commit();
      const durationMs = Date.now() - started;
      outcome.builds.forEach((shared, index) => {
        const recreated = shared.services.flatMap((service) => outcome.recreated.get(service) ?? []);
        const all = shared.services.every((service) => (outcome.recreated.get(service)?.length ?? 0) > 0);
        const what = recreated.length === 0 ? 'image unchanged' : all ? 'recreated' : `recreated ${recreated.join(', ')}`;
        // Dependents and pruned images once, on the first line.
        const restarted = index === 0 && outcome.restarted.length > 0 ? `; restarted ${outcome.restarted.join(', ')}` : '';
        const pruned = index === 0 && outcome.pruned.length > 0 ? `; pruned ${count(outcome.pruned.length, 'image')}` : '';
        const shares = shared.services.length > 1 ? ' (one build)' : '';
        this.report({
          kind: 'rebuilt',
          services: shared.services,
          text: `${shared.services.join(', ')}: rebuilt in ${formatDuration(durationMs)}${shares}, ${what}${restarted}${pruned}`,
          durationMs,
          recreated,
          ...(index === 0 && outcome.restarted.length > 0 ? { restarted: outcome.restarted } : {}),
        });
      });
    } catch (error) {
      this.report({ kind: 'failed', services, text: `${services.join(', ')}: rebuild failed: ${errorText(error)}`, error });
    }
  }

  // ---- The compose files -------------------------------------------------------------------

  private async reload(changed: readonly string[]): Promise<void> {
    const names = [...new Set(changed.map((file) => path.basename(file)))].join(', ');
    const digests = await this.changedPaths(PROJECT_KEY, changed);
    if (digests.changed.size === 0) return;
    const started = Date.now();
    let result: Awaited<ReturnType<Reconcile>>;
    try {
      result = await this.options.reconcile({});
    } catch (error) {
      this.report({ kind: 'failed', services: [], text: `${names}: not applied: ${errorText(error)}`, error });
      return;
    }
    digests.commit();
    this.project = result.project;
    try {
      const services = this.options.services.filter((service) => Object.hasOwn(result.project.model.services, service));
      this.rules = await loadTriggerRules(result.project.model, services);
    } catch (error) {
      this.report({ kind: 'failed', services: [], text: `${names}: the watch rules were kept as they were: ${errorText(error)}`, error });
    }
    const before = this.watchPaths().join('\n');
    this.projectFiles = projectFiles(result.project);
    await this.watcher?.setPaths(this.watchPaths(), this.pruner());
    const recreated = result.plan.nodes.flatMap((node) => (node.action.kind === 'recreate-container' || node.action.kind === 'create-container' ? [node.action.name] : []));
    const durationMs = Date.now() - started;
    this.report({
      kind: 'reloaded',
      services: [],
      text: `${names}: applied in ${formatDuration(durationMs)}, ${recreated.length === 0 ? 'nothing to recreate' : `recreated ${recreated.sort().join(', ')}`}`,
      durationMs,
      recreated,
    });
    if (this.watchPaths().join('\n') !== before) this.reportWatching();
  }

  // ---- The engine's events -----------------------------------------------------------------

  /** Container starts, until the session ends; a broken stream is opened again. */
  private async followEngine(): Promise<void> {
    const signal = this.engineEvents.signal;
    while (!signal.aborted) {
      try {
        for await (const event of this.options.backend.events(projectLabelFilter(this.project.name), signal)) this.onEngineEvent(event);
      } catch (error) {
        if (signal.aborted) return;
        this.report({ kind: 'warning', services: [], text: `watch: the engine's events stopped (${errorText(error)}); listening again` });
      }
      if (!signal.aborted) await new Promise((resolve) => setTimeout(resolve, 1000));
    }
  }

  private onEngineEvent(event: EngineEvent): void {
    if (this.closed || event.type !== 'container' || (event.action !== 'start' && event.action !== 'unpause')) return;
    const service = event.attributes[SERVICE_LABEL];
    if (service === undefined || event.attributes[ONE_OFF_LABEL] === ONE_OFF_TRUE || !this.rules.services.includes(service)) return;
    void this.lanes.run([service], async () => {
      const isNew = !this.known.has(event.id);
      this.known.add(event.id);
      await this.flush(service, event.id, 'once it started');
      if (isNew) await this.initialSync(service, event.id);
    });
  }

  // ---- initial_sync ------------------------------------------------------------------------

  /** The initial sync of the service's rules that ask for it, into its containers (or the one given). */
  private async initialSync(service: string, only?: string): Promise<void> {
    const triggers = this.rules.forService(service).filter((trigger) => trigger.rule.initial_sync === true && syncsFiles(trigger.rule.action));
    if (triggers.length === 0 || this.closed) return;
    const started = Date.now();
    const containers = (await this.containers(service)).filter((container) => only === undefined || container.id === only);
    if (containers.length === 0) return;
    const host: HostEntry[] = [];
    for (const trigger of triggers) {
      host.push(...(await readSyncEntries([{ hostPath: trigger.rule.path, containerPath: trigger.rule.target ?? '/' }], () => childMapper(trigger))));
    }
    const known = this.digests.get(service) ?? new Map<string, string>();
    for (const entry of host) known.set(entry.hostPath, entryDigest(entry));
    this.digests.set(service, known);
    const fileCount = host.filter((entry) => entry.kind === 'file' || entry.kind === 'symlink').length;

    let differed = 0;
    const deliveries: Delivery[] = [];
    const restarted: string[] = [];
    for (const container of containers) {
      const stale: HostEntry[] = [];
      for (const trigger of triggers) {
        const target = trigger.rule.target ?? '/';
        const under = host.filter((entry) => entry.containerPath === target || entry.containerPath.startsWith(`${target}/`));
        stale.push(...(await outOfDate(this.options.backend, container, target, under)));
      }
      if (stale.length === 0) continue;
      differed = Math.max(differed, stale.filter((entry) => entry.kind === 'file' || entry.kind === 'symlink').length);
      const delivery = await this.delivery.deliver(container, stale);
      deliveries.push(delivery);
      if (delivery.outcome !== 'done' || !isRunning(container)) continue;
      if (triggers.some((trigger) => trigger.rule.action === 'sync+restart')) {
        await this.options.backend.stopContainer(container.id);
        await this.options.backend.startContainer(container.id);
        restarted.push(container.name);
      }
      for (const trigger of triggers) if (trigger.rule.action === 'sync+exec' && trigger.rule.exec !== undefined) await this.runHook(service, container, trigger.rule.exec);
    }
    this.reportDeliveries(service, deliveries);
    const durationMs = Date.now() - started;
    // A container made later (a recreate) usually matches: only a difference is worth a line then.
    if (deliveries.length === 0 && only !== undefined) return;
    const text =
      deliveries.length === 0
        ? `${service}: initial sync: ${count(fileCount, 'file')} already in sync`
        : `${service}: initial sync: synced ${differed} of ${count(fileCount, 'file')}${restarted.length > 0 ? ' and restarted' : ''} in ${formatDuration(durationMs)}`;
    this.report({ kind: 'initial-sync', services: [service], text, durationMs, files: differed, ...(restarted.length > 0 ? { restarted } : {}) });
  }

  /** The service's containers (stopped ones too, one-offs never), by name. */
  private async containers(service: string): Promise<ContainerSummary[]> {
    const containers = await this.options.backend.listContainers([...serviceLabelFilter(this.project.name, service), ...oneOffFilter(false)], { all: true });
    for (const container of containers) this.known.add(container.id);
    return containers.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }
}

/** The compose files (not standard input) and the environment files they were loaded with. */
function projectFiles(project: LoadedProject): Set<string> {
  return new Set([...project.configFiles.filter((file) => file !== '-'), ...project.environment.files]);
}

function hasRebuild(changes: readonly Change[]): boolean {
  return changes.some((change) => change.kind === 'rule' && change.match.trigger.rule.action === 'rebuild');
}

function uniqueTriggers(triggers: readonly TriggerRule[]): TriggerRule[] {
  return [...new Set(triggers)].sort((a, b) => a.index - b.index);
}

type RuledItem = SyncItem & { trigger: TriggerRule };

function dedupe(items: readonly RuledItem[]): RuledItem[] {
  const byTarget = new Map<string, RuledItem>();
  for (const item of items) if (!byTarget.has(item.containerPath)) byTarget.set(item.containerPath, item);
  return [...byTarget.values()];
}

function triggerOf(items: readonly RuledItem[], item: SyncItem): TriggerRule | undefined {
  return items.find((candidate) => candidate.containerPath === item.containerPath)?.trigger;
}

/** Where the files found inside a synced directory go, by the rule that synced it. */
function childMapper(trigger: TriggerRule | undefined): ChildMapper {
  return (hostPath) => {
    if (trigger === undefined) return undefined;
    const relative = TriggerRules.covers(trigger, hostPath);
    return relative === undefined ? undefined : TriggerRules.containerPath(trigger, relative);
  };
}

/** `synced 2 files and restarted`, `synced 1 file, deleted 1 and ran "x"`. */
function joinActions(parts: readonly string[]): string {
  if (parts.length <= 1) return parts.join('');
  return `${parts.slice(0, -1).join(', ')} and ${parts[parts.length - 1] ?? ''}`;
}
