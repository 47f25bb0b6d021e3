// Attached `up` (without -d) on the real engine: the output of the attached containers with
// docker compose's prefixes, their exits, Ctrl+C, and the abort and exit-code flags.

import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { BERTH_BIN, dockerCli, toolEnv, waitFor } from '../support/index.js';
import type { CliProject } from './cli-project.js';
import { BUSYBOX, projectsCleanedAfterEach } from './cli-project.js';

const project = projectsCleanedAfterEach();

/** A berth process run in the background, its output collected as it comes. */
function start(target: CliProject, args: readonly string[]): { output: () => { stdout: string; stderr: string }; kill: (signal: NodeJS.Signals) => void; exited: Promise<number | null> } {
  const child = spawn(process.execPath, [BERTH_BIN, '-p', target.name, ...args], { cwd: target.dir, env: toolEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
  // A test that fails before the process ends must not leave it running.
  const timer = setTimeout(() => child.kill('SIGKILL'), 90_000);
  void exited.then(() => clearTimeout(timer));
  return { output: () => ({ stdout, stderr }), kill: (signal) => child.kill(signal), exited };
}

async function state(target: CliProject, service: string): Promise<string> {
  const { stdout } = await dockerCli(['ps', '-a', '--filter', `name=^${target.name}-${service}-1$`, '--format', '{{.State}}']);
  return stdout.trim();
}

const IDLE = "trap 'exit 0' TERM; sleep 3600 & wait";

describe('attached up', () => {
  it('must print each line with an aligned prefix, stderr apart, and end with 0 when every container has exited', async () => {
    const app = project(`
services:
  web:
    image: ${BUSYBOX}
    command: ["sh", "-c", "echo hello from web; echo oops >&2"]
  database:
    image: ${BUSYBOX}
    command: ["sh", "-c", "echo db ready"]
`);
    const result = await app.berth(['up', '--progress', 'quiet', '--no-color']);
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toContain('Attaching to database-1, web-1\n');
    expect(result.stdout).toContain('web-1       | hello from web\n');
    expect(result.stdout).toContain('database-1  | db ready\n');
    expect(result.stdout).toMatch(/web-1 exited with code 0\n/);
    expect(result.stderr).toContain('web-1       | oops\n');
    expect(result.stdout).not.toContain('oops');
  });

  it('must stop the named services on Ctrl+C, leave their dependencies running, and exit 130', async () => {
    const app = project(`
services:
  web:
    image: ${BUSYBOX}
    command: ["sh", "-c", "echo web up; ${IDLE}"]
    depends_on: [db]
  db:
    image: ${BUSYBOX}
    command: ["sh", "-c", "${IDLE}"]
`);
    const run = start(app, ['up', 'web', '--progress', 'plain', '--no-color']);
    await waitFor('web to print', () => Promise.resolve(run.output().stdout.includes('web-1  | web up') ? true : undefined));
    run.kill('SIGINT');
    expect(await run.exited).toBe(130);
    expect(run.output().stderr).toContain('Gracefully stopping... (press Ctrl+C again to force)');
    expect(await state(app, 'web')).toBe('exited');
    expect(await state(app, 'db')).toBe('running');
  });

  it('must kill on a second Ctrl+C what ignores the stop signal', async () => {
    const app = project(`
services:
  stubborn:
    image: ${BUSYBOX}
    command: ["sh", "-c", "trap '' TERM; echo ignoring TERM; while true; do sleep 1; done"]
    stop_grace_period: 60s
`);
    const run = start(app, ['up', '--progress', 'plain', '--no-color']);
    await waitFor('stubborn to print', () => Promise.resolve(run.output().stdout.includes('ignoring TERM') ? true : undefined));
    const begun = Date.now();
    run.kill('SIGINT');
    await waitFor('the graceful stop to begin', () => Promise.resolve(run.output().stderr.includes('Gracefully stopping') ? true : undefined));
    run.kill('SIGINT');
    expect(await run.exited).toBe(130);
    expect(Date.now() - begun).toBeLessThan(30_000);
    expect(await state(app, 'stubborn')).toBe('exited');
  });

  it('--exit-code-from must stop everything when that service exits and return its exit code', async () => {
    const app = project(`
services:
  tests:
    image: ${BUSYBOX}
    command: ["sh", "-c", "sleep 1; echo 2 failures; exit 3"]
    depends_on: [api]
  api:
    image: ${BUSYBOX}
    command: ["sh", "-c", "${IDLE}"]
`);
    const result = await app.berth(['up', '--exit-code-from', 'tests', '--progress', 'quiet', '--no-color']);
    expect(result.exitCode).toBe(3);
    expect(result.stdout).toContain('tests-1  | 2 failures');
    expect(result.stdout).toContain('tests-1 exited with code 3');
    expect(result.stdout).toContain('Aborting on container exit...');
    expect(await state(app, 'api')).toBe('exited');
  });

  it('--abort-on-container-failure must ignore a job that exits 0 and stop everything at the first failure', async () => {
    const app = project(`
services:
  setup:
    image: ${BUSYBOX}
    command: ["sh", "-c", "echo setup done"]
  worker:
    image: ${BUSYBOX}
    command: ["sh", "-c", "sleep 2; echo worker crashed; exit 5"]
  api:
    image: ${BUSYBOX}
    command: ["sh", "-c", "${IDLE}"]
`);
    const result = await app.berth(['up', '--abort-on-container-failure', '--progress', 'quiet', '--no-color']);
    expect(result.exitCode).toBe(5);
    expect(result.stdout).toContain('setup-1 exited with code 0');
    expect(result.stdout).toContain('worker-1 exited with code 5');
    expect(await state(app, 'api')).toBe('exited');
  });

  it('must follow a container again when its restart policy starts it again', async () => {
    const app = project(`
services:
  flaky:
    image: ${BUSYBOX}
    command: ["sh", "-c", "echo attempt; exit 1"]
    restart: on-failure:2
`);
    const result = await app.berth(['up', '--progress', 'quiet', '--no-color']);
    expect(result.exitCode).toBe(0);
    expect(result.stdout.match(/flaky-1 {2}\| attempt/g)).toHaveLength(3);
    expect(result.stdout.match(/flaky-1 exited with code 1/g)).toHaveLength(3);
  });

  it('must refuse the attached-only flags with -d', async () => {
    const app = project(`services:\n  web:\n    image: ${BUSYBOX}\n`);
    const result = await app.berth(['up', '-d', '--abort-on-container-exit']);
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toContain('error: --abort-on-container-exit and --detach cannot be used together');
  });
});
