import { readFile } from 'node:fs/promises';
import type { Backend } from '../../engine/backend.js';
import { containerFiles, extraNetworkAttachments, type ContainerFile, type ContainerSpecInput } from '../../engine/spec/container-spec.js';
import { BerthError } from '../../errors.js';
import { tarArchive, type TarEntry } from '../tar.js';

// What every new container needs around its create call, service replica and one-off alike: the
// seccomp profiles its body embeds, then, once created, its other networks and its files.

/** The seccomp profile files a container's body embeds, read from the host, by path. */
export async function readSeccompProfiles(paths: readonly string[]): Promise<Record<string, string>> {
  const profiles: Record<string, string> = {};
  for (const path of paths) {
    try {
      profiles[path] = await readFile(path, 'utf8');
    } catch (error) {
      throw new BerthError('seccomp-profile', `cannot read the seccomp profile ${path}`, { cause: error });
    }
  }
  return profiles;
}

/** Connects a created container to its networks beyond the first, and copies its secret and config files in. */
export async function finishContainer(backend: Backend, id: string, input: ContainerSpecInput): Promise<void> {
  for (const { network, endpoint } of extraNetworkAttachments(input)) await backend.connectNetwork(network, id, endpoint);
  const files = containerFiles(input);
  if (files.length > 0) await backend.putArchive(id, '/', tarArchive(files.map(tarEntry)));
}

function tarEntry(file: ContainerFile): TarEntry {
  const entry: TarEntry = { path: file.path, content: file.content, mode: file.mode };
  if (file.uid !== undefined) entry.uid = numericId(file.uid, file.path, 'uid');
  if (file.gid !== undefined) entry.gid = numericId(file.gid, file.path, 'gid');
  return entry;
}

function numericId(value: string, path: string, what: string): number {
  if (!/^\d+$/.test(value)) throw new BerthError('file-owner', `${path}: ${what} "${value}" must be a number`);
  return Number(value);
}
