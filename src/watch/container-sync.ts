// Delivers a sync into one container, and remembers what could not be delivered. A running
// container gets the removals (one `rm -rf` exec) and then the archive, retried a few times. A
// stopped one (created, exited) gets the archive at once, since the engine writes into a stopped
// container's filesystem, while removals, which need a process in it, wait for its start. A paused,
// restarting or dying one gets everything at its next start. What waits is kept by replica
// (service and number), not by container id, so a container recreated meanwhile gets it too; and
// it is read from the disk again when it is sent, so it is the file's latest state that arrives.

import type { Backend, ContainerSummary } from '../engine/backend.js';
import { replicaNumber, serviceOf } from '../plan/container-facts.js';
import { deletedPaths, readHostEntry, removeCommands, syncTar, type HostEntry, type SyncItem } from './sync-archive.js';

export type DeliveryOutcome =
  /** Everything arrived. */
  | 'done'
  /** The files arrived; removals wait for the container to start. */
  | 'copied'
  /** Nothing could be sent now; it all waits for the container to start. */
  | 'deferred'
  /** The engine refused, after the retries; it waits, to be tried again. */
  | 'failed';

export interface Delivery {
  container: ContainerSummary;
  outcome: DeliveryOutcome;
  /** Files copied, and paths removed, in this container (what waited before included). */
  files: number;
  deleted: number;
  error?: unknown;
}

/** Pauses between attempts at a running container (after the first one fails). */
const RETRY_DELAYS_MS = [150, 600];

export class ContainerSync {
  /** Replica → container path → what is still to be delivered there. */
  private readonly pending = new Map<string, Map<string, SyncItem>>();

  constructor(private readonly backend: Backend) {}

  /** Whether something waits for this container. */
  hasPending(container: ContainerSummary): boolean {
    return (this.pending.get(replicaKey(container))?.size ?? 0) > 0;
  }

  /** The replicas of a service that have something waiting. */
  pendingReplicas(service: string): number {
    let replicas = 0;
    for (const [key, items] of this.pending) if (key.startsWith(`${service}#`) && items.size > 0) replicas += 1;
    return replicas;
  }

  /** Sends `entries` (and whatever waited for this container) into it, as its state allows. */
  async deliver(container: ContainerSummary, entries: readonly HostEntry[]): Promise<Delivery> {
    const key = replicaKey(container);
    const all = await this.withWaiting(key, entries);
    const tar = syncTar(all);
    const deletions = deletedPaths(all);
    const files = all.filter((entry) => entry.kind === 'file' || entry.kind === 'symlink').length;
    const summary = { container, files, deleted: deletions.length };
    if (tar === undefined && deletions.length === 0) {
      this.pending.delete(key);
      return { ...summary, outcome: 'done' };
    }

    if (container.state === 'running') {
      try {
        // At the same time: each takes the engine a tenth of a second or more, and they never touch
        // the same path (a path is either gone from the host or in the archive, and nothing in the
        // archive lies below a path that is gone).
        await withRetries(() =>
          Promise.all([
            ...removeCommands(deletions).map(async (command) => {
              const result = await this.backend.exec(container.id, command);
              if (result.exitCode !== 0) throw new Error(`${command[0] ?? 'rm'} exited with ${result.exitCode}: ${result.stderr.trim()}`);
            }),
            ...(tar === undefined ? [] : [this.backend.putArchive(container.id, '/', tar)]),
          ]).then(() => undefined),
        );
        this.pending.delete(key);
        return { ...summary, outcome: 'done' };
      } catch (error) {
        this.keep(key, all);
        return { ...summary, outcome: 'failed', error };
      }
    }

    if (container.state === 'created' || container.state === 'exited') {
      try {
        if (tar !== undefined) await this.backend.putArchive(container.id, '/', tar);
      } catch {
        this.keep(key, all);
        return { ...summary, outcome: 'deferred' };
      }
      this.pending.delete(key);
      this.keep(key, all.filter((entry) => entry.kind === 'missing'));
      return { ...summary, outcome: deletions.length > 0 ? 'copied' : 'done' };
    }

    this.keep(key, all);
    return { ...summary, outcome: 'deferred' };
  }

  /** `entries`, plus what waited for the replica (read from the disk again), the newer winning by container path. */
  private async withWaiting(key: string, entries: readonly HostEntry[]): Promise<HostEntry[]> {
    const waiting = this.pending.get(key);
    if (waiting === undefined || waiting.size === 0) return [...entries];
    const fresh = new Set(entries.map((entry) => entry.containerPath));
    const reread = await Promise.all([...waiting.values()].filter((item) => !fresh.has(item.containerPath)).map(readHostEntry));
    return [...reread, ...entries].sort((a, b) => (a.containerPath < b.containerPath ? -1 : a.containerPath > b.containerPath ? 1 : 0));
  }

  private keep(key: string, entries: readonly HostEntry[]): void {
    if (entries.length === 0) return;
    let waiting = this.pending.get(key);
    if (waiting === undefined) {
      waiting = new Map();
      this.pending.set(key, waiting);
    }
    for (const entry of entries) waiting.set(entry.containerPath, { hostPath: entry.hostPath, containerPath: entry.containerPath });
  }
}

/** A container's replica: what survives its recreation. */
function replicaKey(container: ContainerSummary): string {
  return `${serviceOf(container) ?? ''}#${replicaNumber(container)}`;
}

async function withRetries(attempt: () => Promise<void>): Promise<void> {
  for (let tries = 0; ; tries += 1) {
    try {
      await attempt();
      return;
    } catch (error) {
      const delay = RETRY_DELAYS_MS[tries];
      if (delay === undefined) throw error;
      await new Promise((resolve) => setTimeout(resolve, delay));
    }
  }
}
