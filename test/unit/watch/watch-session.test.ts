// The watch loop on the in-memory engine, with real files in a temporary directory (native events
// arrive within milliseconds there): what reaches which container, how often, and what is reported.

import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { watch, type Watching, type WatchReport } from '../../../src/api/watch.js';
import { readTar } from '../../../src/engine/archive/tar-reader.js';
import type { EngineEvent, LabelFilter } from '../../../src/engine/backend.js';
import { FakeBackend } from '../../support/fake-backend.js';

/** The fake engine, with a stream of container events (start, for now) like the real one's. */
class EventfulBackend extends FakeBackend {
  private readonly listeners = new Set<(event: EngineEvent) => void>();
  /** putArchive fails this many more times. */
  failPuts = 0;

  override events(_filter: LabelFilter, signal: AbortSignal): AsyncIterable<EngineEvent> {
    const listeners = this.listeners;
    return {
      async *[Symbol.asyncIterator]() {
        const queue: EngineEvent[] = [];
        let wake: (() => void) | undefined;
        const listener = (event: EngineEvent): void => {
          queue.push(event);
          wake?.();
        };
        listeners.add(listener);
        signal.addEventListener('abort', () => wake?.(), { once: true });
        try {
          while (!signal.aborted) {
            const next = queue.shift();
            if (next !== undefined) {
              yield next;
              continue;
            }
            await new Promise<void>((resolve) => (wake = resolve));
          }
        } finally {
          listeners.delete(listener);
        }
      },
    };
  }

  override async startContainer(id: string): Promise<void> {
    await super.startContainer(id);
    const container = [...this.containers.values()].find((candidate) => candidate.id === id || candidate.name === id);
    if (container === undefined || container.state !== 'running') return;
    const event: EngineEvent = { type: 'container', action: 'start', id: container.id, attributes: { ...container.body.Labels }, timeNano: Date.now() * 1e6 };
    for (const listener of this.listeners) listener(event);
  }

  override putArchive(id: string, target: string, tar: Buffer): Promise<void> {
    if (this.failPuts > 0) {
      this.failPuts -= 1;
      return Promise.reject(new Error('the engine said no'));
    }
    return super.putArchive(id, target, tar);
  }
}

interface Scene {
  dir: string;
  backend: EventfulBackend;
  reports: WatchReport[];
  watching: Watching;
  write(file: string, text: string): void;
  remove(file: string): void;
  /** The next report (after those seen so far) that matches. */
  report(pattern: RegExp, timeoutMs?: number): Promise<WatchReport>;
}

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

async function scene(compose: string, files: Record<string, string> = {}, backend = new EventfulBackend({ images: ['busybox'] })): Promise<Scene> {
  const dir = mkdtempSync(path.join(tmpdir(), 'berth-watch-'));
  const write = (file: string, text: string): void => {
    mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    writeFileSync(path.join(dir, file), text);
  };
  write('compose.yaml', compose);
  for (const [file, text] of Object.entries(files)) write(file, text);
  const reports: WatchReport[] = [];
  let seen = 0;
  const watching = await watch({ workingDir: dir, backend, env: {}, onReport: (report) => reports.push(report) });
  cleanups.push(async () => {
    await watching.close();
    rmSync(dir, { recursive: true, force: true });
  });
  seen = reports.length;
  return {
    dir,
    backend,
    reports,
    watching,
    write,
    remove: (file) => rmSync(path.join(dir, file), { recursive: true, force: true }),
    async report(pattern, timeoutMs = 5000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const index = reports.findIndex((report, at) => at >= seen && pattern.test(report.text));
        if (index !== -1) {
          seen = index + 1;
          const found = reports[index];
          if (found !== undefined) return found;
        }
        if (Date.now() > deadline) throw new Error(`no report matching ${String(pattern)}; reports:\n${reports.map((report) => report.text).join('\n')}`);
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
    },
  };
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

function archived(backend: FakeBackend, container: string): Record<string, string> {
  const files: Record<string, string> = {};
  for (const { tar } of backend.container(container).archives) {
    for (const entry of readTar(tar)) if (entry.type === 'file') files[entry.path] = entry.content.toString('utf8');
  }
  return files;
}

describe('watch: sync', () => {
  it('sends a change into every replica as one archive, and reports it once', async () => {
    const s = await scene(
      `name: demo
services:
  web:
    image: busybox
    scale: 2
    develop:
      watch:
        - path: ./src
          action: sync
          target: /app
`,
      { 'src/a.txt': 'a' },
    );
    expect(s.reports[0]?.text).toMatch(/^watching web: .*src with native events/);
    s.backend.clearCalls();
    s.write('src/a.txt', 'a2');
    s.write('src/sub/b.txt', 'b');
    const report = await s.report(/^web: synced/);
    expect(report).toMatchObject({ kind: 'synced', services: ['web'], files: 2, deleted: 0 });
    expect(s.backend.calls.filter((call) => call.startsWith('put archive'))).toEqual(['put archive into demo-web-1 at /', 'put archive into demo-web-2 at /']);
    for (const container of ['demo-web-1', 'demo-web-2']) expect(archived(s.backend, container)).toEqual({ 'app/a.txt': 'a2', 'app/sub/b.txt': 'b' });
  });

  it('removes a deleted file with one rm, and says nothing of a save that changed nothing', async () => {
    const s = await scene(
      `name: demo
services:
  web:
    image: busybox
    develop:
      watch:
        - path: ./src
          action: sync
          target: /app
`,
      { 'src/a.txt': 'a', 'src/b.txt': 'b' },
    );
    s.backend.clearCalls();
    s.remove('src/a.txt');
    s.remove('src/b.txt');
    await s.report(/^web: deleted 2 files in/);
    expect(s.backend.calls).toEqual(['exec demo-web-1 rm -rf -- /app/a.txt /app/b.txt']);
    s.write('src/c.txt', 'c');
    await s.report(/^web: synced 1 file/);
    const before = s.reports.length;
    s.write('src/c.txt', 'c');
    await sleep(300);
    await s.watching.settled();
    expect(s.reports.slice(before)).toEqual([]);
  });

  it('retries a sync the engine refused, reports it, and delivers it in the end', { timeout: 15_000 }, async () => {
    const backend = new EventfulBackend({ images: ['busybox'] });
    const s = await scene(
      `name: demo
services:
  web:
    image: busybox
    develop:
      watch:
        - path: ./src
          action: sync
          target: /app
`,
      {},
      backend,
    );
    backend.failPuts = 3;
    s.write('src/a.txt', 'a');
    const failed = await s.report(/^web: sync into demo-web-1 failed: the engine said no; will retry$/);
    expect(failed.kind).toBe('failed');
    await s.report(/^web: synced 1 file into demo-web-1 on retry in/, 5000);
    expect(archived(backend, 'demo-web-1')).toEqual({ 'app/a.txt': 'a' });
  });

  it('copies into a stopped container at once, and removes what must be removed once it starts', async () => {
    const s = await scene(
      `name: demo
services:
  web:
    image: busybox
    develop:
      watch:
        - path: ./src
          action: sync
          target: /app
`,
      { 'src/old.txt': 'old' },
    );
    const id = s.backend.container('demo-web-1').id;
    await s.backend.stopContainer(id);
    s.backend.clearCalls();
    s.remove('src/old.txt');
    await s.report(/^web: deleted 1 file in .*; demo-web-1 not running: removals wait for its start$/);
    s.write('src/new.txt', 'new');
    await s.report(/^web: synced 1 file in/);
    expect(s.backend.calls).toEqual(['put archive into demo-web-1 at /']);
    await s.backend.startContainer(id);
    await s.report(/^web: deleted 1 file into demo-web-1 once it started in/);
    expect(s.backend.calls.slice(-1)).toEqual(['exec demo-web-1 rm -rf -- /app/old.txt']);
  });
});

describe('watch: restart, exec, rebuild', () => {
  it('sync+restart restarts each replica once for a burst of saves', async () => {
    const s = await scene(
      `name: demo
services:
  web:
    image: busybox
    develop:
      watch:
        - path: ./conf
          action: sync+restart
          target: /conf
`,
      { 'conf/app.conf': '0' },
    );
    s.backend.clearCalls();
    for (let save = 1; save <= 10; save++) {
      s.write('conf/app.conf', String(save));
      await sleep(20);
    }
    const report = await s.report(/^web: synced 1 file and restarted in/);
    expect(report).toMatchObject({ kind: 'restarted', restarted: ['demo-web-1'] });
    await sleep(500);
    await s.watching.settled();
    expect(s.backend.calls.filter((call) => call.startsWith('stop container'))).toEqual(['stop container demo-web-1']);
    expect(archived(s.backend, 'demo-web-1')).toEqual({ 'conf/app.conf': '10' });
  });

  it('sync+exec runs the command as its user, and a privileged one through an exec session (rule paths made after the start)', async () => {
    const s = await scene(
      `name: demo
services:
  web:
    image: busybox
    develop:
      watch:
        - path: ./conf
          action: sync+exec
          target: /conf
          exec:
            command: app reload
            user: nobody
        - path: ./certs
          action: sync+exec
          target: /certs
          exec:
            command: ["reload-certs"]
            privileged: true
`,
    );
    s.backend.clearCalls();
    s.write('conf/app.conf', 'x');
    await s.report(/^web: synced 1 file and ran "app reload" in/);
    expect(s.backend.calls).toContain('exec demo-web-1 as nobody app reload');
    s.write('certs/a.pem', 'x');
    await s.report(/^web: synced 1 file and ran "reload-certs" in/);
    expect(s.backend.calls).toContain('exec demo-web-1 reload-certs');
  });

  it('rebuild builds a shared context once, recreates the services that use it and restarts their restart: true dependents', async () => {
    const rule = `
    build: ./app
    develop:
      watch:
        - path: ./app
          action: rebuild`;
    const s = await scene(
      `name: demo
services:
  a:${rule}
  b:${rule}
  dependent:
    image: busybox
    depends_on:
      a:
        condition: service_started
        restart: true
  bystander:
    image: busybox
`,
      { 'app/Dockerfile': 'FROM busybox\n', 'app/v.txt': '1' },
    );
    const builds = s.backend.builds.length;
    const ids = Object.fromEntries(['a', 'b', 'dependent', 'bystander'].map((service) => [service, s.backend.container(`demo-${service}-1`).id]));
    s.backend.clearCalls();
    s.write('app/v.txt', '2');
    const report = await s.report(/^a, b: rebuilt in .* \(one build\), recreated; restarted demo-dependent-1$/);
    expect(report).toMatchObject({ kind: 'rebuilt', services: ['a', 'b'], recreated: ['demo-a-1', 'demo-b-1'], restarted: ['demo-dependent-1'] });
    expect(s.backend.builds.length - builds).toBe(1);
    expect(s.backend.calls).toContain('tag image demo-a as demo-b');
    expect(s.backend.container('demo-a-1').id).not.toBe(ids.a);
    expect(s.backend.container('demo-b-1').id).not.toBe(ids.b);
    expect(s.backend.container('demo-dependent-1').id).toBe(ids.dependent);
    expect(s.backend.calls).toContain('stop container demo-dependent-1');
    expect(s.backend.calls.some((call) => call.includes('bystander'))).toBe(false);
  });
});

describe('watch: the compose files', () => {
  it('reconciles the project when the compose file changes, and follows the new rules', async () => {
    const compose = (extra: string, target: string): string => `name: demo
services:
  web:
    image: busybox${extra}
    develop:
      watch:
        - path: ./src
          action: sync
          target: ${target}
`;
    const s = await scene(compose('', '/app'));
    const id = s.backend.container('demo-web-1').id;
    s.write('compose.yaml', compose('\n    environment:\n      GREETING: hello', '/srv'));
    const report = await s.report(/^compose\.yaml: applied in .*, recreated demo-web-1$/);
    expect(report.kind).toBe('reloaded');
    expect(s.backend.container('demo-web-1').id).not.toBe(id);
    expect(s.backend.container('demo-web-1').body.Env).toContain('GREETING=hello');
    s.write('src/a.txt', 'a');
    await s.report(/^web: synced 1 file/);
    expect(archived(s.backend, 'demo-web-1')).toEqual({ 'srv/a.txt': 'a' });
  });

  it('keeps going with the old project when the edited file does not load', async () => {
    const s = await scene(`name: demo
services:
  web:
    image: busybox
    develop:
      watch:
        - path: ./src
          action: sync
          target: /app
`);
    s.write('compose.yaml', 'services: [nonsense');
    const report = await s.report(/^compose\.yaml: not applied: /);
    expect(report.kind).toBe('failed');
    s.write('src/a.txt', 'a');
    await s.report(/^web: synced 1 file/);
  });
});

describe('watch: what it refuses', () => {
  it('refuses a project without any develop.watch, and a dry run', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'berth-watch-'));
    cleanups.push(() => Promise.resolve(rmSync(dir, { recursive: true, force: true })));
    writeFileSync(path.join(dir, 'compose.yaml'), 'name: demo\nservices:\n  web:\n    image: busybox\n');
    const backend = new EventfulBackend({ images: ['busybox'] });
    await expect(watch({ workingDir: dir, backend, env: {} })).rejects.toThrow('none of the services of the project has a develop.watch section');
    await expect(watch({ workingDir: dir, backend, env: {}, dryRun: true })).rejects.toThrow('watch has no dry run');
  });
});
