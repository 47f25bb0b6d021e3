import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Writable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { runCli } from '../../../src/cli/main.js';
import { booleanValue } from '../../../src/cli/commands/commit.js';
import { exitLine } from '../../../src/cli/commands/wait.js';
import { recordingContext } from './context.js';

// The verbs are replaced by recorders: these tests are about flags becoming options and results
// becoming output. The verbs themselves are tested in test/unit/api/process-verbs.test.ts.
const api = vi.hoisted(() => ({
  kill: vi.fn(),
  pause: vi.fn(),
  unpause: vi.fn(),
  top: vi.fn(),
  wait: vi.fn(),
  scale: vi.fn(),
  planScale: vi.fn(),
  exportContainer: vi.fn(),
  commit: vi.fn(),
}));

vi.mock('../../../src/api/kill.js', () => ({ kill: api.kill }));
vi.mock('../../../src/api/pause.js', () => ({ pause: api.pause }));
vi.mock('../../../src/api/unpause.js', () => ({ unpause: api.unpause }));
vi.mock('../../../src/api/top.js', () => ({ top: api.top }));
vi.mock('../../../src/api/wait.js', () => ({ wait: api.wait }));
vi.mock('../../../src/api/scale.js', () => ({ scale: api.scale, planScale: api.planScale }));
vi.mock('../../../src/api/export.js', () => ({ exportContainer: api.exportContainer }));
vi.mock('../../../src/api/commit.js', () => ({ commit: api.commit }));

const IMAGE_ID = `sha256:${'c'.repeat(64)}`;

beforeEach(() => {
  for (const verb of Object.values(api)) verb.mockReset();
  api.kill.mockResolvedValue({ killed: ['demo-web-1'] });
  api.pause.mockResolvedValue({ paused: [] });
  api.unpause.mockResolvedValue({ unpaused: [] });
  api.top.mockResolvedValue([]);
  api.wait.mockResolvedValue({ awaited: [], exits: [], exitCode: 0 });
  api.scale.mockResolvedValue({});
  api.planScale.mockResolvedValue({ text: 'create container demo-web-2\nstart container demo-web-2' });
  api.exportContainer.mockResolvedValue({ container: 'demo-web-1', bytes: 0 });
  api.commit.mockResolvedValue({ container: 'demo-web-1', imageId: IMAGE_ID });
});

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** Runs berth, expects success, and returns what the verb was called with. */
async function optionsOf(verb: keyof typeof api, argv: string[]): Promise<Record<string, unknown>> {
  const context = recordingContext();
  const code = await runCli(argv, context);
  expect(context.err.join('')).not.toMatch(/error/);
  expect(code).toBe(0);
  const call = api[verb].mock.calls.at(-1) as [Record<string, unknown>] | undefined;
  if (!call) throw new Error(`${verb} was not called`);
  return call[0];
}

describe('kill, pause, unpause', () => {
  it('kill: -s, --remove-orphans and services; SIGKILL by default', async () => {
    expect(await optionsOf('kill', ['kill', '-s', 'SIGTERM', '--remove-orphans', 'web'])).toMatchObject({
      services: ['web'],
      killSignal: 'SIGTERM',
      removeOrphans: true,
    });
    expect(await optionsOf('kill', ['kill', '--signal', 'HUP'])).toMatchObject({ killSignal: 'HUP', removeOrphans: false });
    expect(await optionsOf('kill', ['kill'])).toMatchObject({ services: [], killSignal: 'SIGKILL' });
  });

  it('kill says when there was no container to kill', async () => {
    api.kill.mockResolvedValue({ killed: [] });
    const context = recordingContext();
    expect(await runCli(['kill'], context)).toBe(0);
    expect(context.err.join('')).toBe('no container to kill\n');
  });

  it('pause and unpause take services', async () => {
    expect(await optionsOf('pause', ['pause', 'web', 'db'])).toMatchObject({ services: ['web', 'db'] });
    expect(await optionsOf('unpause', ['unpause'])).toMatchObject({ services: [] });
  });
});

describe('top', () => {
  it('prints each container under its name', async () => {
    api.top.mockResolvedValue([{ name: 'demo-web-1', service: 'web', number: 1, titles: ['UID', 'PID', 'CMD'], processes: [['root', '1', 'sleep 9']] }]);
    const context = recordingContext();
    expect(await runCli(['top', 'web'], context)).toBe(0);
    expect(context.out.join('')).toBe('demo-web-1\nUID    PID   CMD\nroot   1     sleep 9\n\n');
    expect(api.top.mock.calls[0]?.[0]).toMatchObject({ services: ['web'] });
  });
});

describe('wait', () => {
  it('prints each exit as docker compose does, and exits with the code of the first to stop', async () => {
    const exit = { id: 'f'.repeat(64), name: 'demo-job-1', service: 'job', exitCode: 3 };
    api.wait.mockImplementation((options: { onExit: (exit: unknown) => void }) => {
      options.onExit(exit);
      options.onExit({ ...exit, exitCode: 0 });
      return Promise.resolve({ awaited: ['demo-job-1'], exits: [exit], exitCode: 3 });
    });
    const context = recordingContext();
    expect(await runCli(['wait', '--down-project', 'job'], context)).toBe(3);
    expect(context.out.join('')).toBe(`container "${'f'.repeat(64)}" exited with status code 3\ncontainer "${'f'.repeat(64)}" exited with status code 0\n`);
    expect(api.wait.mock.calls[0]?.[0]).toMatchObject({ services: ['job'], downProject: true });
  });

  it('needs a service', async () => {
    const context = recordingContext();
    expect(await runCli(['wait'], context)).toBe(1);
    expect(context.err.join('')).toContain("missing required argument 'service'");
    expect(api.wait).not.toHaveBeenCalled();
  });

  it('shows the progress of down only once there is some', async () => {
    api.wait.mockImplementation((options: { onProgress: (event: unknown) => void }) => {
      options.onProgress({ resource: 'Container', name: 'demo-job-1', status: 'done', text: 'Removed' });
      return Promise.resolve({ awaited: ['demo-job-1'], exits: [], exitCode: 0 });
    });
    const context = recordingContext();
    expect(await runCli(['--progress', 'plain', 'wait', 'job'], context)).toBe(0);
    expect(context.err.join('')).toBe('Container demo-job-1  Removed\n');
    expect(exitLine({ id: 'abc', name: 'x', service: 'x', exitCode: 1 })).toBe('container "abc" exited with status code 1\n');
  });
});

describe('scale', () => {
  it('turns SERVICE=NUM arguments into replicas, and --no-deps into noDeps', async () => {
    expect(await optionsOf('scale', ['scale', 'web=3', 'db=0', '--no-deps'])).toMatchObject({ services: ['web', 'db'], replicas: { web: 3, db: 0 }, noDeps: true });
    expect(await optionsOf('scale', ['scale', 'web=2'])).toMatchObject({ replicas: { web: 2 }, noDeps: false });
  });

  it('rejects an argument that is not SERVICE=NUM', async () => {
    for (const argv of [['scale', 'web'], ['scale', 'web=many'], ['scale']]) {
      const context = recordingContext();
      expect(await runCli(argv, context)).toBe(1);
      expect(api.scale).not.toHaveBeenCalled();
    }
  });

  it('prints the plan with --dry-run', async () => {
    const context = recordingContext();
    expect(await runCli(['--dry-run', 'scale', 'web=2'], context)).toBe(0);
    expect(context.out.join('')).toBe('create container demo-web-2\nstart container demo-web-2\n');
    expect(api.scale).not.toHaveBeenCalled();
  });
});

describe('export', () => {
  function tempDir(): string {
    const dir = mkdtempSync(path.join(tmpdir(), 'berth-export-'));
    dirs.push(dir);
    return dir;
  }

  it('refuses to write the archive to a terminal, before asking the engine anything', async () => {
    const context = recordingContext({ isTerminal: (stream) => stream === 'stdout' });
    expect(await runCli(['export', 'web'], context)).toBe(1);
    expect(context.err.join('')).toBe('error: refusing to write a tar archive to a terminal\nhint: use -o FILE, or redirect standard output\n');
    expect(api.exportContainer).not.toHaveBeenCalled();
  });

  it('writes the archive to the -o file, relative to the current directory, with --index', async () => {
    const dir = tempDir();
    api.exportContainer.mockImplementation(async (options: { destination: Writable }) => {
      await new Promise<void>((resolve) => options.destination.write(Buffer.from('tar bytes'), () => resolve()));
      return { container: 'demo-web-2', bytes: 9 };
    });
    const context = recordingContext({ cwd: dir, isTerminal: () => true });
    expect(await runCli(['export', '--index', '2', '-o', 'web.tar', 'web'], context)).toBe(0);
    expect(readFileSync(path.join(dir, 'web.tar'), 'utf8')).toBe('tar bytes');
    expect(readdirSync(dir)).toEqual(['web.tar']);
    expect(api.exportContainer.mock.calls[0]?.[0]).toMatchObject({ service: 'web', index: 2, services: ['web'] });
  });

  it('leaves no file behind when the export fails, nor in a dry run', async () => {
    const dir = tempDir();
    api.exportContainer.mockRejectedValueOnce(new Error('boom'));
    expect(await runCli(['export', '-o', 'web.tar', 'web'], recordingContext({ cwd: dir }))).toBe(1);
    expect(await runCli(['--dry-run', 'export', '-o', 'web.tar', 'web'], recordingContext({ cwd: dir }))).toBe(0);
    expect(readdirSync(dir)).toEqual([]);
  });

  it('says so in one line when the file cannot be written', async () => {
    const dir = tempDir();
    const context = recordingContext({ cwd: dir });
    expect(await runCli(['export', '-o', 'missing/web.tar', 'web'], context)).toBe(1);
    expect(context.err.join('')).toBe(`error: cannot write ${path.join(dir, 'missing', 'web.tar')}: no such directory\n`);
    expect(existsSync(path.join(dir, 'missing'))).toBe(false);
  });
});

describe('commit', () => {
  it('turns its flags into options and prints the image id', async () => {
    const context = recordingContext();
    expect(await runCli(['commit', '--index', '2', '-a', 'Jane <j@x>', '-m', 'snapshot', '-c', 'ENV A=1', '-c', 'CMD ["sh"]', 'web', 'snap:1'], context)).toBe(0);
    expect(context.out).toEqual([`${IMAGE_ID}\n`]);
    expect(api.commit.mock.calls[0]?.[0]).toMatchObject({
      service: 'web',
      reference: 'snap:1',
      index: 2,
      author: 'Jane <j@x>',
      message: 'snapshot',
      changes: ['ENV A=1', 'CMD ["sh"]'],
      pause: true,
    });
  });

  it('pauses unless --pause=false, -p=false or --no-pause', async () => {
    expect(await optionsOf('commit', ['commit', 'web'])).toMatchObject({ pause: true, reference: undefined });
    expect(await optionsOf('commit', ['commit', '--pause=false', 'web'])).toMatchObject({ pause: false });
    expect(await optionsOf('commit', ['commit', '-p=false', 'web'])).toMatchObject({ pause: false });
    expect(await optionsOf('commit', ['commit', '--no-pause', 'web'])).toMatchObject({ pause: false });
    expect(await optionsOf('commit', ['commit', '--pause', 'true', 'web'])).toMatchObject({ pause: true });
    expect(booleanValue('F')).toBe(false);
    expect(() => booleanValue('web')).toThrow('Expected true or false');
  });

  it('prints no id in a dry run, where no image is made', async () => {
    api.commit.mockResolvedValue({ container: 'demo-web-1', imageId: '' });
    const context = recordingContext();
    expect(await runCli(['--dry-run', 'commit', 'web'], context)).toBe(0);
    expect(context.out).toEqual([]);
  });
});
