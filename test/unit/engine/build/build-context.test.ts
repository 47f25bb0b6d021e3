import { spawnSync } from 'node:child_process';
import {
  chmodSync,
  linkSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  truncateSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { describe, expect, it, onTestFinished } from 'vitest';
import { BuildContextError, createBuildContext } from '../../../../src/engine/build/build-context.js';
import { DockerignoreError } from '../../../../src/engine/build/dockerignore.js';

// ---- a small tar reader: ustar fields, PAX path/linkpath records, checksums ----

interface TarItem {
  path: string;
  type: string;
  mode: number;
  uid: number;
  gid: number;
  uname: string;
  gname: string;
  mtime: number;
  linkTarget: string;
  content: Buffer;
}

function readTar(archive: Buffer): TarItem[] {
  expect(archive.length % 512).toBe(0);
  const items: TarItem[] = [];
  let pax: Record<string, string> = {};
  let offset = 0;
  for (;;) {
    const block = archive.subarray(offset, offset + 512);
    expect(block.length, 'the archive ends with two zero blocks').toBe(512);
    if (block.every((byte) => byte === 0)) {
      expect(archive.subarray(offset, offset + 1024).every((byte) => byte === 0)).toBe(true);
      expect(offset + 1024).toBe(archive.length);
      return items;
    }
    const text = (start: number, length: number): string => {
      const raw = block.subarray(start, start + length);
      const end = raw.indexOf(0);
      return raw.subarray(0, end === -1 ? length : end).toString('utf8');
    };
    const octal = (start: number, length: number): number => Number.parseInt(text(start, length).trim() || '0', 8);
    let sum = 0;
    for (let i = 0; i < 512; i++) sum += i >= 148 && i < 156 ? 32 : (block[i] ?? 0);
    expect(octal(148, 8), 'checksum').toBe(sum);
    expect(text(257, 6)).toBe('ustar');
    const size = octal(124, 12);
    const type = text(156, 1);
    const content = archive.subarray(offset + 512, offset + 512 + size);
    offset += 512 + Math.ceil(size / 512) * 512;
    if (type === 'x') {
      for (let rest = content.toString('utf8'); rest !== ''; ) {
        const space = rest.indexOf(' ');
        const length = Number(rest.slice(0, space));
        const record = Buffer.from(rest).subarray(0, length).toString('utf8');
        const [key, ...value] = record.slice(space + 1, -1).split('=');
        pax[key ?? ''] = value.join('=');
        rest = Buffer.from(rest).subarray(length).toString('utf8');
      }
      continue;
    }
    const prefix = text(345, 155);
    items.push({
      path: pax.path ?? (prefix === '' ? text(0, 100) : `${prefix}/${text(0, 100)}`),
      type,
      mode: octal(100, 8),
      uid: octal(108, 8),
      gid: octal(116, 8),
      uname: text(265, 32),
      gname: text(297, 32),
      mtime: octal(136, 12),
      linkTarget: pax.linkpath ?? text(157, 100),
      content: Buffer.from(content),
    });
    pax = {};
  }
}

async function collect(stream: Readable): Promise<Buffer> {
  return Buffer.concat((await stream.toArray()) as Buffer[]);
}

function scratch(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'berth-context-'));
  onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

function write(root: string, files: Record<string, string>): void {
  for (const [name, content] of Object.entries(files)) {
    const file = path.join(root, name);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, content);
  }
}

function gnuTar(args: string[], archive: Buffer): string {
  const result = spawnSync('tar', args, { input: archive, encoding: 'utf8' });
  expect(result.stderr).toBe('');
  expect(result.status).toBe(0);
  return result.stdout;
}

const A = 'a'.repeat(60);
const B = 'b'.repeat(60);
const SPLIT_PATH = `long/${A}/${B}/file-with-a-long-name.txt`; // > 100 bytes, fits ustar's prefix
const PAX_NAME = `long/${'c'.repeat(120)}`; // a name ustar cannot hold at all
const LONG_TARGET = `${'x/'.repeat(60)}target`;

/** A context with something of each kind: ignored directories, an exception inside one, links, long and non-ASCII names. */
function sampleContext(root: string): string {
  const ctx = path.join(root, 'ctx');
  write(ctx, {
    '.dockerignore': '# build artefacts\n*.log\n!important.log\nnode_modules\n!node_modules/keep.txt\nsecret/\n',
    Dockerfile: 'FROM scratch\nCOPY . /\n',
    'app.js': 'console.log(1)\n',
    'debug.log': 'noise',
    'important.log': 'keep me',
    [SPLIT_PATH]: 'deep',
    [PAX_NAME]: 'wide',
    'node_modules/a.js': 'a',
    'node_modules/keep.txt': 'kept',
    'node_modules/deep/x.js': 'x',
    'secret/token': 'hunter2',
    'ünïcødé.txt': 'unicode',
  });
  mkdirSync(path.join(ctx, 'empty-dir'));
  chmodSync(path.join(ctx, 'app.js'), 0o755);
  utimesSync(path.join(ctx, 'app.js'), 1_700_000_000, 1_700_000_000);
  symlinkSync('app.js', path.join(ctx, 'link'));
  symlinkSync(LONG_TARGET, path.join(ctx, 'long-link'));
  return ctx;
}

const SAMPLE_ENTRIES = [
  '.dockerignore',
  'Dockerfile',
  'app.js',
  'empty-dir/',
  'important.log',
  'link',
  'long/',
  `long/${A}/`,
  `long/${A}/${B}/`,
  SPLIT_PATH,
  `${PAX_NAME}`,
  'long-link',
  'node_modules/keep.txt', // the exception, without the excluded directory's own entry
  'ünïcødé.txt',
];

describe('createBuildContext', () => {
  it('archives the context in name order, honouring the ignore file, with links, modes and long names', async () => {
    const ctx = sampleContext(scratch());
    const context = await createBuildContext({ contextDir: ctx });
    expect(context.dockerfile).toBe('Dockerfile');
    expect(context.ignoreFile).toBe(path.join(ctx, '.dockerignore'));
    const archive = await collect(context.stream);
    const items = readTar(archive);
    expect(items.map((item) => item.path)).toEqual(SAMPLE_ENTRIES);

    const byPath = new Map(items.map((item) => [item.path, item]));
    expect(byPath.get('app.js')).toMatchObject({ type: '0', mode: 0o755, mtime: 1_700_000_000, uid: 0, gid: 0, uname: '', gname: '' });
    expect(byPath.get('app.js')?.content.toString()).toBe('console.log(1)\n');
    expect(byPath.get('important.log')).toMatchObject({ type: '0', mode: 0o644 });
    expect(byPath.get('empty-dir/')).toMatchObject({ type: '5', mode: 0o755 });
    expect(byPath.get('link')).toMatchObject({ type: '2', linkTarget: 'app.js' });
    expect(byPath.get('long-link')).toMatchObject({ type: '2', linkTarget: LONG_TARGET });
    expect(byPath.get('ünïcødé.txt')?.content.toString()).toBe('unicode');

    const stats = await context.done;
    expect(stats).toEqual({ files: 8, directories: 4, symlinks: 2, bytes: archive.length });
    expect(context.progress()).toEqual(stats);

    // GNU tar reads it, and extracts what went in.
    const listing = gnuTar(['--numeric-owner', '-tvf', '-'], archive);
    expect(listing).toMatch(/^-rwxr-xr-x 0\/0\s+15 \S+ \S+ app\.js$/m);
    expect(listing).toMatch(/^lrwxrwxrwx 0\/0\s+0 \S+ \S+ link -> app\.js$/m);
    expect(listing).toContain(SPLIT_PATH);
    expect(listing).toContain(PAX_NAME);
    const out = path.join(path.dirname(ctx), 'out');
    mkdirSync(out);
    gnuTar(['-xf', '-', '-C', out], archive);
    expect(readFileSync(path.join(out, 'ünïcødé.txt'), 'utf8')).toBe('unicode');
    expect(readFileSync(path.join(out, SPLIT_PATH), 'utf8')).toBe('deep');
    expect(readFileSync(path.join(out, PAX_NAME), 'utf8')).toBe('wide');
  });

  it('gives the same archive for the same directory', async () => {
    const ctx = sampleContext(scratch());
    const first = await collect((await createBuildContext({ contextDir: ctx })).stream);
    const second = await collect((await createBuildContext({ contextDir: ctx, dockerfile: path.join(ctx, 'Dockerfile') })).stream);
    expect(second.equals(first)).toBe(true);
  });

  it('adds a Dockerfile from outside the context under a generated name, and names it in .dockerignore', async () => {
    const root = scratch();
    const ctx = sampleContext(root);
    write(root, { 'outside/Foo.Dockerfile': 'FROM alpine\n' });
    const context = await createBuildContext({ contextDir: ctx, dockerfile: '../outside/Foo.Dockerfile' });
    expect(context.dockerfile).toMatch(/^\.dockerfile\.[0-9a-f]{20}$/);
    const items = readTar(await collect(context.stream));
    expect(items.map((item) => item.path)).toEqual([...SAMPLE_ENTRIES, context.dockerfile]);
    expect(items.at(-1)).toMatchObject({ type: '0', mode: 0o600 });
    expect(items.at(-1)?.content.toString()).toBe('FROM alpine\n');
    const ignore = items.find((item) => item.path === '.dockerignore');
    expect(ignore?.content.toString()).toBe(`${readFileSync(path.join(ctx, '.dockerignore'), 'utf8')}\n${context.dockerfile}\n`);
    expect((await context.done).files).toBe(9);
  });

  it('uses the ignore file next to an outside Dockerfile instead of the context one', async () => {
    const root = scratch();
    const ctx = sampleContext(root);
    write(root, { 'outside/Foo.Dockerfile': 'FROM alpine\n', 'outside/Foo.Dockerfile.dockerignore': 'app.js\nlong\n' });
    const dockerfile = path.join(root, 'outside/Foo.Dockerfile');
    const context = await createBuildContext({ contextDir: ctx, dockerfile });
    expect(context.ignoreFile).toBe(`${dockerfile}.dockerignore`);
    const paths = readTar(await collect(context.stream)).map((item) => item.path);
    expect(paths).not.toContain('app.js');
    expect(paths).toContain('debug.log');
    expect(paths).toContain('node_modules/deep/x.js');
    expect(paths.filter((p) => p.startsWith('long/'))).toEqual([]);
  });

  it('adds an inline Dockerfile, and a .dockerignore naming it when the context has none', async () => {
    const ctx = path.join(scratch(), 'ctx');
    write(ctx, { 'index.html': '<p>hi</p>' });
    const context = await createBuildContext({ contextDir: ctx, dockerfile: { inline: 'FROM nginx\nCOPY . /usr/share/nginx/html\n' } });
    const items = readTar(await collect(context.stream));
    expect(items.map((item) => item.path)).toEqual(['index.html', context.dockerfile, '.dockerignore']);
    expect(items[1]?.content.toString()).toBe('FROM nginx\nCOPY . /usr/share/nginx/html\n');
    expect(items[2]?.content.toString()).toBe(`.dockerignore\n${context.dockerfile}\n`);
    expect(context.ignoreFile).toBeUndefined();
  });

  it('sends the Dockerfile and .dockerignore even when the ignore file excludes them', async () => {
    const ctx = path.join(scratch(), 'ctx');
    write(ctx, { '.dockerignore': '*\n', 'docker/app.Dockerfile': 'FROM scratch\n', 'docker/other': 'x', 'src/main.c': '' });
    const context = await createBuildContext({ contextDir: ctx, dockerfile: 'docker/app.Dockerfile' });
    expect(context.dockerfile).toBe('docker/app.Dockerfile');
    expect(readTar(await collect(context.stream)).map((item) => item.path)).toEqual(['.dockerignore', 'docker/app.Dockerfile']);
  });

  it('resolves an absolute Dockerfile inside the context to its path in the archive', async () => {
    const ctx = path.join(scratch(), 'ctx');
    write(ctx, { 'build/Dockerfile.prod': 'FROM scratch\n' });
    const context = await createBuildContext({ contextDir: ctx, dockerfile: path.join(ctx, 'build/Dockerfile.prod') });
    expect(context.dockerfile).toBe('build/Dockerfile.prod');
    await collect(context.stream);
  });

  it('writes a second name of a file as a hard link to the first, and a FIFO as an entry of its own', async () => {
    const ctx = path.join(scratch(), 'ctx');
    write(ctx, { Dockerfile: 'FROM scratch\n', 'b.txt': 'shared' });
    linkSync(path.join(ctx, 'b.txt'), path.join(ctx, 'a.txt'));
    expect(spawnSync('mkfifo', [path.join(ctx, 'pipe')]).status).toBe(0);
    const archive = await collect((await createBuildContext({ contextDir: ctx })).stream);
    expect(readTar(archive).map((item) => [item.path, item.type, item.linkTarget, item.content.toString()])).toEqual([
      ['Dockerfile', '0', '', 'FROM scratch\n'],
      ['a.txt', '0', '', 'shared'],
      ['b.txt', '1', 'a.txt', ''],
      ['pipe', '6', '', ''],
    ]);
    expect(gnuTar(['-tvf', '-'], archive)).toMatch(/^hrw-r--r-- .* b\.txt link to a\.txt$/m);
  });

  it('streams a file bigger than the read-ahead size', async () => {
    const ctx = path.join(scratch(), 'ctx');
    const big = Buffer.alloc(3 * 1024 * 1024 + 123);
    for (let i = 0; i < big.length; i++) big[i] = i % 251;
    write(ctx, { Dockerfile: 'FROM scratch\n', 'z.txt': 'after' });
    writeFileSync(path.join(ctx, 'big.bin'), big);
    const items = readTar(await collect((await createBuildContext({ contextDir: ctx })).stream));
    expect(items.map((item) => item.path)).toEqual(['Dockerfile', 'big.bin', 'z.txt']);
    expect(items[1]?.content.equals(big)).toBe(true);
    expect(items[2]?.content.toString()).toBe('after');
  });

  it('streams a directory of 10,000 small files and counts them', async () => {
    const ctx = path.join(scratch(), 'ctx');
    mkdirSync(ctx);
    writeFileSync(path.join(ctx, 'Dockerfile'), 'FROM scratch\n');
    writeFileSync(path.join(ctx, '.dockerignore'), 'ignored\n');
    let contentBytes = 0;
    for (let d = 0; d < 100; d++) {
      const dir = path.join(ctx, `dir${String(d).padStart(3, '0')}`);
      mkdirSync(dir);
      for (let f = 0; f < 100; f++) {
        const content = `file ${d}/${f}\n`;
        contentBytes += content.length;
        writeFileSync(path.join(dir, `f${f}.txt`), content);
      }
    }
    mkdirSync(path.join(ctx, 'ignored'));
    for (let f = 0; f < 1000; f++) writeFileSync(path.join(ctx, 'ignored', `f${f}`), 'x');

    const context = await createBuildContext({ contextDir: ctx });
    const archive = await collect(context.stream);
    const stats = await context.done;
    expect(stats).toEqual({ files: 10_002, directories: 100, symlinks: 0, bytes: archive.length });
    const items = readTar(archive);
    expect(items.length).toBe(10_102);
    expect(items.filter((item) => item.type === '0').reduce((sum, item) => sum + item.content.length, 0)).toBe(
      contentBytes + 'FROM scratch\n'.length + 'ignored\n'.length,
    );
    expect(items.some((item) => item.path.startsWith('ignored'))).toBe(false);
    expect(gnuTar(['-tf', '-'], archive).split('\n').filter(Boolean).length).toBe(10_102);
    // Writing and reading 11,000 files is slow on a loaded machine; how fast it is, bench/build.mjs says.
  }, 60_000);
});

describe('createBuildContext faults', () => {
  it('names a context that does not exist, or is not a directory', async () => {
    const root = scratch();
    const missing = path.join(root, 'nope');
    await expect(createBuildContext({ contextDir: missing })).rejects.toThrow(BuildContextError);
    await expect(createBuildContext({ contextDir: missing })).rejects.toThrow(`build context ${missing} does not exist`);
    write(root, { file: '' });
    await expect(createBuildContext({ contextDir: path.join(root, 'file') })).rejects.toThrow('is not a directory');
  });

  it('names a Dockerfile that does not exist', async () => {
    const ctx = path.join(scratch(), 'ctx');
    write(ctx, { 'app.js': '' });
    await expect(createBuildContext({ contextDir: ctx })).rejects.toThrow(`the Dockerfile ${path.join(ctx, 'Dockerfile')} does not exist`);
    await expect(createBuildContext({ contextDir: ctx, dockerfile: 'sub/Prod.Dockerfile' })).rejects.toThrow(
      `the Dockerfile ${path.join(ctx, 'sub/Prod.Dockerfile')} does not exist`,
    );
  });

  it('takes a lowercase dockerfile for the default name, as the CLI does', async () => {
    const ctx = path.join(scratch(), 'ctx');
    write(ctx, { dockerfile: 'FROM scratch\n' });
    expect((await createBuildContext({ contextDir: ctx })).dockerfile).toBe('dockerfile');
  });

  it('rejects a bad ignore file before sending anything', async () => {
    const ctx = path.join(scratch(), 'ctx');
    write(ctx, { Dockerfile: '', '.dockerignore': '!\n' });
    await expect(createBuildContext({ contextDir: ctx })).rejects.toThrow(DockerignoreError);
  });

  it('fails the stream with an error naming an unreadable file', async () => {
    const root = scratch();
    const ctx = path.join(root, 'ctx');
    write(ctx, { Dockerfile: 'FROM scratch\n', 'a.txt': 'a', 'secret.txt': 'no' });
    const secret = path.join(ctx, 'secret.txt');
    chmodSync(root, 0o755);
    chmodSync(secret, 0o000);
    // root reads any file; for this test the worker takes the identity of nobody for a moment.
    const asRoot = process.getuid?.() === 0;
    if (asRoot) {
      chmodSync(secret, 0o600);
      process.seteuid?.(65534);
    }
    try {
      const context = await createBuildContext({ contextDir: ctx });
      await expect(collect(context.stream)).rejects.toThrow(`cannot read ${secret} in the build context: permission denied`);
      await expect(context.done).rejects.toThrow(BuildContextError);
    } finally {
      if (asRoot) process.seteuid?.(0);
    }
  });

  it('fails clearly on a file larger than 8 GiB', async () => {
    const ctx = path.join(scratch(), 'ctx');
    write(ctx, { Dockerfile: 'FROM scratch\n', 'huge.img': '' });
    truncateSync(path.join(ctx, 'huge.img'), 8 * 1024 ** 3); // sparse: nothing is written
    const context = await createBuildContext({ contextDir: ctx });
    await expect(collect(context.stream)).rejects.toThrow(`${path.join(ctx, 'huge.img')} in the build context is larger than 8 GiB`);
  });
});
