// File events from chokidar, with native events where they work and polling where they do not.
// Polling is chosen by the caller (`--poll`), by the mount table (network and shared filesystems:
// filesystem-kind.ts), or, for a filesystem the table does not settle, by a probe: a file written
// into a watched directory whose event does not arrive within a short time means native events
// do not reach this process, and that filesystem's paths are polled instead. A path that does not
// exist yet (a rule's directory made later) is looked for every second, and reported as added
// once it is there.

import { randomBytes } from 'node:crypto';
import { rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { watch as chokidarWatch, type ChokidarOptions, type FSWatcher } from 'chokidar';
import { PROBE_PREFIX } from './default-ignores.js';
import { filesystemKinds, type FilesystemKind } from './filesystem-kind.js';

export type FileEventKind = 'add' | 'change' | 'unlink' | 'addDir' | 'unlinkDir';

export interface FileEvent {
  kind: FileEventKind;
  /** Absolute. */
  path: string;
}

export type WatchMode = 'native' | 'polling';

/** A watched path, how it is watched, and why. */
export interface WatchedRoot {
  path: string;
  mode: WatchMode;
  reason: string;
}

export interface FileWatcherOptions {
  paths: readonly string[];
  /** true: poll everything; false: native events only; undefined: choose per filesystem. */
  poll?: boolean;
  /** Directories not to descend into (ignored by every rule that covers them). */
  prune?: (directory: string) => boolean;
  onEvent: (event: FileEvent) => void;
  onError: (error: unknown) => void;
  /** How long a probe's event may take before native events are given up on. */
  probeTimeoutMs?: number;
  /** Probe every filesystem, whatever the mount table says of it (tests; a table that misleads). */
  forceProbe?: boolean;
  /** How often polling looks at each file. */
  pollIntervalMs?: number;
  /** Makes the chokidar watcher (tests replace it). */
  create?: (paths: string[], options: ChokidarOptions) => FSWatcher;
}

const EVENT_KINDS = new Set<string>(['add', 'change', 'unlink', 'addDir', 'unlinkDir']);

export class FileWatcher {
  private readonly roots = new Map<string, WatchedRoot>();
  private readonly watchers = new Map<WatchMode, FSWatcher>();
  /** Probe files being waited for. */
  private readonly probes = new Map<string, () => void>();
  private prune: (directory: string) => boolean;
  private closed = false;
  private kinds = new Map<string, FilesystemKind>();
  /** Probe results by mount point: every path of a filesystem behaves alike. */
  private readonly probed = new Map<string, { mode: WatchMode; reason: string }>();
  /** Watched paths that do not exist (yet). */
  private readonly missing = new Set<string>();
  private lookout: NodeJS.Timeout | undefined;

  private constructor(private readonly options: FileWatcherOptions) {
    this.prune = options.prune ?? (() => false);
  }

  /** Starts watching; resolves once the initial scans are done (and any probe has answered). */
  static async open(options: FileWatcherOptions): Promise<FileWatcher> {
    const watcher = new FileWatcher(options);
    try {
      await watcher.start(options.paths);
    } catch (error) {
      await watcher.close();
      throw error;
    }
    return watcher;
  }

  /** The paths watched and how, sorted by path. */
  get watched(): WatchedRoot[] {
    return [...this.roots.values()].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  }

  /** Watches these paths from now on (new ones added, missing ones dropped), with a new prune rule if given. */
  async setPaths(paths: readonly string[], prune?: (directory: string) => boolean): Promise<void> {
    if (prune !== undefined) this.prune = prune;
    const wanted = new Set(paths);
    for (const [root, watched] of [...this.roots]) {
      if (wanted.has(root)) continue;
      this.roots.delete(root);
      this.missing.delete(root);
      this.watchers.get(watched.mode)?.unwatch(root);
    }
    const added = [...wanted].filter((root) => !this.roots.has(root));
    if (added.length === 0) return;
    const decided = await this.decide(added);
    for (const root of decided) this.roots.set(root.path, root);
    await Promise.all((['native', 'polling'] as const).map((mode) => this.watchExisting(mode, decided.filter((root) => root.mode === mode).map((root) => root.path))));
  }

  async close(): Promise<void> {
    this.closed = true;
    clearInterval(this.lookout);
    for (const resolve of this.probes.values()) resolve();
    this.probes.clear();
    await Promise.all([...this.watchers.values()].map((watcher) => watcher.close()));
    this.watchers.clear();
  }

  private async start(paths: readonly string[]): Promise<void> {
    const decided = await this.decide(paths);
    for (const root of decided) this.roots.set(root.path, root);
    const byMode = (mode: WatchMode): string[] => decided.filter((root) => root.mode === mode).map((root) => root.path);
    await Promise.all([this.watchExisting('native', byMode('native')), this.watchExisting('polling', byMode('polling'))]);
    await this.probeUnsettled(decided.filter((root) => root.reason === PROBE_PENDING));
  }

  /** How each path is to be watched; those left to a probe are native for now. */
  private async decide(paths: readonly string[]): Promise<WatchedRoot[]> {
    if (this.options.poll === true) return paths.map((root) => ({ path: root, mode: 'polling', reason: 'polling asked for' }));
    if (this.options.poll === false) return paths.map((root) => ({ path: root, mode: 'native', reason: 'native events asked for' }));
    const kinds = await filesystemKinds(paths);
    this.kinds = new Map([...this.kinds, ...kinds]);
    return paths.map((root): WatchedRoot => {
      const kind = this.options.forceProbe === true ? { ...kinds.get(root), kind: 'unknown' } : kinds.get(root);
      if (kind?.kind === 'remote') return { path: root, mode: 'polling', reason: `${kind.type} is a network or shared filesystem` };
      if (kind?.kind === 'local') return { path: root, mode: 'native', reason: `native events (${kind.type})` };
      const settled = this.probed.get(kind?.mountPoint ?? '');
      if (settled !== undefined) return { path: root, ...settled };
      return { path: root, mode: 'native', reason: PROBE_PENDING };
    });
  }

  /**
   * Probes each filesystem that has unsettled paths once, in one of its watched directories; a
   * filesystem whose probe goes unseen is polled from then on. Where no directory can be written
   * to (or none is watched), native events are kept: there is nothing better to go on.
   */
  private async probeUnsettled(unsettled: readonly WatchedRoot[]): Promise<void> {
    const byMount = new Map<string, WatchedRoot[]>();
    for (const root of unsettled) {
      const mount = this.kinds.get(root.path)?.mountPoint ?? '';
      byMount.set(mount, [...(byMount.get(mount) ?? []), root]);
    }
    await Promise.all(
      [...byMount].map(async ([mount, roots]) => {
        const directory = await firstDirectory(roots.map((root) => root.path));
        const seen = directory === undefined ? undefined : await this.probe(directory);
        const type = this.kinds.get(roots[0]?.path ?? '')?.type ?? 'unknown';
        const settled: { mode: WatchMode; reason: string } =
          seen === false
            ? { mode: 'polling', reason: `no native event within ${this.probeTimeoutMs} ms (${type})` }
            : { mode: 'native', reason: seen === true ? `native events (${type}, probed)` : `native events (${type}, not probed)` };
        this.probed.set(mount, settled);
        for (const root of roots) this.roots.set(root.path, { path: root.path, ...settled });
        if (settled.mode === 'polling') {
          const paths = roots.map((root) => root.path);
          this.watchers.get('native')?.unwatch(paths);
          await this.watchExisting('polling', paths.filter((root) => !this.missing.has(root)));
        }
      }),
    );
  }

  private get probeTimeoutMs(): number {
    return this.options.probeTimeoutMs ?? 1500;
  }

  /** True when the probe's event arrived in time, false when not, undefined when no probe could be written. */
  private async probe(directory: string): Promise<boolean | undefined> {
    const file = path.join(directory, `${PROBE_PREFIX}${process.pid}-${randomBytes(4).toString('hex')}`);
    let timer: NodeJS.Timeout | undefined;
    const seen = new Promise<boolean>((resolve) => {
      this.probes.set(file, () => resolve(true));
      timer = setTimeout(() => resolve(false), this.probeTimeoutMs);
    });
    try {
      await writeFile(file, '');
    } catch {
      this.probes.delete(file);
      clearTimeout(timer);
      return undefined;
    }
    const result = await seen;
    clearTimeout(timer);
    this.probes.delete(file);
    await rm(file, { force: true });
    return result;
  }

  /** Watches the paths that exist; the others are looked for until they do. */
  private async watchExisting(mode: WatchMode, paths: readonly string[]): Promise<void> {
    const present: string[] = [];
    for (const root of paths) {
      if (await exists(root)) present.push(root);
      else this.missing.add(root);
    }
    if (this.missing.size > 0) this.lookForMissing();
    await this.watch(mode, present);
  }

  private lookForMissing(): void {
    if (this.lookout !== undefined || this.closed) return;
    this.lookout = setInterval(() => {
      void (async () => {
        for (const root of [...this.missing]) {
          const stats = await stat(root).catch(() => undefined);
          const watched = this.roots.get(root);
          if (stats === undefined || watched === undefined || !this.missing.delete(root)) continue;
          await this.watch(watched.mode, [root]);
          this.options.onEvent({ kind: stats.isDirectory() ? 'addDir' : 'add', path: root });
        }
        if (this.missing.size === 0) {
          clearInterval(this.lookout);
          this.lookout = undefined;
        }
      })();
    }, 1000);
    this.lookout.unref();
  }

  /** Adds paths to the watcher of a mode (made on first use); resolves once their scan is done. */
  private async watch(mode: WatchMode, paths: string[]): Promise<void> {
    if (paths.length === 0 || this.closed) return;
    const existing = this.watchers.get(mode);
    if (existing !== undefined) {
      existing.add(paths);
      // chokidar has no per-add ready event; a scan of a few new paths is short.
      await new Promise((resolve) => setTimeout(resolve, 50));
      return;
    }
    const interval = this.options.pollIntervalMs ?? 250;
    const options: ChokidarOptions = {
      persistent: true,
      ignoreInitial: true,
      followSymlinks: false,
      ignorePermissionErrors: true,
      usePolling: mode === 'polling',
      interval,
      binaryInterval: interval * 2,
      ignored: (candidate: string, stats?: { isDirectory(): boolean }) => stats?.isDirectory() === true && this.prune(candidate),
    };
    const watcher = (this.options.create ?? chokidarWatch)(paths, options);
    this.watchers.set(mode, watcher);
    watcher.on('all', (kind: string, changed: string) => this.dispatch(kind, changed));
    watcher.on('error', (error: unknown) => this.options.onError(error));
    await new Promise<void>((resolve) => watcher.once('ready', () => resolve()));
  }

  private dispatch(kind: string, changed: string): void {
    if (this.closed || !EVENT_KINDS.has(kind)) return;
    const absolute = path.resolve(changed);
    const probe = this.probes.get(absolute);
    if (probe !== undefined) {
      probe();
      return;
    }
    if ((kind === 'unlinkDir' || kind === 'unlink') && this.roots.has(absolute)) {
      // A watched path removed: chokidar forgets it, so it is looked for again.
      this.watchers.get(this.roots.get(absolute)?.mode ?? 'native')?.unwatch(absolute);
      this.missing.add(absolute);
      this.lookForMissing();
    }
    this.options.onEvent({ kind: kind as FileEventKind, path: absolute });
  }
}

const PROBE_PENDING = 'probe pending';

async function exists(target: string): Promise<boolean> {
  return stat(target).then(
    () => true,
    () => false,
  );
}

async function firstDirectory(paths: readonly string[]): Promise<string | undefined> {
  for (const candidate of paths) {
    const stats = await stat(candidate).catch(() => undefined);
    if (stats?.isDirectory() === true) return candidate;
  }
  return undefined;
}
