import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { endpointsOf } from '../../../src/api/endpoints.js';
import { endsRun } from '../../../src/cli/attached-up.js';
import { failureLogText } from '../../../src/cli/failure-report.js';
import { globalSettings } from '../../../src/cli/global-options.js';
import { progressStyle } from '../../../src/cli/progress/progress-renderer.js';
import { runCli } from '../../../src/cli/main.js';
import { DependencyFailedError, WaitFailedError } from '../../../src/plan/plan-errors.js';
import type { ProgressSink } from '../../../src/plan/progress.js';
import { recordingContext } from './context.js';

// CI mode through the command line, with up and the failed-container lookup replaced by recorders:
// what reaches standard output and standard error, and what up is asked to do. End to end in
// test/e2e/cli/ci-mode.test.ts.
const api = vi.hoisted(() => ({ up: vi.fn(), planUp: vi.fn(), failedContainers: vi.fn() }));
vi.mock('../../../src/api/up.js', () => ({ up: api.up, planUp: api.planUp }));
vi.mock('../../../src/api/failed-containers.js', () => ({ failedContainers: api.failedContainers }));

const ENDPOINTS = endpointsOf('demo', [
  {
    id: 'id1',
    name: 'demo-web-1',
    image: 'busybox',
    imageId: 'sha256:1',
    labels: { 'com.docker.compose.service': 'web', 'com.docker.compose.container-number': '1' },
    state: 'running',
    status: 'Up',
    created: 0,
    ports: [{ privatePort: 80, publicPort: 32768, ip: '0.0.0.0', type: 'tcp' }],
    networks: {},
    mounts: [],
  },
]);

const dirs: string[] = [];
beforeEach(() => {
  for (const mock of Object.values(api)) mock.mockReset();
  api.up.mockImplementation((options: { onProgress: ProgressSink }) => {
    options.onProgress({ resource: 'Container', name: 'demo-web-1', status: 'done', text: 'Started' });
    return Promise.resolve({ endpoints: () => Promise.resolve(ENDPOINTS) });
  });
});
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function scratch(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'berth-ci-'));
  dirs.push(dir);
  return dir;
}

async function cli(argv: string[], env: Record<string, string> = {}, cwd = '/work/project'): Promise<{ code: number; out: string; err: string }> {
  // A terminal everywhere: CI mode must not draw on it anyway.
  const context = recordingContext({ env, cwd, isTerminal: () => true });
  const code = await runCli(argv, context);
  return { code, out: context.out.join(''), err: context.err.join('') };
}

function upOptions(): Record<string, unknown> {
  const call = api.up.mock.calls[0] as [Record<string, unknown>] | undefined;
  if (call === undefined) throw new Error('up was not called');
  return call[0];
}

describe('CI mode progress', () => {
  it('is plain on a terminal, unless --progress asks for another style; --ansi always alone does not bring the live view back', () => {
    const terminal = recordingContext({ isTerminal: () => true });
    expect(progressStyle(globalSettings({}, { CI: 'true' }), terminal)).toBe('plain');
    expect(progressStyle(globalSettings({ ansi: 'always' }, { CI: 'true' }), terminal)).toBe('plain');
    expect(progressStyle(globalSettings({ progress: 'tty' }, { CI: 'true' }), terminal)).toBe('tty');
    expect(progressStyle(globalSettings({}, {}), terminal)).toBe('tty');
  });
});

describe('CI mode on up --wait', () => {
  it('prints the endpoints as one JSON document on stdout, plain progress on stderr, and accepts finished one-shot jobs', async () => {
    const { code, out, err } = await cli(['up', '--wait'], { CI: 'true' });
    expect(code).toBe(0);
    expect(JSON.parse(out)).toEqual(ENDPOINTS);
    expect(out).toBe(`${JSON.stringify(ENDPOINTS, null, 2)}\n`);
    expect(err).toBe('Container demo-web-1  Started\n');
    expect(upOptions()).toMatchObject({ wait: true, acceptCompleted: true });
  });

  it('is on with --ci too, and off with --no-ci whatever CI says', async () => {
    expect(JSON.parse((await cli(['--ci', 'up', '--wait'])).out)).toEqual(ENDPOINTS);
    api.up.mockClear();
    const off = await cli(['up', '--wait', '--no-ci'], { CI: 'true' });
    expect(off.out).toBe('');
    expect(upOptions()).not.toHaveProperty('acceptCompleted');
  });

  it('prints nothing on stdout for up -d, which has not waited for anything', async () => {
    const { code, out } = await cli(['up', '-d'], { CI: '1' });
    expect(code).toBe(0);
    expect(out).toBe('');
  });
});

describe('--endpoints-json', () => {
  it('writes the document to the file, relative to the working directory, in CI mode or not', async () => {
    const dir = scratch();
    const { code, out } = await cli(['up', '-d', '--endpoints-json', 'endpoints.json'], {}, dir);
    expect(code).toBe(0);
    expect(out).toBe('');
    const written = JSON.parse(readFileSync(path.join(dir, 'endpoints.json'), 'utf8')) as typeof ENDPOINTS;
    expect(written.services.web?.[0]?.ports['80/tcp']).toBe('127.0.0.1:32768');
  });

  it('says which file it could not write', async () => {
    const { code, err } = await cli(['up', '-d', '--endpoints-json', 'missing/dir/endpoints.json'], {}, scratch());
    expect(code).toBe(1);
    expect(err).toMatch(/^error: --endpoints-json missing\/dir\/endpoints\.json: ENOENT/m);
  });
});

describe('CI mode when up fails', () => {
  const report = { healthChecks: ['exit 1: no response'], output: ['booting', 'FATAL: bad config'] };
  const failed = [
    { service: 'worker', container: 'demo-worker-1', reason: 'exited with code 3', lines: ['worker crashed'] },
    { service: 'web', container: 'demo-web-1', reason: 'unhealthy', lines: ['booting', 'FATAL: bad config'] },
  ];

  it('prints the failed containers\' last lines under their names, then the error without the output just shown', async () => {
    api.up.mockRejectedValue(new WaitFailedError('demo-web-1', 'is unhealthy after 3 s', report));
    api.failedContainers.mockResolvedValue(failed);
    const { code, out, err } = await cli(['up', '--wait'], { CI: 'true' });
    expect(code).toBe(1);
    expect(out).toBe('');
    expect(err).toBe(
      [
        '==> demo-worker-1 (exited with code 3) <==',
        'worker crashed',
        '',
        '==> demo-web-1 (unhealthy) <==',
        'booting',
        'FATAL: bad config',
        '',
        'error: container demo-web-1 is unhealthy after 3 s',
        '  last health checks: exit 1: no response',
        '',
      ].join('\n'),
    );
    expect(api.failedContainers).toHaveBeenCalledWith(expect.objectContaining({ services: [], wait: true, error: expect.any(WaitFailedError) }));
  });

  it('keeps the whole error when the container it names could not be shown, and outside CI mode asks for nothing', async () => {
    api.up.mockRejectedValue(new DependencyFailedError('demo-db-1', 'exited with code 1 before becoming healthy', { report }));
    api.failedContainers.mockRejectedValue(new Error('engine gone'));
    const ci = await cli(['up', '-d'], { CI: 'true' });
    expect(ci.code).toBe(1);
    expect(ci.err).toContain('error: dependency failed to start: container demo-db-1 exited with code 1 before becoming healthy\n');
    expect(ci.err).toContain('  last output:\n    booting\n    FATAL: bad config\n');
    api.failedContainers.mockClear();
    const plain = await cli(['up', '-d']);
    expect(plain.code).toBe(1);
    expect(api.failedContainers).not.toHaveBeenCalled();
  });

  it('looks for no containers when the failure is not a wait (a compose file, the engine)', async () => {
    api.up.mockRejectedValue(new Error('something else'));
    await cli(['up', '-d'], { CI: 'true' });
    expect(api.failedContainers).not.toHaveBeenCalled();
  });

  it('says so when a failed container printed nothing', () => {
    expect(failureLogText([{ service: 'web', container: 'demo-web-1', reason: 'dead', lines: [] }])).toBe('==> demo-web-1 (dead) <==\n(no output)\n\n');
  });
});

describe('CI mode in attached up', () => {
  const source = (service: string) => ({ name: `demo-${service}-1`, service, number: 1, label: `${service}-1` });

  /** A stack whose followed containers exit with these codes, in this order. */
  function stackExiting(exits: [string, number][], failed: unknown[] = []) {
    const follow = vi.fn().mockResolvedValue({
      sources: exits.map(([service]) => source(service)),
      events: (async function* () {
        await Promise.resolve();
        for (const [service, exitCode] of exits) {
          yield { kind: 'line', line: { source: source(service), stream: 'stdout', text: `${service} says hello` } };
          yield { kind: 'exited', source: source(service), exitCode, restarting: false };
        }
      })(),
    });
    const stop = vi.fn().mockResolvedValue({ stopped: [] });
    const failedContainers = vi.fn().mockResolvedValue(failed);
    const services = Object.fromEntries([...exits.map(([service]) => service), 'side'].map((service) => [service, {}]));
    return { project: { model: { services } }, follow, stop, failedContainers, exitCode: vi.fn().mockResolvedValue(143), endpoints: () => Promise.resolve(ENDPOINTS) };
  }

  it('with --exit-code-from goes on past a one-shot job that exits 0, and ends with the named service\'s code', async () => {
    const stack = stackExiting([['migrate', 0], ['tests', 4]]);
    api.up.mockResolvedValue(stack);
    const { code, out } = await cli(['up', '--exit-code-from', 'tests'], { CI: 'true' });
    expect(code).toBe(4);
    expect(out).toContain('migrate-1 exited with code 0\ntests-1    | tests says hello\ntests-1 exited with code 4\nAborting on container exit...\n');
    // A terminal, but CI mode: no colours.
    expect(out).not.toContain('\u001b[');
  });

  it('with --exit-code-from ends at another service\'s failure with that code, and prints the failed containers it did not follow', async () => {
    const failed = [
      { service: 'api', container: 'demo-api-1', reason: 'exited with code 2', lines: ['api broke'] },
      { service: 'side', container: 'demo-side-1', reason: 'exited with code 1', lines: ['side broke'] },
    ];
    const stack = stackExiting([['api', 2], ['tests', 0]], failed);
    api.up.mockResolvedValue(stack);
    const { code, out, err } = await cli(['up', '--exit-code-from', 'tests', '--no-attach', 'side', '--no-color'], { CI: 'true' });
    expect(code).toBe(2);
    expect(out).toContain('api-1    | api says hello\napi-1 exited with code 2\nAborting on container exit...\n');
    expect(out).not.toContain('tests-1 exited');
    expect(err).toBe('==> demo-side-1 (exited with code 1) <==\nside broke\n\n');
    expect(stack.failedContainers.mock.invocationCallOrder[0]).toBeLessThan(stack.stop.mock.invocationCallOrder[0] ?? 0);
  });

  it('outside CI mode keeps docker compose\'s rule: the first exit ends the run, with the named service\'s code', async () => {
    const stack = stackExiting([['migrate', 0], ['tests', 4]]);
    api.up.mockResolvedValue(stack);
    const { code } = await cli(['up', '--exit-code-from', 'tests', '--no-color']);
    expect(code).toBe(143);
    expect(stack.failedContainers).not.toHaveBeenCalled();
  });
});

describe('endsRun', () => {
  it('ends at any exit with --abort-on-container-exit, CI mode or not', () => {
    expect(endsRun({ abortOnContainerExit: true }, 'migrate', 0)).toBe(true);
    expect(endsRun({ abortOnContainerExit: true, ci: true }, 'migrate', 0)).toBe(true);
  });

  it('ends only at a failure with --abort-on-container-failure', () => {
    expect(endsRun({ abortOnContainerFailure: true }, 'migrate', 0)).toBe(false);
    expect(endsRun({ abortOnContainerFailure: true, ci: true }, 'worker', 1)).toBe(true);
  });

  it('with --exit-code-from in CI mode, ends at that service\'s exit or another\'s failure, not another\'s exit 0', () => {
    const choices = { exitCodeFrom: 'tests', abortOnContainerExit: true, ci: true };
    expect(endsRun(choices, 'tests', 0)).toBe(true);
    expect(endsRun(choices, 'migrate', 0)).toBe(false);
    expect(endsRun(choices, 'api', 1)).toBe(true);
    expect(endsRun({ exitCodeFrom: 'tests' }, 'migrate', 0)).toBe(true);
  });

  it('never ends the run without an abort flag', () => {
    expect(endsRun({ ci: true }, 'worker', 1)).toBe(false);
  });
});
