// `initial_sync`: at the start of a session (and for a container of the service that appears
// later), the files under a rule's path are compared with what the container has at its target,
// and only those that differ are sent. Comparing content, not times: an image's files carry the
// times of its build, which say nothing about whether they match the disk. Nothing is removed from
// the container: what it has beyond the host's files (installed packages, generated files) was put
// there on purpose.

import path from 'node:path';
import type { Backend, ContainerSummary } from '../engine/backend.js';
import { readTar, type TarEntry } from '../engine/archive/tar-reader.js';
import type { HostEntry } from './sync-archive.js';

/** The host entries that the container lacks or has otherwise. */
export async function outOfDate(backend: Backend, container: ContainerSummary, target: string, host: readonly HostEntry[]): Promise<HostEntry[]> {
  const inContainer = await containerFiles(backend, container, target);
  return host.filter((entry) => {
    if (entry.kind === 'missing') return false;
    const found = inContainer.get(entry.containerPath);
    if (found === undefined) return true;
    switch (entry.kind) {
      case 'file':
        return found.type !== 'file' || !found.content.equals(entry.content);
      case 'symlink':
        return found.type !== 'symlink' || found.linkTarget !== entry.target;
      case 'directory':
        return found.type !== 'directory';
    }
  });
}

/** What the container has at `target`, by absolute path; nothing when the target does not exist there. */
async function containerFiles(backend: Backend, container: ContainerSummary, target: string): Promise<Map<string, TarEntry>> {
  let archive: Buffer;
  try {
    archive = await backend.getArchive(container.id, target);
  } catch {
    // Most often the target is not there yet; if the engine refused for another reason, the sync
    // that follows reports it.
    return new Map();
  }
  // The archive's entries are named from the target's last segment (`app`, `app/index.js`).
  const parent = path.posix.dirname(target);
  return new Map(readTar(archive).map((entry) => [path.posix.join(parent, entry.path), entry]));
}
