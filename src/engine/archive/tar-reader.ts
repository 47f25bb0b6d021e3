// A reader for the tar archives the engine sends (`GET /containers/{id}/archive`): Go's archive/tar
// writes ustar, with PAX extended headers for what ustar cannot hold; GNU long names are read too.

import { BerthError } from '../../errors.js';

const BLOCK = 512;

export type TarEntryType = 'file' | 'directory' | 'symlink' | 'hardlink' | 'fifo' | 'char-device' | 'block-device';

/** One entry of an archive, its content (a file's) a slice of the archive. */
export interface TarEntry {
  /** As written, without a trailing `/` (`etc`, `etc/hosts`, `./a`). */
  path: string;
  type: TarEntryType;
  /** Permission bits with setuid, setgid and sticky. */
  mode: number;
  uid: number;
  gid: number;
  /** Seconds since the epoch. */
  mtime: number;
  /** A symlink's target, or the archive path a hard link repeats. */
  linkTarget: string;
  content: Buffer;
}

const TYPES: Record<string, TarEntryType> = {
  '0': 'file',
  '\u0000': 'file',
  '7': 'file',
  '1': 'hardlink',
  '2': 'symlink',
  '3': 'char-device',
  '4': 'block-device',
  '5': 'directory',
  '6': 'fifo',
};

/** The fields a PAX or GNU header sets for the entry after it. */
interface Overrides {
  path?: string;
  linkTarget?: string;
  size?: number;
  uid?: number;
  gid?: number;
  mtime?: number;
}

/** Every entry of an archive, in order. A damaged header or a truncated archive is a BerthError. */
export function readTar(archive: Buffer): TarEntry[] {
  const entries: TarEntry[] = [];
  let globals: Overrides = {};
  let next: Overrides = {};
  for (let offset = 0; offset + BLOCK <= archive.length; ) {
    const header = archive.subarray(offset, offset + BLOCK);
    if (header.every((byte) => byte === 0)) break;
    checkChecksum(header, offset);
    const flag = String.fromCharCode(header[156] ?? 0);
    const overrides = { ...globals, ...next };
    const size = flag === 'x' || flag === 'g' || flag === 'L' || flag === 'K' ? readNumber(header, 124, 12) : (overrides.size ?? readNumber(header, 124, 12));
    const start = offset + BLOCK;
    const end = start + size;
    if (end > archive.length) throw new BerthError('tar', `the archive ends inside the entry at byte ${offset}`);
    const content = archive.subarray(start, end);
    offset = start + Math.ceil(size / BLOCK) * BLOCK;

    if (flag === 'x') {
      next = { ...next, ...paxRecords(content) };
      continue;
    }
    if (flag === 'g') {
      globals = { ...globals, ...paxRecords(content) };
      continue;
    }
    if (flag === 'L' || flag === 'K') {
      const text = cString(content, 0, content.length);
      next = flag === 'L' ? { ...next, path: text } : { ...next, linkTarget: text };
      continue;
    }
    next = {};
    const type = TYPES[flag];
    if (type === undefined) continue; // a kind docker cp does not copy either (sockets, sparse extensions)

    const name = cString(header, 0, 100);
    // Only POSIX ustar (`ustar\0`) has a name prefix there; GNU's `ustar ` keeps times in those bytes.
    const prefix = header.subarray(257, 263).toString('latin1') === 'ustar\u0000' ? cString(header, 345, 155) : '';
    const path = overrides.path ?? (prefix === '' ? name : `${prefix}/${name}`);
    entries.push({
      path: path.length > 1 && path.endsWith('/') ? path.replace(/\/+$/, '') : path,
      type: type === 'file' && path.endsWith('/') ? 'directory' : type,
      mode: readNumber(header, 100, 8) & 0o7777,
      uid: overrides.uid ?? readNumber(header, 108, 8),
      gid: overrides.gid ?? readNumber(header, 116, 8),
      mtime: overrides.mtime ?? readNumber(header, 136, 12),
      linkTarget: overrides.linkTarget ?? cString(header, 157, 100),
      content: type === 'file' ? content : Buffer.alloc(0),
    });
  }
  return entries;
}

function checkChecksum(header: Buffer, offset: number): void {
  let unsigned = 0;
  for (let at = 0; at < BLOCK; at++) unsigned += at >= 148 && at < 156 ? 0x20 : (header[at] ?? 0);
  if (readNumber(header, 148, 8) !== unsigned) throw new BerthError('tar', `the archive has a damaged header at byte ${offset}`);
}

/** A NUL-terminated (or field-long) string. */
function cString(block: Buffer, offset: number, width: number): string {
  const field = block.subarray(offset, offset + width);
  const end = field.indexOf(0);
  return field.subarray(0, end === -1 ? field.length : end).toString('utf8');
}

/** An octal field (padded with spaces or NULs), or base-256 when its first byte has the high bit set. */
function readNumber(block: Buffer, offset: number, width: number): number {
  const first = block[offset] ?? 0;
  if ((first & 0x80) !== 0) {
    let value = first & 0x7f;
    for (let at = offset + 1; at < offset + width; at++) value = value * 256 + (block[at] ?? 0);
    return value;
  }
  const text = block.subarray(offset, offset + width).toString('latin1').replace(/[\0 ]+$/, '').trim();
  return text === '' ? 0 : Number.parseInt(text, 8);
}

/** `<length> <key>=<value>\n` records. */
function paxRecords(content: Buffer): Overrides {
  const overrides: Overrides = {};
  for (let at = 0; at < content.length; ) {
    const space = content.indexOf(0x20, at);
    if (space === -1) break;
    const length = Number.parseInt(content.subarray(at, space).toString('latin1'), 10);
    if (!Number.isFinite(length) || length <= 0) break;
    const record = content.subarray(space + 1, at + length - 1).toString('utf8');
    at += length;
    const equals = record.indexOf('=');
    if (equals === -1) continue;
    const key = record.slice(0, equals);
    const value = record.slice(equals + 1);
    if (key === 'path') overrides.path = value;
    else if (key === 'linkpath') overrides.linkTarget = value;
    else if (key === 'size') overrides.size = Number(value);
    else if (key === 'uid') overrides.uid = Number(value);
    else if (key === 'gid') overrides.gid = Number(value);
    else if (key === 'mtime') overrides.mtime = Math.floor(Number(value));
  }
  return overrides;
}
