// A minimal ustar writer: regular files only, which is all that copying secrets and configs into a
// container needs. The engine's extractor creates missing parent directories itself, so none are
// written (a directory entry would also reset the mode of a directory that exists, such as /run).

import { BerthError } from '../errors.js';

/** One regular file of an archive. */
export interface TarEntry {
  /** The path inside the archive; a leading `/` is dropped (the archive is put at `/`). */
  path: string;
  content: Buffer;
  /** Permission bits (`0o444`). */
  mode: number;
  uid?: number;
  gid?: number;
  /** Seconds since the epoch; 0 when not given, so the same files give the same archive. */
  mtime?: number;
}

const BLOCK = 512;

/** The archive of `entries`, ending with the two zero blocks that mark its end. */
export function tarArchive(entries: readonly TarEntry[]): Buffer {
  const parts: Buffer[] = [];
  for (const entry of entries) {
    parts.push(header(entry), entry.content);
    const padding = (BLOCK - (entry.content.length % BLOCK)) % BLOCK;
    if (padding > 0) parts.push(Buffer.alloc(padding));
  }
  parts.push(Buffer.alloc(BLOCK * 2));
  return Buffer.concat(parts);
}

function header(entry: TarEntry): Buffer {
  const block = Buffer.alloc(BLOCK);
  const { name, prefix } = splitPath(entry.path.replace(/^\/+/, ''));
  block.write(name, 0, 100, 'utf8');
  writeOctal(block, entry.mode & 0o7777, 100, 8);
  writeOctal(block, entry.uid ?? 0, 108, 8);
  writeOctal(block, entry.gid ?? 0, 116, 8);
  writeOctal(block, entry.content.length, 124, 12);
  writeOctal(block, entry.mtime ?? 0, 136, 12);
  block.write('        ', 148, 8, 'ascii'); // the checksum counts its own field as spaces
  block.write('0', 156, 1, 'ascii'); // a regular file
  block.write('ustar\u000000', 257, 8, 'ascii');
  block.write(prefix, 345, 155, 'utf8');
  let sum = 0;
  for (const byte of block) sum += byte;
  block.write(`${sum.toString(8).padStart(6, '0')}\u0000 `, 148, 8, 'ascii');
  return block;
}

/** ustar keeps up to 100 bytes of name, and 155 more of directory in a prefix field. */
function splitPath(path: string): { name: string; prefix: string } {
  if (path === '') throw new BerthError('tar', 'cannot archive a file with an empty path');
  if (Buffer.byteLength(path) <= 100) return { name: path, prefix: '' };
  for (let at = path.indexOf('/'); at !== -1; at = path.indexOf('/', at + 1)) {
    const prefix = path.slice(0, at);
    const name = path.slice(at + 1);
    if (Buffer.byteLength(prefix) <= 155 && Buffer.byteLength(name) <= 100 && name !== '') return { name, prefix };
  }
  throw new BerthError('tar', `the path /${path} is too long to copy into a container`);
}

/** A number as zero-padded octal digits followed by a NUL, filling `width` bytes. */
function writeOctal(block: Buffer, value: number, offset: number, width: number): void {
  const digits = Math.trunc(value).toString(8);
  if (value < 0 || digits.length > width - 1) {
    throw new BerthError('tar', `the value ${value} does not fit a tar header field`);
  }
  block.write(`${digits.padStart(width - 1, '0')}\u0000`, offset, width, 'ascii');
}
