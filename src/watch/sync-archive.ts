// What a sync sends: the changed files as they are on the disk now, in one tar archive put into the
// container at `/`, and the paths that no longer exist, removed with one `rm -rf`. The disk is read
// when the sync runs, not when the event came, so a burst sends each file's last state once.

import { createHash } from 'node:crypto';
import { lstat, readFile, readdir, readlink } from 'node:fs/promises';
import path from 'node:path';
import { tarEnd, tarHeader, tarPadding } from '../engine/build/tar-stream.js';

/** A host path and where it goes in the container. */
export interface SyncItem {
  hostPath: string;
  /** Absolute, `/`-separated. */
  containerPath: string;
}

/** A host path as it is now. */
export type HostEntry =
  | (SyncItem & { kind: 'file'; mode: number; mtime: number; content: Buffer })
  | (SyncItem & { kind: 'symlink'; mtime: number; target: string })
  | (SyncItem & { kind: 'directory'; mode: number; mtime: number })
  | (SyncItem & { kind: 'missing' });

/** For a path found inside a directory that is synced: where it goes, or undefined when its rule ignores it. */
export type ChildMapper = (hostPath: string) => string | undefined;

/** Reads one host path (without following a symlink); a path that is gone is `missing`. */
export async function readHostEntry(item: SyncItem): Promise<HostEntry> {
  try {
    const stats = await lstat(item.hostPath);
    const mtime = Math.floor(stats.mtimeMs / 1000);
    if (stats.isSymbolicLink()) return { ...item, kind: 'symlink', mtime, target: await readlink(item.hostPath) };
    if (stats.isDirectory()) return { ...item, kind: 'directory', mode: stats.mode & 0o7777, mtime };
    if (stats.isFile()) return { ...item, kind: 'file', mode: stats.mode & 0o7777, mtime, content: await readFile(item.hostPath) };
    // Sockets, fifos, devices: nothing a source tree means to send.
    return { ...item, kind: 'missing' };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return { ...item, kind: 'missing' };
    throw error;
  }
}

/**
 * The entries of the items, with every directory's content below it (what its rule does not
 * ignore): a directory moved into place arrives as one event, and its files must go with it.
 */
export async function readSyncEntries(items: readonly SyncItem[], mapChild: (item: SyncItem) => ChildMapper): Promise<HostEntry[]> {
  const found = new Map<string, HostEntry>();
  const visit = async (item: SyncItem, mapper: ChildMapper): Promise<void> => {
    if (found.has(item.containerPath)) return;
    const entry = await readHostEntry(item);
    found.set(item.containerPath, entry);
    if (entry.kind !== 'directory') return;
    let names: string[];
    try {
      names = await readdir(item.hostPath);
    } catch {
      return;
    }
    for (const name of names.sort()) {
      const hostPath = path.join(item.hostPath, name);
      const containerPath = mapper(hostPath);
      if (containerPath !== undefined) await visit({ hostPath, containerPath }, mapper);
    }
  };
  for (const item of items) await visit(item, mapChild(item));
  return [...found.values()].sort((a, b) => (a.containerPath < b.containerPath ? -1 : a.containerPath > b.containerPath ? 1 : 0));
}

/** What an entry's content is, to tell a change from an event that changed nothing (a save of the same text, a touch). */
export function entryDigest(entry: HostEntry): string {
  switch (entry.kind) {
    case 'file':
      return `file:${entry.mode.toString(8)}:${createHash('sha1').update(entry.content).digest('hex')}`;
    case 'symlink':
      return `symlink:${entry.target}`;
    case 'directory':
      return `directory:${entry.mode.toString(8)}`;
    case 'missing':
      return 'missing';
  }
}

/** The archive of the entries that exist, for `putArchive(id, '/', ...)`; undefined when there are none. */
export function syncTar(entries: readonly HostEntry[]): Buffer | undefined {
  const parts: Buffer[] = [];
  for (const entry of entries) {
    const archivePath = entry.containerPath.replace(/^\/+/, '');
    if (archivePath === '') continue;
    switch (entry.kind) {
      case 'file':
        parts.push(tarHeader({ path: archivePath, type: 'file', mode: entry.mode, size: entry.content.length, mtime: entry.mtime }));
        parts.push(entry.content, tarPadding(entry.content.length));
        break;
      case 'symlink':
        parts.push(tarHeader({ path: archivePath, type: 'symlink', mode: 0o777, size: 0, mtime: entry.mtime, linkTarget: entry.target }));
        break;
      case 'directory':
        parts.push(tarHeader({ path: archivePath, type: 'directory', mode: entry.mode, size: 0, mtime: entry.mtime }));
        break;
      case 'missing':
        break;
    }
  }
  if (parts.length === 0) return undefined;
  parts.push(tarEnd());
  return Buffer.concat(parts);
}

/** The container paths to remove: the entries that are gone from the host (never `/` itself, whatever a rule's target). */
export function deletedPaths(entries: readonly HostEntry[]): string[] {
  return entries.filter((entry) => entry.kind === 'missing' && path.posix.normalize(entry.containerPath) !== '/').map((entry) => entry.containerPath);
}

/** Arguments per `rm` exec: well under the engine's and the kernel's limits on a command line. */
const PATHS_PER_COMMAND = 200;

/** `rm -rf -- PATH...` commands for the paths, a few hundred paths each. */
export function removeCommands(paths: readonly string[]): string[][] {
  const commands: string[][] = [];
  for (let at = 0; at < paths.length; at += PATHS_PER_COMMAND) commands.push(['rm', '-rf', '--', ...paths.slice(at, at + PATHS_PER_COMMAND)]);
  return commands;
}
