import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, realpath, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// These run the compiled executable, so they need `npm run build` (npm test builds first).
const root = fileURLToPath(new URL('../../../', import.meta.url));
const bin = path.join(root, 'bin', 'berth');
const built = existsSync(path.join(root, 'dist', 'cli', 'main.js'));

let dir: string;

beforeAll(async () => {
  if (!built) throw new Error('dist/ is missing: run `npm run build` first (npm test does)');
  dir = await realpath(await mkdtemp(path.join(tmpdir(), 'berth-bin-')));
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function berth(args: string[], env: Record<string, string> = {}, cwd = dir) {
  return execa(bin, args, { cwd, env: { BERTH_DEBUG: '', ...env }, reject: false, stdin: 'ignore' });
}

describe('the berth executable', () => {
  it('runs the same from its compile cache as without it, lazily loaded modules included', async () => {
    // ps loads the engine client on demand; the first run writes the cache, the second reads it.
    const cache = await realpath(await mkdtemp(path.join(tmpdir(), 'berth-cache-')));
    try {
      await writeFile(path.join(dir, 'compose.yaml'), 'services:\n  web:\n    image: x\n');
      const env = { XDG_CACHE_HOME: cache, DOCKER_HOST: 'unix:///nonexistent/berth.sock' };
      const first = await berth(['ps'], env);
      const second = await berth(['ps'], env);
      expect(existsSync(path.join(cache, 'berth'))).toBe(true);
      for (const result of [first, second]) {
        expect(result.exitCode).toBe(1);
        expect(result.stderr).toMatch(/^error: cannot reach the Docker engine at unix:\/\/\/nonexistent\/berth\.sock/);
      }
    } finally {
      await rm(cache, { recursive: true, force: true });
    }
  });

  it('keeps a compile cache per command, and drops the caches of other builds', async () => {
    const cache = await realpath(await mkdtemp(path.join(tmpdir(), 'berth-cache-')));
    try {
      await writeFile(path.join(dir, 'compose.yaml'), 'services:\n  web:\n    image: x\n');
      const stale = path.join(cache, 'berth', 'compile-v0.0.0-x64-1-1-up.v8');
      await mkdir(path.dirname(stale), { recursive: true });
      await writeFile(stale, 'from another build');
      const env = { XDG_CACHE_HOME: cache, DOCKER_HOST: 'unix:///nonexistent/berth.sock' };
      await berth(['--version'], env);
      await berth(['-p', 'demo', '-f', 'compose.yaml', 'config'], env);
      await berth(['ps'], env);
      await berth(['ps', '-a'], env);
      const names = (await readdir(path.join(cache, 'berth'))).sort();
      expect(names.map((name) => name.replace(/^compile-.*-(\w+)\.v8$/, '$1'))).toEqual(['config', 'other', 'ps']);
      expect(names.every((name) => name.startsWith(`compile-${process.version}-${process.arch}-`))).toBe(true);
    } finally {
      await rm(cache, { recursive: true, force: true });
    }
  });

  it('prints its version', async () => {
    const result = await berth(['--version']);
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toMatch(/^berth version \d+\.\d+\.\d+/);
  });

  it('reports invalid YAML with its location, exit 1 and no stack', async () => {
    await writeFile(path.join(dir, 'compose.yaml'), 'services:\n  web: [\n');
    const result = await berth(['config']);
    expect(result.exitCode).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(new RegExp(`^error: ${escape(path.join(dir, 'compose.yaml'))}:\\d+:\\d+: invalid YAML`));
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });

  it('shows the stack with BERTH_DEBUG=1', async () => {
    await writeFile(path.join(dir, 'compose.yaml'), 'services:\n  web: [\n');
    const result = await berth(['config'], { BERTH_DEBUG: '1' });
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toMatch(/^error: /);
    expect(result.stderr).toMatch(/\n\s+at /);
  });

  it('says when there is no compose file', async () => {
    // Not under `dir`: the search would find the compose file the other tests write there.
    const empty = await realpath(await mkdtemp(path.join(tmpdir(), 'berth-empty-')));
    try {
      const result = await berth(['config'], {}, empty);
      expect(result.exitCode).toBe(1);
      expect(result.stderr).toMatch(/^error: no configuration file provided: not found\nhint: /);
    } finally {
      await rm(empty, { recursive: true, force: true });
    }
  });

  it('prints a valid project and lists its services', async () => {
    await writeFile(
      path.join(dir, 'compose.yaml'),
      'services:\n  web:\n    image: nginx\n    depends_on: [db]\n  db:\n    image: postgres\n',
    );
    const services = await berth(['config', '--services']);
    expect(services.stderr).toBe('');
    expect(services.stdout).toBe('db\nweb');
    const json = await berth(['-p', 'demo', 'config', '--format', 'json']);
    expect(json.exitCode).toBe(0);
    expect(JSON.parse(json.stdout)).toMatchObject({ name: 'demo', services: { web: { image: 'nginx' } } });
  });

  it('reads the compose file from standard input with -f -', async () => {
    const result = await execa(bin, ['-p', 'piped', '-f', '-', 'config', '--services'], {
      cwd: dir,
      input: 'services:\n  only:\n    image: busybox\n',
      reject: false,
    });
    expect(result.stderr).toBe('');
    expect(result.stdout).toBe('only');
  });
});

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
