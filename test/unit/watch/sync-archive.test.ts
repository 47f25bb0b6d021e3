import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { readTar } from '../../../src/engine/archive/tar-reader.js';
import { deletedPaths, entryDigest, readHostEntry, readSyncEntries, removeCommands, syncTar, type HostEntry } from '../../../src/watch/sync-archive.js';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function tree(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'berth-sync-'));
  dirs.push(dir);
  mkdirSync(path.join(dir, 'src/lib/deep'), { recursive: true });
  writeFileSync(path.join(dir, 'src/index.js'), 'index');
  writeFileSync(path.join(dir, 'src/lib/a.js'), 'a');
  writeFileSync(path.join(dir, 'src/lib/deep/b.js'), 'b');
  writeFileSync(path.join(dir, 'src/lib/skip.log'), 'log');
  symlinkSync('a.js', path.join(dir, 'src/lib/link.js'));
  return dir;
}

describe('readSyncEntries and syncTar', () => {
  it('reads files, symlinks and removed paths, and a directory with what its rule keeps below it', async () => {
    const dir = tree();
    const mapper = (hostPath: string): string | undefined =>
      hostPath.endsWith('.log') ? undefined : `/app/${path.relative(path.join(dir, 'src'), hostPath).split(path.sep).join('/')}`;
    const entries = await readSyncEntries(
      [
        { hostPath: path.join(dir, 'src/index.js'), containerPath: '/app/index.js' },
        { hostPath: path.join(dir, 'src/lib'), containerPath: '/app/lib' },
        { hostPath: path.join(dir, 'src/gone.js'), containerPath: '/app/gone.js' },
      ],
      () => mapper,
    );
    expect(entries.map((entry) => `${entry.kind} ${entry.containerPath}`)).toEqual([
      'missing /app/gone.js',
      'file /app/index.js',
      'directory /app/lib',
      'file /app/lib/a.js',
      'directory /app/lib/deep',
      'file /app/lib/deep/b.js',
      'symlink /app/lib/link.js',
    ]);

    const tar = syncTar(entries);
    if (tar === undefined) throw new Error('no archive');
    const read = readTar(tar);
    expect(read.map((entry) => `${entry.type} ${entry.path}`)).toEqual([
      'file app/index.js',
      'directory app/lib',
      'file app/lib/a.js',
      'directory app/lib/deep',
      'file app/lib/deep/b.js',
      'symlink app/lib/link.js',
    ]);
    expect(read.find((entry) => entry.path === 'app/lib/deep/b.js')?.content.toString()).toBe('b');
    expect(read.find((entry) => entry.path === 'app/lib/link.js')?.linkTarget).toBe('a.js');
    expect(deletedPaths(entries)).toEqual(['/app/gone.js']);
  });

  it('has no archive when everything is gone, and never removes /', async () => {
    const missing: HostEntry[] = [
      { kind: 'missing', hostPath: '/nowhere/a', containerPath: '/app/a' },
      { kind: 'missing', hostPath: '/nowhere', containerPath: '/' },
    ];
    expect(syncTar(missing)).toBeUndefined();
    expect(deletedPaths(missing)).toEqual(['/app/a']);
  });

  it('splits removals into commands of a few hundred paths', () => {
    const paths = Array.from({ length: 450 }, (_, index) => `/app/${index}`);
    const commands = removeCommands(paths);
    expect(commands).toHaveLength(3);
    expect(commands[0]?.slice(0, 4)).toEqual(['rm', '-rf', '--', '/app/0']);
    expect(commands.flatMap((command) => command.slice(3))).toEqual(paths);
  });

  it('gives the same digest to the same content and mode, another to a change', async () => {
    const dir = tree();
    const item = { hostPath: path.join(dir, 'src/index.js'), containerPath: '/app/index.js' };
    const first = entryDigest(await readHostEntry(item));
    writeFileSync(item.hostPath, 'index');
    expect(entryDigest(await readHostEntry(item))).toBe(first);
    writeFileSync(item.hostPath, 'changed');
    expect(entryDigest(await readHostEntry(item))).not.toBe(first);
    expect(entryDigest(await readHostEntry({ hostPath: path.join(dir, 'none'), containerPath: '/x' }))).toBe('missing');
  });
});
