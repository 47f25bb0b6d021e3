import { beforeEach, describe, expect, it, vi } from 'vitest';
import { runCli } from '../../../src/cli/main.js';
import { recordingContext } from './context.js';

// exec, run, cp and attach with the library and the terminal replaced by recorders: these tests are
// about flags becoming options and exit codes coming back. The streams are tested end to end.
const mocks = vi.hoisted(() => ({
  exec: vi.fn(),
  run: vi.fn(),
  planRun: vi.fn(),
  cp: vi.fn(),
  attach: vi.fn(),
  runSession: vi.fn(),
}));

vi.mock('../../../src/api/exec.js', () => ({ exec: mocks.exec }));
vi.mock('../../../src/api/run.js', () => ({ run: mocks.run, planRun: mocks.planRun }));
vi.mock('../../../src/api/cp.js', () => ({ cp: mocks.cp }));
vi.mock('../../../src/api/attach.js', () => ({ attach: mocks.attach }));
vi.mock('../../../src/cli/terminal-session.js', () => ({
  processIo: () => ({}),
  terminalSize: () => ({ rows: 24, columns: 80 }),
  runSession: mocks.runSession,
  interruptSignal: () => 'SIGINT',
  INTERRUPTED_EXIT_CODE: 130,
}));

const session = { resize: vi.fn(), exitCode: vi.fn() };

beforeEach(() => {
  for (const mock of Object.values(mocks)) mock.mockReset();
  session.exitCode.mockResolvedValue(7);
  mocks.exec.mockResolvedValue({ container: 'demo-web-1', session });
  mocks.runSession.mockResolvedValue('ended');
  mocks.run.mockResolvedValue({ name: 'demo-web-run-0123456789ab', streams: {}, exitCode: () => Promise.resolve(4), remove: vi.fn(), resize: vi.fn(), kill: vi.fn() });
  mocks.planRun.mockResolvedValue({ text: 'create container demo-web-run-x (one-off)\nstart container demo-web-run-x' });
  mocks.cp.mockResolvedValue({ containers: ['demo-web-1'] });
  mocks.attach.mockResolvedValue({ container: 'demo-web-1', tty: false, stdin: false, streams: {}, resize: vi.fn(), kill: vi.fn(), exitCode: () => Promise.resolve(undefined) });
});

async function cli(argv: string[], terminal = false): Promise<{ code: number; out: string; err: string }> {
  const context = recordingContext({ isTerminal: () => terminal });
  const code = await runCli(argv, context);
  return { code, out: context.out.join(''), err: context.err.join('') };
}

function firstCall(mock: ReturnType<typeof vi.fn>): Record<string, unknown> {
  const call = mock.mock.calls[0] as [Record<string, unknown>] | undefined;
  if (call === undefined) throw new Error('not called');
  return call[0];
}

describe('berth exec', () => {
  it("leaves everything after SERVICE to the command, and exits with the command's code", async () => {
    const result = await cli(['exec', '-T', '-e', 'A=1', '-u', 'nobody', '-w', '/tmp', '--index', '2', 'web', 'ls', '-la', '-e', '--index']);
    expect(result).toMatchObject({ code: 7, err: '' });
    expect(firstCall(mocks.exec)).toMatchObject({
      service: 'web',
      command: ['ls', '-la', '-e', '--index'],
      environment: ['A=1'],
      user: 'nobody',
      workdir: '/tmp',
      index: 2,
      tty: false,
      interactive: true,
    });
  });

  it('gives the command a TTY when stdin is a terminal, unless -T', async () => {
    await cli(['exec', 'web', 'sh'], true);
    expect(firstCall(mocks.exec)).toMatchObject({ tty: true, size: { rows: 24, columns: 80 } });
    mocks.exec.mockClear();
    await cli(['exec', '-T', 'web', 'sh'], true);
    expect(firstCall(mocks.exec)).toMatchObject({ tty: false });
  });

  it('exits 130 when interrupted, and 0 at once when detached', async () => {
    mocks.runSession.mockResolvedValue('interrupted');
    expect((await cli(['exec', 'web', 'sleep', '9'])).code).toBe(130);
    mocks.exec.mockClear();
    expect((await cli(['exec', '-d', 'web', 'sleep', '9'])).code).toBe(0);
    expect(firstCall(mocks.exec)).toMatchObject({ detach: true, tty: false, interactive: false });
  });
});

describe('berth run', () => {
  it('keeps -p for --publish after the command name, and the command after SERVICE', async () => {
    const result = await cli(['-p', 'demo', 'run', '--rm', '-p', '8080:80', '-P', '-e', 'DEBUG=1', '-l', 'a=b', '-v', './d:/d', '--no-deps', '--name', 'job', '--entrypoint', 'sh -c', 'web', 'echo', '-n', 'hi']);
    expect(result).toMatchObject({ code: 4, err: '' });
    expect(firstCall(mocks.run)).toMatchObject({
      projectName: 'demo',
      service: 'web',
      command: ['echo', '-n', 'hi'],
      remove: true,
      publish: ['8080:80'],
      servicePorts: true,
      environment: ['DEBUG=1'],
      labels: ['a=b'],
      volumes: ['./d:/d'],
      noDeps: true,
      name: 'job',
      entrypoint: 'sh -c',
      tty: false,
      interactive: true,
    });
  });

  it('prints the name with -d, and the plan with --dry-run', async () => {
    mocks.run.mockResolvedValue({ name: 'demo-web-run-0123456789ab', streams: undefined });
    expect(await cli(['run', '-d', 'web'])).toMatchObject({ code: 0, out: 'demo-web-run-0123456789ab\n' });
    expect(await cli(['--dry-run', 'run', 'web'])).toMatchObject({ code: 0, out: 'create container demo-web-run-x (one-off)\nstart container demo-web-run-x\n' });
    expect(mocks.run).toHaveBeenCalledTimes(1);
  });

  it('removes the container when interrupted with --rm, and exits 130', async () => {
    const remove = vi.fn().mockResolvedValue(undefined);
    mocks.run.mockResolvedValue({ name: 'x', streams: {}, remove, exitCode: vi.fn(), resize: vi.fn(), kill: vi.fn() });
    mocks.runSession.mockResolvedValue('interrupted');
    expect((await cli(['run', '--rm', 'web'])).code).toBe(130);
    expect(remove).toHaveBeenCalledOnce();
  });
});

describe('berth cp and attach', () => {
  it('passes the paths and flags on', async () => {
    expect((await cli(['cp', '-a', '-L', '--index', '2', './conf', 'web:/etc/app/'])).code).toBe(0);
    expect(firstCall(mocks.cp)).toMatchObject({ source: './conf', destination: 'web:/etc/app/', archive: true, followLink: true, index: 2 });
  });

  it('attaches with the detach keys asked for, and exits with the code of a process that ended', async () => {
    mocks.attach.mockResolvedValue({ container: 'demo-web-1', tty: false, stdin: true, streams: {}, resize: vi.fn(), kill: vi.fn(), exitCode: () => Promise.resolve(3) });
    expect((await cli(['attach', '--no-stdin', '--sig-proxy=false', '--detach-keys', 'ctrl-a,q', 'web'])).code).toBe(3);
    expect(firstCall(mocks.attach)).toMatchObject({ service: 'web', noStdin: true });
    const options = (mocks.runSession.mock.calls[0] as unknown[])[1] as { detachKeys: number[]; onInterrupt: () => string };
    expect(options.detachKeys).toEqual([1, 0x71]);
    expect(options.onInterrupt()).toBe('detach');
  });

  it('refuses a bad --sig-proxy value', async () => {
    const result = await cli(['attach', '--sig-proxy', 'maybe', 'web']);
    expect(result.code).toBe(1);
    expect(result.err).toContain('Expected true or false.');
  });
});
