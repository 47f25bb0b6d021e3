// Faults a user meets on `up`, each as one clear message with exit 1 and no stack trace, and never
// a half-made project: fixing the cause and running `up` again must converge.

import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { BERTH_BIN, dockerCli, holdPort, httpText, toolEnv, waitFor } from '../support/index.js';
import { BUSYBOX, projectsCleanedAfterEach } from './cli-project.js';

const project = projectsCleanedAfterEach();

function expectOneCleanError(stderr: string, pattern: RegExp): void {
  const [first = '', ...rest] = stderr.trimEnd().split('\n');
  expect(first).toMatch(/^error: /);
  expect(first).toMatch(pattern);
  // A hint line may follow; a stack trace may not.
  expect(rest.filter((line) => !line.startsWith('hint: '))).toEqual([]);
  expect(stderr).not.toMatch(/\n\s+at /);
}

const serve = (port: string): string => `
services:
  web:
    image: ${BUSYBOX}
    command: ["sh", "-c", "mkdir -p /www && echo served > /www/index.html && exec httpd -f -p 80 -h /www"]
    init: true
    ports: ["${port}:80"]
`;

describe('up, when something is in the way', () => {
  it('must name an image that cannot be found, then converge once the file names one that can', async () => {
    // A registry on a closed loopback port: the pull fails at once and sends nothing off the machine.
    const missing = project(serve('127.0.0.1:').replace(BUSYBOX, '127.0.0.1:1/berth-e2e/missing:1'));
    const failed = await missing.berth(['up', '-d', '--progress', 'quiet']);
    expect(failed.exitCode).toBe(1);
    expectOneCleanError(failed.stderr, /127\.0\.0\.1:1\/berth-e2e\/missing:1/);

    missing.write(serve('127.0.0.1:'));
    await missing.ok(['up', '-d', '--progress', 'quiet']);
    const states = (await missing.containers()).map((container) => container.State);
    expect(states).toEqual(['running']);
  });

  it('must say which host port is taken, then converge once it is free', async () => {
    const held = await holdPort();
    const stack = project(serve(`127.0.0.1:${held.port}`));
    const failed = await stack.berth(['up', '-d', '--progress', 'quiet']);
    expect(failed.exitCode).toBe(1);
    expectOneCleanError(failed.stderr, new RegExp(`host port 127\\.0\\.0\\.1:${held.port} \\(service web\\) is held by process ${process.pid}`));

    await held.release();
    await stack.ok(['up', '-d', '--progress', 'quiet']);
    expect(await waitFor('the freed port', () => httpText(`http://127.0.0.1:${held.port}/`))).toBe('served\n');
  });

  it('must stop on SIGINT with exit 130, and a second up must finish the job', async () => {
    // slow only turns healthy after a few seconds, so up is still waiting on it when interrupted.
    const interrupted = project(`
services:
  slow:
    image: ${BUSYBOX}
    command: ["sh", "-c", "sleep 4; touch /tmp/ready; exec sleep 3600"]
    init: true
    healthcheck:
      test: ["CMD", "test", "-f", "/tmp/ready"]
      interval: 1s
      retries: 30
  after:
    image: ${BUSYBOX}
    command: ["sleep", "3600"]
    init: true
    depends_on:
      slow:
        condition: service_healthy
`);
    const child = spawn(process.execPath, [BERTH_BIN, '-p', interrupted.name, 'up', '-d', '--progress', 'plain'], {
      cwd: interrupted.dir,
      env: toolEnv(),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
    await waitFor('slow to be running', async () => {
      const running = await dockerCli(['ps', '--filter', `name=${interrupted.name}-slow-1`, '--format', '{{.State}}']);
      return running.stdout.trim() === 'running' ? true : undefined;
    });
    child.kill('SIGINT');
    expect(await exited).toBe(130);
    expect(stderr).toMatch(/interrupted/);
    expect(stderr).not.toMatch(/\n\s+at /);
    // Nothing was started after the interrupt: after waits for a healthy slow.
    const afterState = await dockerCli(['ps', '-a', '--filter', `name=${interrupted.name}-after-1`, '--format', '{{.State}}']);
    expect(afterState.stdout.trim()).not.toBe('running');

    await interrupted.ok(['up', '-d', '--progress', 'quiet']);
    const states = Object.fromEntries((await interrupted.containers()).map((container) => [container.Service, container.State]));
    expect(states).toEqual({ after: 'running', slow: 'running' });
  });
});
