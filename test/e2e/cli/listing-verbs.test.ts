// The listing and watching verbs on a real engine: images, version, ls (with a project that
// docker-compose 1.29 brought up beside berth's), stats and events.

import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  BERTH_BIN,
  REPO_DIR,
  describeRun,
  dockerCompose,
  removeProjectDir,
  removeProjectLeftovers,
  runBerth,
  toolEnv,
  uniqueProjectName,
  waitFor,
  writeProject,
} from '../support/index.js';
import { BUSYBOX, CliProject } from './cli-project.js';

/** One service that stops at once on SIGTERM; no top-level `name:`, so docker-compose 1.29 takes it too. */
const ONE_SERVICE = `services:
  web:
    image: ${BUSYBOX}
    command: ["sh", "-c", "trap 'exit 0' TERM; sleep 3600 & wait"]
`;

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** A berth project of the test, removed after it whatever happens. */
function berthProject(compose = ONE_SERVICE): CliProject {
  const project = new CliProject(compose);
  cleanups.push(() => project.cleanup());
  return project;
}

function jsonLines(text: string): Record<string, unknown>[] {
  return text
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

describe('berth images', () => {
  it("must list the image of each of a running project's containers, as a table and as JSON", async () => {
    const demo = berthProject();
    await demo.ok(['up', '-d']);

    const table = await demo.ok(['images']);
    const [heading, row, ...rest] = table.stdout.split('\n');
    expect(heading).toMatch(/^CONTAINER +REPOSITORY +TAG +PLATFORM +IMAGE ID +SIZE +CREATED$/);
    expect(row).toMatch(new RegExp(`^${demo.name}-web-1 +berth-test/busybox +latest +linux/\\w+ +[0-9a-f]{12} +\\d[\\d.]*[kMG]?B +.* ago$`));
    expect(rest).toEqual(['']);

    const records = JSON.parse((await demo.ok(['images', '--format', 'json'])).stdout) as Record<string, unknown>[];
    expect(records).toEqual([
      {
        ID: expect.stringMatching(/^sha256:[0-9a-f]{64}$/) as unknown,
        ContainerName: `${demo.name}-web-1`,
        Repository: 'berth-test/busybox',
        Tag: 'latest',
        Platform: expect.stringMatching(/^linux\//) as unknown,
        Size: expect.any(Number) as unknown,
        Created: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/) as unknown,
      },
    ]);
    const id = String(records[0]?.ID).slice('sha256:'.length);
    expect((await demo.ok(['images', '-q'])).stdout).toBe(`${id}\n`);
  });
});

describe('berth version', () => {
  it('must print the version of package.json, alone with --short and as JSON with --format json', async () => {
    const { version } = JSON.parse(readFileSync(path.join(REPO_DIR, 'package.json'), 'utf8')) as { version: string };
    const short = await runBerth(['version', '--short']);
    expect(short.stdout, describeRun(short)).toBe(`${version}\n`);
    expect((await runBerth(['version', '--format', 'json'])).stdout).toBe(`${JSON.stringify({ version })}\n`);
    expect((await runBerth(['version'])).stdout).toBe(`berth version ${version}\n`);
  });
});

describe('berth ls', () => {
  it("must list berth's projects and docker-compose 1.29's, filter them by name, and print names with -q", async () => {
    const ours = berthProject();
    await ours.ok(['up', '-d']);
    const theirs = uniqueProjectName('ls-compose');
    const theirDir = writeProject({ 'compose.yaml': ONE_SERVICE });
    cleanups.push(async () => {
      await removeProjectLeftovers(theirs);
      removeProjectDir(theirDir);
    });
    const composeUp = await dockerCompose(['-p', theirs, 'up', '-d'], { cwd: theirDir });
    expect(composeUp.exitCode, describeRun(composeUp)).toBe(0);

    // Other tests' projects may be on the engine too: only these two are looked at.
    const records = JSON.parse((await runBerth(['ls', '--format', 'json'])).stdout) as Record<string, unknown>[];
    const expected = [
      { Name: ours.name, Status: 'running(1)', ConfigFiles: path.join(ours.dir, 'compose.yaml') },
      // 1.29 records the file as it was named on its command line (here not at all: the default).
      { Name: theirs, Status: 'running(1)', ConfigFiles: expect.stringMatching(/compose\.yaml$/) as unknown },
    ].sort((a, b) => (a.Name < b.Name ? -1 : 1));
    expect(records.filter((record) => record.Name === ours.name || record.Name === theirs)).toEqual(expected);

    const table = await runBerth(['ls']);
    expect(table.stdout.split('\n')[0]).toMatch(/^NAME +STATUS +CONFIG FILES$/);
    expect(table.stdout).toMatch(new RegExp(`^${theirs} +running\\(1\\) +\\S*compose\\.yaml$`, 'm'));

    const quiet = await runBerth(['ls', '-q']);
    expect(quiet.stdout.split('\n')).toEqual(expect.arrayContaining([ours.name, theirs]));
    expect((await runBerth(['ls', '-q', '--filter', `name=${ours.name}`])).stdout).toBe(`${ours.name}\n`);
    expect((await runBerth(['ls', '-q', '--filter', `name=^${theirs}$`])).stdout).toBe(`${theirs}\n`);

    // Stopped, a project is listed only with -a.
    await ours.ok(['stop']);
    expect((await runBerth(['ls', '-q', '--filter', `name=${ours.name}`])).stdout).toBe('');
    const all = JSON.parse((await runBerth(['ls', '-a', '--format', 'json', '--filter', `name=${ours.name}`])).stdout) as unknown;
    expect(all).toEqual([expect.objectContaining({ Name: ours.name, Status: 'exited(1)' })]);
  });
});

describe('berth stats', () => {
  it('must print one sample of a running container as JSON with --no-stream', async () => {
    const demo = berthProject();
    await demo.ok(['up', '-d']);
    const [record, ...more] = jsonLines((await demo.ok(['stats', '--no-stream', '--format', 'json'])).stdout);
    expect(more).toEqual([]);
    expect(record).toEqual({
      BlockIO: expect.stringMatching(/^\S+B \/ \S+B$/) as unknown,
      CPUPerc: expect.stringMatching(/^\d+\.\d\d%$/) as unknown,
      Container: expect.stringMatching(/^[0-9a-f]{12}$/) as unknown,
      ID: expect.stringMatching(/^[0-9a-f]{12}$/) as unknown,
      MemPerc: expect.stringMatching(/^\d+\.\d\d%$/) as unknown,
      MemUsage: expect.stringMatching(/^[\d.]+[KMG]?i?B \/ [\d.]+[KMGT]?i?B$/) as unknown,
      Name: `${demo.name}-web-1`,
      NetIO: expect.stringMatching(/^\S+B \/ \S+B$/) as unknown,
      // sh and its sleep.
      PIDs: expect.stringMatching(/^[1-9]\d*$/) as unknown,
    });
    const table = await demo.ok(['stats', '--no-stream', 'web']);
    expect(table.stdout.split('\n')[0]).toMatch(/^CONTAINER ID +NAME +CPU % +MEM USAGE \/ LIMIT +MEM % +NET I\/O +BLOCK I\/O +PIDS$/);
  });
});

describe('berth events', () => {
  it('must print the start of a container as a JSON line while it runs', async () => {
    const demo = berthProject();
    await demo.ok(['up', '-d']);
    const watcher = startBerth(demo, ['events', '--json']);
    cleanups.push(async () => {
      await watcher.stop();
    });

    // The watcher subscribes a moment after it starts: restart until it has seen a start.
    const started = await waitFor(
      'berth events to report a start',
      async () => {
        await demo.ok(['restart', 'web']);
        return jsonLines(watcher.output()).find((event) => event.action === 'start');
      },
      { timeoutMs: 60_000, intervalMs: 500 },
    );
    const web = (await demo.containers())[0];
    expect(Object.keys(started)).toEqual(['action', 'attributes', 'id', 'service', 'time', 'type']);
    expect(started).toMatchObject({
      action: 'start',
      type: 'container',
      service: 'web',
      attributes: expect.objectContaining({ name: `${demo.name}-web-1`, image: BUSYBOX }) as unknown,
      time: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$/) as unknown,
    });
    expect(String(started.id).startsWith(String(web?.ID))).toBe(true);
    // The compose labels are left out of the attributes, as docker compose leaves them out.
    expect(Object.keys(started.attributes as object).filter((key) => key.startsWith('com.docker.compose.'))).toEqual([]);

    const exit = await watcher.stop();
    expect(exit, watcher.errors()).toBe(0);
  });
});

/** A berth command left running in the background (`events`), read as it prints. */
interface Background {
  output(): string;
  errors(): string;
  /** Ends it with SIGTERM (as Ctrl+C would), SIGKILL if it lingers; its exit code, null when killed. */
  stop(): Promise<number | null>;
}

function startBerth(project: CliProject, args: readonly string[]): Background {
  const child: ChildProcess = spawn(process.execPath, [BERTH_BIN, '-p', project.name, ...args], {
    cwd: project.dir,
    env: toolEnv(),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  const exited = new Promise<number | null>((resolve) => child.once('close', (code) => resolve(code)));
  let stopping: Promise<number | null> | undefined;
  return {
    output: () => stdout,
    errors: () => stderr,
    stop: () => {
      stopping ??= (async () => {
        if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
        try {
          return await exited;
        } finally {
          clearTimeout(timer);
        }
      })();
      return stopping;
    },
  };
}
