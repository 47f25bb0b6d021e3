import { chownSync, linkSync, lstatSync, mkdirSync, mkdtempSync, readFileSync, readlinkSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { packHostPath, withOwner } from '../../../../src/engine/archive/pack.js';
import { readTar } from '../../../../src/engine/archive/tar-reader.js';
import { unpackToHost } from '../../../../src/engine/archive/unpack.js';
import { tarEnd, tarHeader, tarPadding } from '../../../../src/engine/build/tar-stream.js';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function scratch(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'berth-archive-'));
  dirs.push(dir);
  return dir;
}

/** An archive of `entries`, made with the build context's writer (what Go's archive/tar also writes). */
function archive(entries: { path: string; type?: 'file' | 'directory' | 'symlink'; content?: string; linkTarget?: string; mode?: number }[]): Buffer {
  const parts: Buffer[] = [];
  for (const entry of entries) {
    const content = Buffer.from(entry.content ?? '');
    const type = entry.type ?? 'file';
    parts.push(tarHeader({ path: entry.path, type, mode: entry.mode ?? (type === 'directory' ? 0o755 : 0o644), size: type === 'file' ? content.length : 0, mtime: 1_700_000_000, ...(entry.linkTarget === undefined ? {} : { linkTarget: entry.linkTarget }) }));
    if (type === 'file') parts.push(content, tarPadding(content.length));
  }
  return Buffer.concat([...parts, tarEnd()]);
}

/** A ustar header written by hand, for what tarHeader does not write (GNU long names, base-256 ids). */
function rawHeader(fields: { name: string; flag: string; size?: number; magic?: string; uidBytes?: Buffer }): Buffer {
  const block = Buffer.alloc(512);
  block.write(fields.name, 0, 100, 'utf8');
  block.write('0000644\0', 100, 8, 'ascii');
  if (fields.uidBytes !== undefined) fields.uidBytes.copy(block, 108);
  else block.write('0000000\0', 108, 8, 'ascii');
  block.write('0000000\0', 116, 8, 'ascii');
  block.write(`${(fields.size ?? 0).toString(8).padStart(11, '0')}\0`, 124, 12, 'ascii');
  block.write('00000000000\0', 136, 12, 'ascii');
  block.write('        ', 148, 8, 'ascii');
  block.write(fields.flag, 156, 1, 'ascii');
  block.write(fields.magic ?? 'ustar  \0', 257, 8, 'latin1');
  let sum = 0;
  for (const byte of block) sum += byte;
  block.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148, 8, 'ascii');
  return block;
}

describe('readTar', () => {
  it('reads files, directories and links with their modes and times', () => {
    const entries = readTar(
      archive([
        { path: 'etc', type: 'directory' },
        { path: 'etc/hosts', content: '127.0.0.1 localhost\n', mode: 0o600 },
        { path: 'etc/link', type: 'symlink', linkTarget: 'hosts' },
      ]),
    );
    expect(entries.map((entry) => [entry.path, entry.type, entry.mode, entry.linkTarget, entry.content.toString()])).toEqual([
      ['etc', 'directory', 0o755, '', ''],
      ['etc/hosts', 'file', 0o600, '', '127.0.0.1 localhost\n'],
      ['etc/link', 'symlink', 0o644, 'hosts', ''],
    ]);
    expect(entries[1]?.mtime).toBe(1_700_000_000);
  });

  it('takes long and non-ASCII names from PAX headers and the ustar prefix', () => {
    const long = `${'d'.repeat(120)}/${'f'.repeat(90)}`;
    const deep = `${'x/'.repeat(70)}file`;
    const names = readTar(archive([{ path: long, content: 'a' }, { path: deep, content: 'b' }, { path: 'café/ünï.txt', content: 'c' }])).map((entry) => entry.path);
    expect(names).toEqual([long, deep, 'café/ünï.txt']);
  });

  it('reads GNU long names and base-256 ids, and skips entries it does not copy', () => {
    const name = `${'n'.repeat(150)}.txt`;
    const longName = Buffer.from(`${name}\0`);
    const bigUid = Buffer.alloc(8);
    bigUid[0] = 0x80;
    bigUid.writeUInt32BE(5_000_000, 4);
    const data = Buffer.concat([
      rawHeader({ name: '././@LongLink', flag: 'L', size: longName.length }),
      longName,
      tarPadding(longName.length),
      rawHeader({ name: 'truncated', flag: '0', uidBytes: bigUid }),
      rawHeader({ name: 'a-socket', flag: 'S' }),
      tarEnd(),
    ]);
    expect(readTar(data).map((entry) => [entry.path, entry.uid])).toEqual([[name, 5_000_000]]);
  });

  it('refuses a damaged header or a truncated archive', () => {
    const good = archive([{ path: 'a', content: 'x'.repeat(600) }]);
    const damaged = Buffer.from(good);
    damaged[10] = 0x41;
    expect(() => readTar(damaged)).toThrow('damaged header at byte 0');
    expect(() => readTar(good.subarray(0, 700))).toThrow('ends inside the entry');
    expect(readTar(Buffer.alloc(1024))).toEqual([]);
  });
});

describe('packHostPath', () => {
  function tree(): string {
    const dir = scratch();
    mkdirSync(path.join(dir, 'src', 'sub'), { recursive: true });
    writeFileSync(path.join(dir, 'src', 'a.txt'), 'one');
    writeFileSync(path.join(dir, 'src', 'sub', 'b.txt'), 'two');
    symlinkSync('a.txt', path.join(dir, 'src', 'link'));
    linkSync(path.join(dir, 'src', 'a.txt'), path.join(dir, 'src', 'hard'));
    return dir;
  }

  it('archives a directory under the name asked for, links as links, a file seen again as a hard link', async () => {
    const dir = tree();
    const entries = readTar(await packHostPath(path.join(dir, 'src'), 'conf'));
    expect(entries.map((entry) => [entry.path, entry.type, entry.linkTarget])).toEqual([
      ['conf', 'directory', ''],
      ['conf/a.txt', 'file', ''],
      ['conf/hard', 'hardlink', 'conf/a.txt'],
      ['conf/link', 'symlink', 'a.txt'],
      ['conf/sub', 'directory', ''],
      ['conf/sub/b.txt', 'file', ''],
    ]);
    expect(entries[1]?.content.toString()).toBe('one');
    expect(entries.every((entry) => entry.uid === 0 && entry.gid === 0)).toBe(true);
  });

  it("archives only a directory's contents when no root name is given", async () => {
    const dir = tree();
    expect(readTar(await packHostPath(path.join(dir, 'src'), undefined)).map((entry) => entry.path)).toEqual(['a.txt', 'hard', 'link', 'sub', 'sub/b.txt']);
  });

  it('follows a symlink given as the source only with -L', async () => {
    const dir = tree();
    const link = path.join(dir, 'src', 'link');
    expect(readTar(await packHostPath(link, 'x')).map((entry) => [entry.type, entry.linkTarget])).toEqual([['symlink', 'a.txt']]);
    const followed = readTar(await packHostPath(link, 'x', { followLink: true }));
    expect(followed.map((entry) => [entry.type, entry.content.toString()])).toEqual([['file', 'one']]);
  });

  it('keeps uid and gid with -a', async () => {
    const dir = scratch();
    const file = path.join(dir, 'owned');
    writeFileSync(file, 'x');
    if (process.getuid?.() === 0) chownSync(file, 1234, 2345);
    const { uid, gid } = statSync(file);
    const [entry] = readTar(await packHostPath(file, 'owned', { keepOwner: true }));
    expect([entry?.uid, entry?.gid]).toEqual([uid, gid]);
  });

  it('writes an owner into a header with a PAX record before it, and large ids in base-256', () => {
    const header = tarHeader({ path: `${'p'.repeat(200)}`, type: 'file', mode: 0o644, size: 0, mtime: 0 });
    const owned = withOwner(header, 3_000_000, 42);
    const [entry] = readTar(Buffer.concat([owned, tarEnd()]));
    expect([entry?.path, entry?.uid, entry?.gid]).toEqual(['p'.repeat(200), 3_000_000, 42]);
  });
});

describe('unpackToHost', () => {
  it('writes the entries under the root to the target, with modes, times and links', async () => {
    const dir = scratch();
    const entries = readTar(
      archive([
        { path: 'etc', type: 'directory', mode: 0o750 },
        { path: 'etc/hosts', content: 'hosts', mode: 0o600 },
        { path: 'etc/link', type: 'symlink', linkTarget: 'hosts' },
        { path: 'etc/sub', type: 'directory' },
        { path: 'etc/sub/x', content: 'x' },
      ]),
    );
    const target = path.join(dir, 'copy');
    await unpackToHost(entries, { root: 'etc', target });
    expect(readFileSync(path.join(target, 'hosts'), 'utf8')).toBe('hosts');
    expect(statSync(path.join(target, 'hosts')).mode & 0o777).toBe(0o600);
    expect(statSync(target).mode & 0o777).toBe(0o750);
    expect(statSync(path.join(target, 'hosts')).mtimeMs).toBe(1_700_000_000_000);
    expect(readlinkSync(path.join(target, 'link'))).toBe('hosts');
    expect(readFileSync(path.join(target, 'sub', 'x'), 'utf8')).toBe('x');
  });

  it("takes `./` entries (a directory's contents) to the target itself, and replaces a file but not through a symlink", async () => {
    const dir = scratch();
    const outside = path.join(dir, 'outside');
    writeFileSync(outside, 'keep');
    mkdirSync(path.join(dir, 'target'));
    symlinkSync(outside, path.join(dir, 'target', 'a'));
    await unpackToHost(readTar(archive([{ path: './', type: 'directory' }, { path: './a', content: 'new' }])), { root: '.', target: path.join(dir, 'target') });
    expect(lstatSync(path.join(dir, 'target', 'a')).isFile()).toBe(true);
    expect(readFileSync(path.join(dir, 'target', 'a'), 'utf8')).toBe('new');
    expect(readFileSync(outside, 'utf8')).toBe('keep');
  });

  it('refuses entries that climb out of the target, and a file over a directory', async () => {
    const dir = scratch();
    await expect(unpackToHost(readTar(archive([{ path: 'etc/../../evil', content: 'x' }])), { root: 'etc', target: path.join(dir, 't') })).rejects.toThrow(
      'an entry outside the copied path',
    );
    mkdirSync(path.join(dir, 'busy'));
    await expect(unpackToHost(readTar(archive([{ path: 'busy', content: 'x' }])), { root: 'busy', target: path.join(dir, 'busy') })).rejects.toThrow(
      'cannot overwrite the directory',
    );
  });

  it('gives files the archive owner with keepOwner when running as root', async () => {
    const dir = scratch();
    const target = path.join(dir, 'f');
    const owned = withOwner(tarHeader({ path: 'f', type: 'file', mode: 0o644, size: 1, mtime: 0 }), 1234, 2345);
    await unpackToHost(readTar(Buffer.concat([owned, Buffer.from('x'), tarPadding(1), tarEnd()])), { root: 'f', target, keepOwner: true });
    const stats = statSync(target);
    if (process.getuid?.() === 0) expect([stats.uid, stats.gid]).toEqual([1234, 2345]);
    else expect(stats.uid).toBe(process.getuid?.());
  });
});
