import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { watch, type ChokidarOptions } from 'chokidar';
import { afterEach, describe, expect, it } from 'vitest';
import { FileWatcher, type FileEvent } from '../../../src/watch/file-watcher.js';

const dirs: string[] = [];
const watchers: FileWatcher[] = [];
afterEach(async () => {
  for (const watcher of watchers.splice(0)) await watcher.close();
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function directory(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'berth-fw-'));
  dirs.push(dir);
  mkdirSync(path.join(dir, 'src/node_modules'), { recursive: true });
  return dir;
}

async function open(options: Omit<Parameters<typeof FileWatcher.open>[0], 'onEvent' | 'onError'>): Promise<{ watcher: FileWatcher; events: FileEvent[] }> {
  const events: FileEvent[] = [];
  const watcher = await FileWatcher.open({ ...options, onEvent: (event) => events.push(event), onError: () => undefined });
  watchers.push(watcher);
  return { watcher, events };
}

async function until(what: string, check: () => boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('FileWatcher', () => {
  it('reports changes with native events, and leaves pruned directories alone', async () => {
    const dir = directory();
    const src = path.join(dir, 'src');
    const { watcher, events } = await open({ paths: [src], prune: (candidate) => path.basename(candidate) === 'node_modules' });
    expect(watcher.watched).toEqual([{ path: src, mode: 'native', reason: expect.stringMatching(/^native events/) as unknown as string }]);
    writeFileSync(path.join(src, 'node_modules', 'x.js'), 'x');
    writeFileSync(path.join(src, 'a.js'), 'a');
    await until('the add of a.js', () => events.some((event) => event.path === path.join(src, 'a.js')));
    expect(events.find((event) => event.path === path.join(src, 'a.js'))?.kind).toBe('add');
    expect(events.some((event) => event.path.includes('node_modules'))).toBe(false);
  });

  it('polls when asked to', async () => {
    const dir = directory();
    const src = path.join(dir, 'src');
    const { watcher, events } = await open({ paths: [src], poll: true, pollIntervalMs: 50 });
    expect(watcher.watched[0]?.mode).toBe('polling');
    writeFileSync(path.join(src, 'b.js'), 'b');
    await until('the add of b.js', () => events.some((event) => event.path === path.join(src, 'b.js')));
  });

  it('falls back to polling when a probe write brings no native event, and removes the probe', async () => {
    const dir = directory();
    const src = path.join(dir, 'src');
    const deaf = mkdtempSync(path.join(tmpdir(), 'berth-fw-deaf-'));
    dirs.push(deaf);
    // Native events never arrive: the native watcher looks at another, empty directory.
    const create = (paths: string[], options: ChokidarOptions) => watch(options.usePolling === true ? paths : [deaf], options);
    const { watcher, events } = await open({ paths: [src], create, probeTimeoutMs: 300, pollIntervalMs: 50, forceProbe: true });
    expect(watcher.watched[0]).toMatchObject({ path: src, mode: 'polling', reason: expect.stringMatching(/^no native event within 300 ms/) as unknown as string });
    expect(readdirSync(src).filter((name) => name.startsWith('.berth-watch-probe-'))).toEqual([]);
    writeFileSync(path.join(src, 'c.js'), 'c');
    await until('the add of c.js', () => events.some((event) => event.path === path.join(src, 'c.js')));
  });

  it('keeps native events when the probe is seen', async () => {
    const dir = directory();
    const src = path.join(dir, 'src');
    const { watcher, events } = await open({ paths: [src], probeTimeoutMs: 2000, forceProbe: true });
    expect(watcher.watched[0]).toMatchObject({ mode: 'native', reason: expect.stringMatching(/probed\)$/) as unknown as string });
    // The probe is the watcher's own business: it is never passed on.
    expect(events.filter((event) => event.path.includes('.berth-watch-probe-'))).toEqual([]);
  });

  it('watches a path made after the start, reported as added once it is there', async () => {
    const dir = directory();
    const later = path.join(dir, 'later');
    const { events } = await open({ paths: [later] });
    mkdirSync(later);
    writeFileSync(path.join(later, 'first.js'), 'x');
    await until('the root to be reported', () => events.some((event) => event.path === later && event.kind === 'addDir'), 3000);
    writeFileSync(path.join(later, 'second.js'), 'y');
    await until('the add of second.js', () => events.some((event) => event.path === path.join(later, 'second.js')));
  });

  it('follows a change of the paths', async () => {
    const dir = directory();
    const src = path.join(dir, 'src');
    const other = path.join(dir, 'other');
    mkdirSync(other);
    const { watcher, events } = await open({ paths: [src] });
    await watcher.setPaths([other]);
    expect(watcher.watched.map((root) => root.path)).toEqual([other]);
    writeFileSync(path.join(src, 'ignored.js'), 'x');
    writeFileSync(path.join(other, 'seen.js'), 'y');
    await until('the add of seen.js', () => events.some((event) => event.path === path.join(other, 'seen.js')));
    expect(events.some((event) => event.path.endsWith('ignored.js'))).toBe(false);
  });
});
