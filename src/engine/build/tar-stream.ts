// The header blocks of a tar archive written entry by entry, for streaming a build context. Unlike
// src/plan/tar.ts (whole files from buffers), the caller writes each entry's content itself, so a
// big file goes out as it is read. ustar where the fields fit; a PAX extended header before the entry
// where they do not (long or non-ASCII paths and link targets, times out of range), as Go's
// archive/tar writes them for the docker CLI.

import { BerthError } from '../../errors.js';

export const TAR_BLOCK = 512;

/** The largest content a ustar size field holds (11 octal digits): 8 GiB less one byte. */
export const MAX_TAR_ENTRY_SIZE = 8 ** 11 - 1;

export type TarEntryType = 'file' | 'hardlink' | 'symlink' | 'directory' | 'fifo';

export interface TarHeaderFields {
  /** `/`-separated, relative; a directory's trailing `/` is added here. */
  path: string;
  type: TarEntryType;
  /** Permission bits with setuid, setgid and sticky (`0o7777`). */
  mode: number;
  /** The length of the content that follows; 0 for anything but a file. */
  size: number;
  /** Seconds since the epoch. */
  mtime: number;
  /** A symlink's target, or the archive path a hard link repeats. */
  linkTarget?: string;
}

const TYPE_FLAG: Record<TarEntryType, string> = {
  file: '0',
  hardlink: '1',
  symlink: '2',
  directory: '5',
  fifo: '6',
};

const MAX_OCTAL_TIME = 8 ** 11 - 1;
// Every padding and the end of the archive are slices of this one buffer; nothing writes to it.
const ZEROS = Buffer.alloc(TAR_BLOCK * 2);

/** The block(s) that start one entry: a PAX header and its records first when ustar cannot hold a field. */
export function tarHeader(fields: TarHeaderFields): Buffer {
  if (!Number.isSafeInteger(fields.size) || fields.size < 0 || fields.size > MAX_TAR_ENTRY_SIZE) {
    throw new BerthError('tar', `${fields.path} is ${fields.size} bytes, more than a tar entry holds (8 GiB)`);
  }
  if (fields.path === '') throw new BerthError('tar', 'cannot archive an entry with an empty path');
  const name = fields.type === 'directory' && !fields.path.endsWith('/') ? `${fields.path}/` : fields.path;
  const pax: [string, string][] = [];

  const split = splitUstarPath(name);
  if (split === undefined) pax.push(['path', name]);
  const ustarName = split?.name ?? asciiPlaceholder(name, 100);
  const ustarPrefix = split?.prefix ?? '';

  let linkName = fields.linkTarget ?? '';
  if (!fitsAscii(linkName, 100)) {
    pax.push(['linkpath', linkName]);
    linkName = asciiPlaceholder(linkName, 100);
  }

  let mtime = Math.floor(fields.mtime);
  if (mtime < 0 || mtime > MAX_OCTAL_TIME) {
    pax.push(['mtime', String(mtime)]);
    mtime = mtime < 0 ? 0 : MAX_OCTAL_TIME;
  }

  const header = ustarBlock({
    name: ustarName,
    prefix: ustarPrefix,
    mode: fields.mode & 0o7777,
    size: fields.size,
    mtime,
    typeflag: TYPE_FLAG[fields.type],
    linkName,
  });
  if (pax.length === 0) return header;

  const records = Buffer.from(pax.map(([key, value]) => paxRecord(key, value)).join(''), 'utf8');
  const paxHeader = ustarBlock({
    name: asciiPlaceholder(`PaxHeaders.0/${lastSegment(name)}`, 100),
    prefix: '',
    mode: 0o644,
    size: records.length,
    mtime,
    typeflag: 'x',
    linkName: '',
  });
  return Buffer.concat([paxHeader, records, tarPadding(records.length), header]);
}

/** The zeros that fill the last block of `size` bytes of content (possibly none). */
export function tarPadding(size: number): Buffer {
  return ZEROS.subarray(0, (TAR_BLOCK - (size % TAR_BLOCK)) % TAR_BLOCK);
}

/** The two zero blocks that end an archive. */
export function tarEnd(): Buffer {
  return ZEROS.subarray(0, TAR_BLOCK * 2);
}

interface UstarFields {
  name: string;
  prefix: string;
  mode: number;
  size: number;
  mtime: number;
  typeflag: string;
  linkName: string;
}

function ustarBlock(fields: UstarFields): Buffer {
  const block = Buffer.alloc(TAR_BLOCK);
  block.write(fields.name, 0, 100, 'ascii');
  writeOctal(block, fields.mode, 100, 8);
  writeOctal(block, 0, 108, 8); // uid: the docker CLI sends everything as root's
  writeOctal(block, 0, 116, 8); // gid
  writeOctal(block, fields.size, 124, 12);
  writeOctal(block, fields.mtime, 136, 12);
  block.write('        ', 148, 8, 'ascii'); // the checksum counts its own field as spaces
  block.write(fields.typeflag, 156, 1, 'ascii');
  block.write(fields.linkName, 157, 100, 'ascii');
  block.write('ustar\u000000', 257, 8, 'ascii');
  // uname and gname stay empty: the CLI does not tell the engine local user names.
  writeOctal(block, 0, 329, 8); // devmajor
  writeOctal(block, 0, 337, 8); // devminor
  block.write(fields.prefix, 345, 155, 'ascii');
  let sum = 0;
  for (let at = 0; at < TAR_BLOCK; at++) sum += block[at] ?? 0;
  block.write(`${sum.toString(8).padStart(6, '0')}\u0000 `, 148, 8, 'ascii');
  return block;
}

/**
 * ustar keeps 100 bytes of name and 155 more of leading directories in a prefix field, split at a
 * `/`. Only ASCII goes there: other readers decode those fields in their own locale.
 */
function splitUstarPath(path: string): { name: string; prefix: string } | undefined {
  if (!isAscii(path)) return undefined;
  if (path.length <= 100) return { name: path, prefix: '' };
  // A directory's trailing slash belongs to the name part, so the split is looked for before it.
  const searchEnd = Math.min(path.endsWith('/') ? path.length - 1 : path.length, 156);
  const at = path.lastIndexOf('/', searchEnd - 1);
  if (at <= 0) return undefined;
  const name = path.slice(at + 1);
  if (name === '' || name.length > 100 || at > 155) return undefined;
  return { name, prefix: path.slice(0, at) };
}

/** One `<length> <key>=<value>\n` record; the length counts the whole record, its own digits too. */
function paxRecord(key: string, value: string): string {
  const body = ` ${key}=${value}\n`;
  const bodyLength = Buffer.byteLength(body, 'utf8');
  let length = bodyLength + String(bodyLength).length;
  if (String(length).length + bodyLength !== length) length = bodyLength + String(length).length;
  return `${length}${body}`;
}

function isAscii(text: string): boolean {
  for (let at = 0; at < text.length; at++) {
    const code = text.charCodeAt(at);
    if (code === 0 || code > 0x7f) return false;
  }
  return true;
}

function fitsAscii(text: string, width: number): boolean {
  return text.length <= width && isAscii(text);
}

/** What a reader that ignores PAX headers sees: the bytes that fit, other characters as `_`. */
function asciiPlaceholder(text: string, width: number): string {
  let out = '';
  for (const char of text) {
    if (out.length === width) break;
    const code = char.codePointAt(0) ?? 0;
    out += code === 0 || code > 0x7f ? '_' : char;
  }
  return out;
}

function lastSegment(path: string): string {
  const trimmed = path.endsWith('/') ? path.slice(0, -1) : path;
  return trimmed.slice(trimmed.lastIndexOf('/') + 1);
}

/** A number as zero-padded octal digits followed by a NUL, filling `width` bytes. */
function writeOctal(block: Buffer, value: number, offset: number, width: number): void {
  const digits = Math.trunc(value).toString(8);
  if (value < 0 || digits.length > width - 1) {
    throw new BerthError('tar', `the value ${value} does not fit a tar header field`);
  }
  block.write(`${digits.padStart(width - 1, '0')}\u0000`, offset, width, 'ascii');
}
