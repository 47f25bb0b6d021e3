// A host file or directory as a tar archive, for `cp` into a container (`PUT /containers/{id}/archive`).

import type { Stats } from 'node:fs';
import { lstat, readFile, readdir, readlink, stat } from 'node:fs/promises';
import path from 'node:path';
import { BerthError } from '../../errors.js';
import { TAR_BLOCK, tarEnd, tarHeader, tarPadding, type TarEntryType } from '../build/tar-stream.js';

export interface PackOptions {
  /** `-L`: when the source itself is a symlink, archive what it points to. Links inside a directory stay links. */
  followLink?: boolean;
  /** `-a`: keep each file's uid and gid; otherwise everything is root's, as `docker cp` sends it. */
  keepOwner?: boolean;
}

/**
 * The archive of `source`: its top entry named `rootName`, or with `rootName` undefined, a
 * directory's contents at the top of the archive (`cp dir/. service:/dest`). Regular files,
 * directories, symlinks, hard links (a file seen again is a link to its first path) and fifos;
 * sockets and devices are left out. Held in memory, as the engine call takes the archive whole.
 */
export async function packHostPath(source: string, rootName: string | undefined, options: PackOptions = {}): Promise<Buffer> {
  const root = options.followLink === true ? await stat(source) : await lstat(source);
  const packer = new Packer(options.keepOwner === true);
  if (rootName === undefined) {
    if (!root.isDirectory()) throw new BerthError('cp', `${source} is not a directory`);
    await packer.children(source, '');
  } else {
    await packer.add(source, rootName, root);
  }
  return Buffer.concat([...packer.parts, tarEnd()]);
}

class Packer {
  readonly parts: Buffer[] = [];
  /** `dev:ino` of files with several links → the archive path they were first written under. */
  private readonly seen = new Map<string, string>();

  constructor(private readonly keepOwner: boolean) {}

  async add(file: string, name: string, stats: Stats): Promise<void> {
    if (stats.isDirectory()) {
      this.header(name, 'directory', stats, 0);
      await this.children(file, name);
    } else if (stats.isSymbolicLink()) {
      this.header(name, 'symlink', stats, 0, await readlink(file));
    } else if (stats.isFile()) {
      const identity = `${stats.dev}:${stats.ino}`;
      const first = stats.nlink > 1 ? this.seen.get(identity) : undefined;
      if (first !== undefined) {
        this.header(name, 'hardlink', stats, 0, first);
        return;
      }
      if (stats.nlink > 1) this.seen.set(identity, name);
      const content = await readFile(file);
      this.header(name, 'file', stats, content.length);
      this.parts.push(content, tarPadding(content.length));
    } else if (stats.isFIFO()) {
      this.header(name, 'fifo', stats, 0);
    }
  }

  async children(directory: string, prefix: string): Promise<void> {
    const names = (await readdir(directory)).sort();
    for (const child of names) {
      const file = path.join(directory, child);
      await this.add(file, prefix === '' ? child : `${prefix}/${child}`, await lstat(file));
    }
  }

  private header(name: string, type: TarEntryType, stats: Stats, size: number, linkTarget?: string): void {
    const header = tarHeader({ path: name, type, mode: stats.mode & 0o7777, size, mtime: stats.mtimeMs / 1000, ...(linkTarget === undefined ? {} : { linkTarget }) });
    this.parts.push(this.keepOwner ? withOwner(header, stats.uid, stats.gid) : header);
  }
}

/**
 * The header with an owner: tarHeader writes root's, as the docker CLI does without `-a`. The
 * ustar block is the last of what it returns (a PAX header may come first); its checksum is made again.
 */
export function withOwner(header: Buffer, uid: number, gid: number): Buffer {
  const copy = Buffer.from(header);
  const block = copy.subarray(copy.length - TAR_BLOCK);
  writeId(block, uid, 108);
  writeId(block, gid, 116);
  block.write('        ', 148, 8, 'ascii');
  let sum = 0;
  for (const byte of block) sum += byte;
  block.write(`${sum.toString(8).padStart(6, '0')}\u0000 `, 148, 8, 'ascii');
  return copy;
}

/** Seven octal digits and a NUL, or base-256 (as Go's archive/tar reads it) for an id too large for them. */
function writeId(block: Buffer, id: number, offset: number): void {
  if (id <= 0o7777777) {
    block.write(`${id.toString(8).padStart(7, '0')}\u0000`, offset, 8, 'ascii');
    return;
  }
  block.fill(0, offset, offset + 8);
  block[offset] = 0x80;
  let rest = id;
  for (let at = offset + 7; at > offset && rest > 0; at--) {
    block[at] = rest % 256;
    rest = Math.floor(rest / 256);
  }
}
