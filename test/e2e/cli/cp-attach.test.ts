// `cp` both ways by docker cp's rules, and `attach` following a container's output until Ctrl+C,
// on a real engine.

import { spawn, type ChildProcess } from 'node:child_process';
import { chownSync, mkdirSync, readFileSync, readlinkSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { BERTH_BIN, dockerCli, toolEnv, waitFor } from '../support/index.js';
import { BUSYBOX, CliProject } from './cli-project.js';

const COMPOSE = `
services:
  web:
    image: ${BUSYBOX}
    command: ["sh", "-c", "trap 'exit 0' TERM; sleep 3600 & wait"]
  ticker:
    image: ${BUSYBOX}
    command: ["sh", "-c", "trap 'echo stopping; exit 130' INT; trap 'exit 0' TERM; i=0; while true; do i=$$((i+1)); echo tick $$i; sleep 1; done"]
`;

const projects: CliProject[] = [];
const children: ChildProcess[] = [];
afterEach(async () => {
  for (const child of children.splice(0)) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  for (const project of projects.splice(0)) await project.cleanup();
});

async function started(services: string[]): Promise<CliProject> {
  const project = new CliProject(COMPOSE);
  projects.push(project);
  await project.ok(['up', '-d', '--progress', 'quiet', ...services]);
  return project;
}

/** Runs a shell command in the web container (through docker, not berth). */
async function inWeb(project: CliProject, script: string): Promise<string> {
  const result = await dockerCli(['exec', `${project.name}-web-1`, 'sh', '-c', script]);
  if (result.exitCode !== 0) throw new Error(`docker exec failed: ${result.stderr}`);
  return result.stdout;
}

describe('berth cp', () => {
  it('copies a file into a container and back, by the rules for existing directories and new names', async () => {
    const demo = await started(['web']);
    writeFileSync(path.join(demo.dir, 'notes.txt'), 'first line\n');

    await demo.ok(['cp', 'notes.txt', 'web:/tmp/']);
    await demo.ok(['cp', './notes.txt', 'web:/tmp/renamed.txt']);
    expect(await inWeb(demo, 'cat /tmp/notes.txt /tmp/renamed.txt; stat -c %u:%g /tmp/notes.txt')).toBe('first line\nfirst line\n0:0\n');

    await demo.ok(['cp', 'web:/tmp/renamed.txt', 'back.txt']);
    mkdirSync(path.join(demo.dir, 'out'));
    await demo.ok(['cp', 'web:/etc/hostname', 'out']);
    expect(readFileSync(path.join(demo.dir, 'back.txt'), 'utf8')).toBe('first line\n');
    expect(readFileSync(path.join(demo.dir, 'out', 'hostname'), 'utf8').trim()).toMatch(/^[0-9a-f]{12}$/);

    const missing = await demo.berth(['cp', 'web:/nope', 'out']);
    expect([missing.exitCode, missing.stderr.trimEnd().split('\n').at(-1)]).toEqual([1, `error: no such file or directory in ${demo.name}-web-1: /nope`]);
    const noDirectory = await demo.berth(['cp', 'notes.txt', 'web:/tmp/absent/']);
    expect(noDirectory.exitCode).toBe(1);
    expect(noDirectory.stderr).toContain('error: /tmp/absent/ is not a directory');
  });

  it('copies a directory both ways: into an existing one under its name, its contents with DIR/., a new one by name', async () => {
    const demo = await started(['web']);
    const tree = path.join(demo.dir, 'conf');
    mkdirSync(path.join(tree, 'sub'), { recursive: true });
    writeFileSync(path.join(tree, 'a.txt'), 'a\n');
    writeFileSync(path.join(tree, 'sub', 'b.txt'), 'b\n');
    symlinkSync('a.txt', path.join(tree, 'link'));

    await inWeb(demo, 'mkdir -p /srv /opt');
    await demo.ok(['cp', 'conf', 'web:/srv']);
    await demo.ok(['cp', 'conf/.', 'web:/opt']);
    await demo.ok(['cp', 'conf', 'web:/tmp/fresh']);
    expect(await inWeb(demo, 'cd /srv/conf && cat a.txt sub/b.txt && readlink link && ls /opt && cat /tmp/fresh/sub/b.txt')).toBe('a\nb\na.txt\na.txt\nlink\nsub\nb\n');

    await demo.ok(['cp', 'web:/srv/conf', 'copy']);
    mkdirSync(path.join(demo.dir, 'into'));
    await demo.ok(['cp', 'web:/srv/conf', 'into']);
    await demo.ok(['cp', 'web:/srv/conf/.', 'into']);
    expect(readFileSync(path.join(demo.dir, 'copy', 'sub', 'b.txt'), 'utf8')).toBe('b\n');
    expect(readlinkSync(path.join(demo.dir, 'copy', 'link'))).toBe('a.txt');
    expect(readFileSync(path.join(demo.dir, 'into', 'conf', 'a.txt'), 'utf8')).toBe('a\n');
    expect(readFileSync(path.join(demo.dir, 'into', 'a.txt'), 'utf8')).toBe('a\n');

    const overFile = await demo.berth(['cp', 'conf', 'web:/etc/hostname']);
    expect(overFile.exitCode).toBe(1);
    expect(overFile.stderr).toContain('error: cannot copy a directory to a file');
  });

  it('keeps the owner with -a, and makes files root\'s without it', async () => {
    const demo = await started(['web']);
    const file = path.join(demo.dir, 'owned.txt');
    writeFileSync(file, 'mine\n');
    chownSync(file, 1234, 2345);

    await demo.ok(['cp', '-a', 'owned.txt', 'web:/tmp/kept.txt']);
    await demo.ok(['cp', 'owned.txt', 'web:/tmp/root.txt']);
    expect(await inWeb(demo, 'stat -c %u:%g /tmp/kept.txt /tmp/root.txt')).toBe('1234:2345\n0:0\n');

    await demo.ok(['cp', '-a', 'web:/tmp/kept.txt', 'back.txt']);
    const back = statSync(path.join(demo.dir, 'back.txt'));
    expect(`${back.uid}:${back.gid}`).toBe('1234:2345');
  });
});

describe('berth attach', () => {
  /** `berth attach ARGS` in the background, its output collected. */
  function attached(project: CliProject, args: string[]): { child: ChildProcess; output: () => string; exited: Promise<number | null> } {
    const child = spawn(process.execPath, [BERTH_BIN, '-p', project.name, 'attach', ...args], { cwd: project.dir, env: toolEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
    children.push(child);
    let output = '';
    child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    return { child, output: () => output, exited: new Promise((resolve) => child.on('close', (code) => resolve(code))) };
  }

  async function ticksSeen(output: () => string): Promise<void> {
    await waitFor('two ticks', () => Promise.resolve((output().match(/^tick \d+$/gm) ?? []).length >= 2 ? true : undefined), { timeoutMs: 20_000 });
  }

  it('follows the output; Ctrl+C is passed on to the process, whose exit code berth then exits with', async () => {
    const demo = await started(['ticker']);
    const session = attached(demo, ['ticker']);
    await ticksSeen(session.output);
    session.child.kill('SIGINT');
    expect(await session.exited).toBe(130);
    expect(session.output()).toMatch(/tick \d+\n(tick \d+\n)*stopping\n$/);
    const state = await dockerCli(['inspect', '-f', '{{.State.Status}} {{.State.ExitCode}}', `${demo.name}-ticker-1`]);
    expect(state.stdout.trim()).toBe('exited 130');
  });

  it('with --sig-proxy=false, lets go at Ctrl+C and leaves the process running', async () => {
    const demo = await started(['ticker']);
    const session = attached(demo, ['--sig-proxy=false', 'ticker']);
    await ticksSeen(session.output);
    session.child.kill('SIGINT');
    expect(await session.exited).toBe(130);
    expect(session.output()).not.toContain('stopping');
    const state = await dockerCli(['inspect', '-f', '{{.State.Status}}', `${demo.name}-ticker-1`]);
    expect(state.stdout.trim()).toBe('running');
  });

  it('says in one line that the service is not running', async () => {
    const demo = await started(['web']);
    const result = await demo.berth(['attach', 'ticker']);
    expect([result.exitCode, result.stderr]).toEqual([1, 'error: service "ticker" is not running\n']);
  });
});
