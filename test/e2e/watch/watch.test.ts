// `berth watch` and `up --watch` on the real engine: each develop.watch action, the ignore rules,
// bursts, stopped containers, initial_sync, shared builds and compose-file edits.

import { afterEach, describe, expect, it } from 'vitest';
import { dockerCli } from '../support/index.js';
import { BUSYBOX, IDLE, WatchProject, sleep } from './watch-project.js';

const projects: WatchProject[] = [];
afterEach(async () => {
  for (const project of projects.splice(0)) await project.cleanup();
});

function project(what: string, files: Readonly<Record<string, string>>): WatchProject {
  const created = new WatchProject(what, files);
  projects.push(created);
  return created;
}

describe('berth watch: sync', () => {
  it('must copy an edited file in, remove a deleted one, and leave ignored files out', async () => {
    const app = project('watch-sync', {
      'compose.yaml': `
services:
  app:
    build: ./src
    command: ${IDLE}
    develop:
      watch:
        - path: ./src
          action: sync
          target: /app
          ignore: ["*.tmp", "cache/"]
`,
      'src/Dockerfile': `FROM ${BUSYBOX}\n`,
      'src/.dockerignore': '*.md\n',
      'src/index.txt': 'v1\n',
      'src/old.txt': 'old\n',
    });
    await app.start();

    let from = app.lines().length;
    app.write('src/index.txt', 'v2\n');
    expect(await app.waitForLine(/^app: synced 1 file in \d+ ms$/, from)).toBeTruthy();
    expect(await app.read('app', '/app/index.txt')).toBe('v2\n');

    from = app.lines().length;
    app.write('src/old.txt', 'old, once more\n');
    await app.waitForLine(/^app: synced 1 file/, from);
    expect(await app.read('app', '/app/old.txt')).toBe('old, once more\n');
    from = app.lines().length;
    app.remove('src/old.txt');
    await app.waitForLine(/^app: deleted 1 file in \d+ ms$/, from);
    expect(await app.read('app', '/app/old.txt')).toBeUndefined();

    // Ignored by the rule, by the build context's .dockerignore, as an editor's swap file, in .git:
    // none of them is synced, and none is reported. A file synced after them shows that their
    // events had time to be acted on.
    from = app.lines().length;
    app.write('src/notes.tmp', 'scratch\n');
    app.write('src/cache/blob', 'cached\n');
    app.write('src/README.md', '# readme\n');
    app.write('src/.index.txt.swp', 'swap\n');
    app.write('src/.git/HEAD', 'ref: refs/heads/main\n');
    await sleep(800);
    app.write('src/marker.txt', 'marker\n');
    await app.waitForLine(/^app: synced 1 file in/, from);
    expect(await app.read('app', '/app/marker.txt')).toBe('marker\n');
    for (const ignored of ['notes.tmp', 'cache/blob', 'README.md', '.index.txt.swp', '.git/HEAD']) {
      expect(await app.read('app', `/app/${ignored}`), ignored).toBeUndefined();
    }
    expect(app.lines().slice(from), app.output()).toHaveLength(1);
  });

  it('must not report a save that changed nothing', async () => {
    const app = project('watch-nochange', {
      'compose.yaml': `
services:
  app:
    image: ${BUSYBOX}
    command: ${IDLE}
    develop:
      watch:
        - path: ./src
          action: sync
          target: /app
`,
      'src/a.txt': 'a\n',
    });
    await app.start();
    let from = app.lines().length;
    app.write('src/a.txt', 'b\n');
    await app.waitForLine(/^app: synced 1 file/, from);
    from = app.lines().length;
    app.write('src/a.txt', 'b\n');
    await sleep(1000);
    expect(app.lines().slice(from), app.output()).toEqual([]);
  });

  it('must sync, by polling, with --poll', async () => {
    const app = project('watch-poll', {
      'compose.yaml': `
services:
  app:
    image: ${BUSYBOX}
    command: ${IDLE}
    develop:
      watch:
        - path: ./src
          action: sync
          target: /app
`,
      'src/a.txt': 'a\n',
    });
    await app.start(['watch', '--progress', 'quiet', '--poll']);
    expect(app.lines()[0]).toMatch(/by polling \(polling asked for\)$/);
    const from = app.lines().length;
    app.write('src/a.txt', 'polled\n');
    await app.waitForLine(/^app: synced 1 file/, from);
    expect(await app.read('app', '/app/a.txt')).toBe('polled\n');
  });

  it('must deliver what changed while the container was stopped once it starts again', async () => {
    const app = project('watch-stopped', {
      'compose.yaml': `
services:
  app:
    image: ${BUSYBOX}
    command: ${IDLE}
    develop:
      watch:
        - path: ./src
          action: sync
          target: /app
`,
      'src/keep.txt': 'k1\n',
      'src/gone.txt': 'g1\n',
    });
    await app.start();
    let from = app.lines().length;
    app.write('src/gone.txt', 'g2\n');
    await app.waitForLine(/^app: synced 1 file/, from);
    expect(await app.read('app', '/app/gone.txt')).toBe('g2\n');

    const id = await app.containerId('app');
    await app.ok(['stop', 'app', '--progress', 'quiet']);
    from = app.lines().length;
    app.write('src/keep.txt', 'k2\n');
    app.remove('src/gone.txt');
    app.write('src/new.txt', 'n\n');
    // chokidar holds a removal back a moment (an editor's atomic save looks like one): it may come
    // in a batch of its own.
    await app.waitForLine(/deleted 1.* in .*; .*app-1 not running: removals wait for its start$/, from);
    await app.waitForLine(/^app: synced 2 files/, from);

    from = app.lines().length;
    await app.ok(['start', 'app', '--progress', 'quiet']);
    await app.waitForLine(/^app: deleted 1 file into .*app-1 once it started in/, from);
    expect(await app.containerId('app')).toBe(id);
    expect(await app.read('app', '/app/keep.txt')).toBe('k2\n');
    expect(await app.read('app', '/app/new.txt')).toBe('n\n');
    expect(await app.read('app', '/app/gone.txt')).toBeUndefined();
  });

  it('initial_sync must send only the files that differ from the container', async () => {
    const app = project('watch-initial', {
      'compose.yaml': `
services:
  app:
    build: ./app
    command: ${IDLE}
    develop:
      watch:
        - path: ./app
          action: sync
          target: /app
          initial_sync: true
`,
      'app/Dockerfile': `FROM ${BUSYBOX}\nCOPY . /app\n`,
      'app/a.txt': 'a1\n',
      'app/same.txt': 'same\n',
    });
    await app.ok(['up', '-d', '--progress', 'quiet']);
    app.write('app/a.txt', 'a2\n');
    app.write('app/b.txt', 'b\n');
    await app.start(['watch', '--no-up', '--progress', 'quiet']);
    await app.waitForLine(/^app: initial sync: synced 2 of 4 files in/, 0);
    expect(await app.read('app', '/app/a.txt')).toBe('a2\n');
    expect(await app.read('app', '/app/b.txt')).toBe('b\n');
    expect(await app.read('app', '/app/same.txt')).toBe('same\n');
  });
});

describe('berth watch: restart and exec', () => {
  it('sync+restart must restart once for a burst of ten saves', async () => {
    const app = project('watch-restart', {
      'compose.yaml': `
services:
  app:
    image: ${BUSYBOX}
    command: ${IDLE}
    develop:
      watch:
        - path: ./conf
          action: sync+restart
          target: /conf
`,
      'conf/app.conf': 'n=0\n',
    });
    await app.start();
    const id = await app.containerId('app');
    const since = Date.now() / 1000;
    const from = app.lines().length;
    for (let save = 1; save <= 10; save++) {
      app.write('conf/app.conf', `n=${save}\n`);
      await sleep(30);
    }
    await app.waitForLine(/^app: synced 1 file and restarted in/, from);
    // Time for a second restart, if one were coming.
    await sleep(1500);
    expect(app.lines().slice(from).filter((line) => line.includes('restarted')), app.output()).toHaveLength(1);
    expect(await app.starts(id, since)).toBe(1);
    expect(await app.read('app', '/conf/app.conf')).toBe('n=10\n');
  });

  it('sync+exec must run its command in the container, with its user, working directory and environment', async () => {
    const app = project('watch-exec', {
      'compose.yaml': `
services:
  app:
    image: ${BUSYBOX}
    command: ${IDLE}
    develop:
      watch:
        - path: ./conf
          action: sync+exec
          target: /conf
          exec:
            command: ["sh", "-c", "{ id -u; pwd; cat app.conf; echo $$RELOADED_BY; } > /tmp/reloaded"]
            user: nobody
            working_dir: /conf
            environment:
              RELOADED_BY: watch
`,
      'conf/app.conf': 'v=1\n',
    });
    await app.start();
    const from = app.lines().length;
    app.write('conf/app.conf', 'v=2\n');
    await app.waitForLine(/^app: synced 1 file and ran "sh -c .*" in/, from);
    expect(await app.read('app', '/tmp/reloaded')).toBe('65534\n/conf\nv=2\nwatch\n');
  });
});

describe('berth watch: rebuild', () => {
  it('must build a shared context once, recreate only the services using it, and restart their restart: true dependents', async () => {
    const build = `
    build:
      context: ./app
      no_cache: true
    command: ${IDLE}
    develop:
      watch:
        - path: ./app
          action: rebuild`;
    const app = project('watch-rebuild', {
      'compose.yaml': `
services:
  a:${build}
  b:${build}
  dependent:
    image: ${BUSYBOX}
    command: ${IDLE}
    depends_on:
      a:
        condition: service_started
        restart: true
  bystander:
    image: ${BUSYBOX}
    command: ${IDLE}
`,
      // With no_cache, two builds could not give the same id: the id shows how many builds ran.
      'app/Dockerfile': `FROM ${BUSYBOX}\nCOPY version.txt /version.txt\nRUN cat /proc/sys/kernel/random/uuid > /build-id\n`,
      'app/version.txt': 'v1\n',
    });
    await app.start();
    const before = {
      a: await app.containerId('a'),
      b: await app.containerId('b'),
      dependent: await app.containerId('dependent'),
      bystander: await app.containerId('bystander'),
    };
    expect(await app.read('a', '/build-id')).not.toBe(await app.read('b', '/build-id'));

    const since = Date.now() / 1000;
    const from = app.lines().length;
    app.write('app/version.txt', 'v2\n');
    await app.waitForLine(/^a, b: rebuilt in [\d.]+ m?s \(one build\), recreated; restarted .*dependent-1$/, from, 90_000);
    expect(app.lines().slice(from).filter((line) => line.includes('rebuilt')), app.output()).toHaveLength(1);

    expect(await app.containerId('a')).not.toBe(before.a);
    expect(await app.containerId('b')).not.toBe(before.b);
    expect(await app.read('a', '/version.txt')).toBe('v2\n');
    expect(await app.read('a', '/build-id')).toBe(await app.read('b', '/build-id'));
    expect(await app.containerId('dependent')).toBe(before.dependent);
    expect(await app.starts(before.dependent, since)).toBe(1);
    expect(await app.containerId('bystander')).toBe(before.bystander);
    expect(await app.starts(before.bystander, since)).toBe(0);
  });
});

describe('berth watch: the compose files', () => {
  it('must apply an edit of the compose file and of its .env as a new up would', async () => {
    const compose = (environment: string): string => `
services:
  app:
    image: ${BUSYBOX}
    command: ${IDLE}${environment}
    develop:
      watch:
        - path: ./src
          action: sync
          target: /app
`;
    const app = project('watch-compose', { 'compose.yaml': compose(''), '.env': 'GREETING=hello\n', 'src/a.txt': 'a\n' });
    await app.start();
    let from = app.lines().length;
    app.write('compose.yaml', compose('\n    environment:\n      GREETING: ${GREETING}'));
    await app.waitForLine(/^compose\.yaml: applied in .*, recreated .*app-1$/, from, 60_000);
    expect((await app.exec('app', ['sh', '-c', 'echo "$GREETING"'])).stdout).toBe('hello\n');

    from = app.lines().length;
    app.write('.env', 'GREETING=bonjour\n');
    await app.waitForLine(/^\.env: applied in .*, recreated .*app-1$/, from, 60_000);
    expect((await app.exec('app', ['sh', '-c', 'echo "$GREETING"'])).stdout).toBe('bonjour\n');

    // The rules still apply to the new container.
    from = app.lines().length;
    app.write('src/a.txt', 'after\n');
    await app.waitForLine(/^app: synced 1 file/, from);
    expect(await app.read('app', '/app/a.txt')).toBe('after\n');
  });
});

describe('berth up --watch', () => {
  it('must follow the output, sync, and stop the services on Ctrl+C', async () => {
    const app = project('up-watch', {
      'compose.yaml': `
services:
  app:
    image: ${BUSYBOX}
    command: ["sh", "-c", "trap 'exit 0' TERM; echo hello from app; sleep 3600 & wait"]
    develop:
      watch:
        - path: ./src
          action: sync
          target: /app
`,
      'src/a.txt': 'a\n',
    });
    await app.start(['up', '--watch', '--progress', 'quiet', '--no-color']);
    await app.waitForLine(/^app-1 +\| hello from app$/, 0);
    const from = app.lines().length;
    app.write('src/a.txt', 'watched\n');
    await app.waitForLine(/^app: synced 1 file/, from);
    expect(await app.read('app', '/app/a.txt')).toBe('watched\n');
    expect(await app.interrupt()).toBe(130);
    const { stdout } = await dockerCli(['ps', '-a', '--filter', `name=^${app.name}-app-1$`, '--format', '{{.State}}']);
    expect(stdout.trim()).toBe('exited');
  });
});
