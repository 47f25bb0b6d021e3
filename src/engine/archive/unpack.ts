// An archive from a container (`GET /containers/{id}/archive`) written out on the host, for `cp`.

import { chmod, lchown, link, lstat, lutimes, mkdir, rm, symlink, utimes, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { BerthError } from '../../errors.js';
import type { TarEntry } from './tar-reader.js';

export interface UnpackOptions {
  /**
   * The archive path that lands on `target` (the source's base name, `hosts` or `etc`, or `.` for
   * a directory's contents); the entries below it land below `target`.
   */
  root: string;
  target: string;
  /** `-a`: give files the uid and gid of the archive (when berth runs as root); otherwise they are the user's. */
  keepOwner?: boolean;
}

/**
 * Writes the entries under `options.root` to `options.target`. An entry that would land outside the
 * target (`..`, an absolute path) is refused, as is a file over a directory. Directory modes and
 * times are set last, so a read-only directory still gets its contents. Fifos and devices are
 * skipped: docker cp cannot make them without privileges either.
 */
export async function unpackToHost(entries: readonly TarEntry[], options: UnpackOptions): Promise<void> {
  const root = normalize(options.root);
  const chown = options.keepOwner === true && process.getuid?.() === 0;
  const directories: { file: string; entry: TarEntry }[] = [];
  const where = (archivePath: string): string | undefined => {
    const name = normalize(archivePath);
    let rest: string;
    if (name === root) rest = '';
    else if (root === '') rest = name;
    else if (name.startsWith(`${root}/`)) rest = name.slice(root.length + 1);
    else return undefined;
    if (rest.split('/').includes('..') || path.isAbsolute(rest)) {
      throw new BerthError('cp', `the archive from the container has an entry outside the copied path: ${archivePath}`);
    }
    return rest === '' ? options.target : path.join(options.target, ...rest.split('/'));
  };

  for (const entry of entries) {
    const file = where(entry.path);
    if (file === undefined) continue;
    switch (entry.type) {
      case 'directory':
        await mkdir(file, { recursive: true });
        directories.push({ file, entry });
        continue;
      case 'file':
        await clearFor(file, entry.path);
        await writeFile(file, entry.content, { mode: entry.mode });
        await chmod(file, entry.mode);
        await utimes(file, entry.mtime, entry.mtime);
        break;
      case 'symlink':
        await clearFor(file, entry.path);
        await symlink(entry.linkTarget, file);
        await lutimes(file, entry.mtime, entry.mtime).catch(() => undefined);
        break;
      case 'hardlink': {
        const original = where(entry.linkTarget);
        if (original === undefined) continue;
        await clearFor(file, entry.path);
        await link(original, file);
        continue;
      }
      default:
        continue;
    }
    if (chown) await lchown(file, entry.uid, entry.gid);
  }
  for (const { file, entry } of directories.reverse()) {
    await chmod(file, entry.mode);
    await utimes(file, entry.mtime, entry.mtime);
    if (chown) await lchown(file, entry.uid, entry.gid);
  }
}

/** `./etc/`, `etc` and `etc/` are the same entry; `.` and `./` are the top. */
function normalize(archivePath: string): string {
  let name = archivePath.replace(/\/+$/, '');
  while (name.startsWith('./')) name = name.slice(2);
  return name === '.' ? '' : name;
}

/** Removes what is at `file` before a non-directory is written there: a symlink must not be followed. */
async function clearFor(file: string, archivePath: string): Promise<void> {
  const existing = await lstat(file).catch(() => undefined);
  if (existing === undefined) return;
  if (existing.isDirectory()) throw new BerthError('cp', `cannot overwrite the directory ${file} with ${archivePath}, which is not one`);
  await rm(file, { force: true });
}
