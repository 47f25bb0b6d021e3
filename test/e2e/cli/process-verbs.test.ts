import { spawn } from 'node:child_process';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { BERTH_BIN, dockerCli, projectResources, run, toolEnv, waitFor } from '../support/index.js';
import { BUSYBOX, CliProject } from './cli-project.js';

/**
 * web runs under docker's init, which passes signals on to `sleep`: SIGTERM ends it though nothing
 * in it traps the signal (a PID 1 without a handler would ignore it). job exits 3 after a while,
 * long enough for `wait` to find it running. idle is never started by these tests.
 */
const COMPOSE = `
services:
  web:
    image: ${BUSYBOX}
    init: true
    command: ["sleep", "3600"]
  job:
    image: ${BUSYBOX}
    command: ["sh", "-c", "sleep 4; exit 3"]
  idle:
    image: ${BUSYBOX}
    command: ["sleep", "3600"]
`;

let project: CliProject | undefined;
const images: string[] = [];
afterEach(async () => {
  if (images.length > 0) await dockerCli(['image', 'rm', '--force', ...images.splice(0)]);
  await project?.cleanup();
  project = undefined;
});

/** A fresh project with web (and, unless only web is asked for, job) up. */
async function started(services: readonly string[] = ['web']): Promise<CliProject> {
  project = new CliProject(COMPOSE);
  await project.ok(['up', '-d', ...services]);
  return project;
}

/** Service → State, from `ps -a --format json`. */
async function states(demo: CliProject): Promise<Record<string, unknown>> {
  return Object.fromEntries((await demo.containers()).map((record) => [record.Service, record.State]));
}

describe('berth kill', () => {
  it('must stop a container that traps nothing with -s SIGTERM', async () => {
    const demo = await started();
    const dry = await demo.ok(['--dry-run', '--progress', 'plain', 'kill', 'web']);
    expect(dry.stderr).toBe(`DRY-RUN MODE - Container ${demo.name}-web-1  Killing\nDRY-RUN MODE - Container ${demo.name}-web-1  Killed\n`);
    expect(await states(demo)).toEqual({ web: 'running' });

    const kill = await demo.ok(['--progress', 'plain', 'kill', '-s', 'SIGTERM', 'web']);
    expect(kill.stderr).toBe(`Container ${demo.name}-web-1  Killing\nContainer ${demo.name}-web-1  Killed\n`);
    const web = await waitFor('web to stop', async () => (await demo.containers()).find((record) => record.Service === 'web' && record.State === 'exited'));
    expect(web.ExitCode).toBe(143);
    expect((await demo.ok(['kill'])).stderr).toBe('no container to kill\n');
  });
});

describe('berth pause and unpause', () => {
  it('must pause the container, as ps shows, and resume it', async () => {
    const demo = await started();
    const pause = await demo.ok(['--progress', 'plain', 'pause', 'web']);
    expect(pause.stderr).toBe(`Container ${demo.name}-web-1  Pausing\nContainer ${demo.name}-web-1  Paused\n`);
    expect(await states(demo)).toEqual({ web: 'paused' });
    expect((await demo.ok(['ps'])).stdout).toMatch(/Up .* \(Paused\)/);

    const unpause = await demo.ok(['--progress', 'plain', 'unpause']);
    expect(unpause.stderr).toBe(`Container ${demo.name}-web-1  Unpausing\nContainer ${demo.name}-web-1  Unpaused\n`);
    expect(await states(demo)).toEqual({ web: 'running' });
  });
});

describe('berth top', () => {
  it("must show the container's processes under docker compose's columns", async () => {
    const demo = await started();
    const lines = (await demo.ok(['top', 'web'])).stdout.split('\n');
    expect(lines[0]).toBe(`${demo.name}-web-1`);
    expect(lines[1]).toMatch(/^UID +PID +PPID +C +STIME +TTY +TIME +CMD$/);
    expect(lines.slice(2).some((line) => /^root +\d+ +\d+ .* sleep 3600$/.test(line))).toBe(true);
    expect(lines.slice(-2)).toEqual(['', '']);
  });
});

describe('berth wait', () => {
  it('must print the exit code and exit with it; with --down-project, take the project down', async () => {
    const demo = await started(['job']);
    const id = (await demo.ok(['ps', '-q', 'job'])).stdout.trim();
    const wait = await demo.berth(['wait', 'job']);
    expect(wait).toMatchObject({ exitCode: 3, stdout: `container "${id}" exited with status code 3\n`, stderr: '' });

    await demo.ok(['up', '-d', 'job', 'web']);
    const down = await demo.berth(['--progress', 'plain', 'wait', '--down-project', 'job']);
    expect(down.exitCode).toBe(3);
    expect(down.stdout).toMatch(/^container "[0-9a-f]{64}" exited with status code 3\n$/);
    expect(down.stderr).toContain(`Container ${demo.name}-web-1  Removed`);
    expect(await projectResources(demo.name)).toEqual({ containers: [], networks: [], volumes: [] });
  });
});

describe('berth wait, interrupted', () => {
  it('must end at the first Ctrl+C with 130, leaving the container running', async () => {
    const demo = await started();
    const child = spawn(process.execPath, [BERTH_BIN, '-p', demo.name, 'wait', 'web'], { cwd: demo.dir, env: toolEnv(), stdio: 'ignore' });
    const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
    await new Promise((resolve) => setTimeout(resolve, 1500));
    child.kill('SIGINT');
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    expect(await exited).toBe(130);
    clearTimeout(timer);
    const state = await dockerCli(['ps', '--filter', `name=^${demo.name}-web-1$`, '--format', '{{.State}}']);
    expect(state.stdout.trim()).toBe('running');
  });
});

describe('berth scale', () => {
  it('must add and remove replicas of the service named only', async () => {
    const demo = await started();
    await demo.ok(['scale', 'web=3']);
    const names = async (): Promise<unknown[]> => (await demo.containers()).map((record) => record.Name);
    expect(await names()).toEqual([`${demo.name}-web-1`, `${demo.name}-web-2`, `${demo.name}-web-3`]);
    expect(await states(demo)).toEqual({ web: 'running' });
    await demo.ok(['scale', 'web=1']);
    expect(await names()).toEqual([`${demo.name}-web-1`]);
  });
});

describe('berth export', () => {
  it("must write the container's file system as a tar archive, to a file or to a pipe", async () => {
    const demo = await started();
    await demo.ok(['export', '-o', 'web.tar', 'web']);
    const listing = await run('tar', ['-tf', path.join(demo.dir, 'web.tar')]);
    expect(listing.exitCode).toBe(0);
    expect(listing.stdout.split('\n')).toContain('bin/busybox');
    expect((await demo.ok(['export', 'web'])).stdout).toContain('bin/busybox');
  });
});

describe('berth commit', () => {
  it('must make an image the engine knows, and print its id', async () => {
    const demo = await started();
    const reference = `${demo.name}:snapshot`;
    images.push(reference);
    const commit = await demo.ok(['commit', '-m', 'a snapshot', '-c', 'ENV SNAPSHOT=1', 'web', reference]);
    expect(commit.stdout).toMatch(/^sha256:[0-9a-f]{64}\n$/);
    const inspect = await dockerCli(['image', 'inspect', '--format', '{{.Id}} {{.Comment}} {{json .Config.Env}}', reference]);
    expect(inspect.exitCode).toBe(0);
    expect(inspect.stdout).toContain(`${commit.stdout.trim()} a snapshot `);
    expect(inspect.stdout).toContain('SNAPSHOT=1');
  });
});

describe('mistakes', () => {
  const verbs = [['kill'], ['pause'], ['unpause'], ['top'], ['wait'], ['export'], ['commit']];

  it('must name an unknown service, suggest the right one, and exit 1', async () => {
    project = new CliProject(COMPOSE);
    for (const verb of [...verbs, ['scale', 'wbe=2']]) {
      const result = await project.berth(verb.length === 1 ? [...verb, 'wbe'] : verb);
      expect(result.exitCode, verb[0]).toBe(1);
      expect(result.stderr, verb[0]).toBe('error: no such service: "wbe"\nhint: did you mean "web"?\n');
    }
  });

  it('must say in one line that a service is not running, and exit 1', async () => {
    const demo = await started();
    for (const verb of verbs) {
      const result = await demo.berth([...verb, 'idle']);
      expect(result.exitCode, verb[0]).toBe(1);
      expect(result.stderr, verb[0]).toBe('error: service "idle" is not running\n');
    }
  });
});
