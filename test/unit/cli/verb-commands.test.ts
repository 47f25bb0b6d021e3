import { beforeEach, describe, expect, it, vi } from 'vitest';
import { runCli } from '../../../src/cli/main.js';
import { confirmRemoval } from '../../../src/cli/commands/rm.js';
import type { ContainerStatus } from '../../../src/api/ps.js';
import { recordingContext } from './context.js';

// Every verb is replaced by a recorder: these tests are about flags becoming options, and results
// becoming output. The verbs themselves are tested in test/unit/api with an in-memory engine.
const api = vi.hoisted(() => ({
  up: vi.fn(),
  planUp: vi.fn(),
  down: vi.fn(),
  ps: vi.fn(),
  logs: vi.fn(),
  create: vi.fn(),
  start: vi.fn(),
  stop: vi.fn(),
  restart: vi.fn(),
  rm: vi.fn(),
  pull: vi.fn(),
  port: vi.fn(),
}));

vi.mock('../../../src/api/up.js', () => ({ up: api.up, planUp: api.planUp }));
vi.mock('../../../src/api/down.js', () => ({ down: api.down }));
vi.mock('../../../src/api/ps.js', () => ({ ps: api.ps }));
vi.mock('../../../src/api/logs.js', () => ({ logs: api.logs }));
vi.mock('../../../src/api/create.js', () => ({ create: api.create }));
vi.mock('../../../src/api/start.js', () => ({ start: api.start }));
vi.mock('../../../src/api/stop.js', () => ({ stop: api.stop }));
vi.mock('../../../src/api/restart.js', () => ({ restart: api.restart }));
vi.mock('../../../src/api/rm.js', () => ({ rm: api.rm }));
vi.mock('../../../src/api/pull.js', () => ({ pull: api.pull }));
vi.mock('../../../src/api/port.js', () => ({ port: api.port }));

beforeEach(() => {
  for (const verb of Object.values(api)) verb.mockReset();
  api.up.mockResolvedValue({});
  api.planUp.mockResolvedValue({ text: 'create container demo-web-1\nstart container demo-web-1' });
  api.down.mockResolvedValue({ projectName: 'demo', plan: { nodes: [{}] }, text: '' });
  api.ps.mockResolvedValue([]);
  api.create.mockResolvedValue({});
  api.start.mockResolvedValue({ started: [] });
  api.stop.mockResolvedValue({ stopped: [] });
  api.restart.mockResolvedValue({ restarted: [] });
  api.rm.mockResolvedValue({ candidates: ['demo-web-1'], removed: ['demo-web-1'] });
  api.pull.mockResolvedValue({ pulled: [], skipped: [], failed: [] });
  api.port.mockResolvedValue({ hostIp: '0.0.0.0', hostPort: 8080 });
});

/** Runs berth and returns what the verb was called with. */
async function optionsOf(verb: keyof typeof api, argv: string[], env: Record<string, string> = {}): Promise<Record<string, unknown>> {
  const context = recordingContext({ env });
  const code = await runCli(argv, context);
  expect(context.err.join('')).not.toMatch(/error/);
  expect(code).toBe(0);
  const call = api[verb].mock.calls[0] as [Record<string, unknown>] | undefined;
  if (!call) throw new Error(`${verb} was not called`);
  return call[0];
}

describe('up', () => {
  it('turns every flag into its option', async () => {
    const options = await optionsOf('up', [
      '-p', 'demo', 'up', '-d', '--wait', '--wait-timeout', '30', '--no-deps', '--force-recreate', '--no-start',
      '--remove-orphans', '--scale', 'web=3', '--scale', 'db=2', '-t', '5', '--pull', 'never', '-V', '--always-recreate-deps', 'web', 'db',
    ]);
    expect(options).toMatchObject({
      projectName: 'demo',
      services: ['web', 'db'],
      wait: true,
      waitTimeoutSeconds: 30,
      noDeps: true,
      forceRecreate: true,
      noStart: true,
      removeOrphans: true,
      scale: { web: 3, db: 2 },
      timeoutSeconds: 5,
      pull: 'never',
      renewAnonVolumes: true,
      alwaysRecreateDeps: true,
    });
    expect(typeof options.onProgress).toBe('function');
  });

  it('leaves flags not given to the library defaults, and --no-recreate sets noRecreate', async () => {
    const options = await optionsOf('up', ['up', '-d', '--no-recreate']);
    expect(options.noRecreate).toBe(true);
    for (const key of ['noDeps', 'forceRecreate', 'noStart', 'removeOrphans', 'scale', 'timeoutSeconds', 'pull', 'wait']) expect(options).not.toHaveProperty(key);
  });

  it('without -d follows the output of the attached services, and passes on --exit-code-from', async () => {
    const source = { name: 'demo-web-1', service: 'web', number: 1, label: 'web-1' };
    const follow = vi.fn().mockResolvedValue({
      sources: [source],
      events: (async function* () {
        yield { kind: 'line', line: { source, stream: 'stdout', text: 'hello' } };
        yield { kind: 'line', line: { source, stream: 'stderr', text: 'oops' } };
        yield { kind: 'exited', source, exitCode: 4, restarting: false };
      })(),
    });
    const stop = vi.fn().mockResolvedValue({ stopped: ['demo-web-1'] });
    api.up.mockResolvedValue({ project: { model: { services: { web: {}, db: {} } } }, follow, stop });
    const context = recordingContext();
    expect(await runCli(['up', '--no-color', '--exit-code-from', 'web', '--progress', 'quiet'], context)).toBe(4);
    expect(follow).toHaveBeenCalledWith(expect.objectContaining({ services: ['web', 'db'] }));
    expect(context.out.join('')).toBe('Attaching to web-1\nweb-1  | hello\nweb-1 exited with code 4\nAborting on container exit...\n');
    expect(context.err.join('')).toBe('web-1  | oops\n');
    expect(stop).toHaveBeenCalledWith(['web', 'db'], expect.anything());
  });

  it('prints the plan with --dry-run and changes nothing', async () => {
    const context = recordingContext();
    expect(await runCli(['--dry-run', 'up', '-d'], context)).toBe(0);
    expect(context.out.join('')).toBe('create container demo-web-1\nstart container demo-web-1\n');
    expect(api.up).not.toHaveBeenCalled();
  });

  it('rejects a malformed --scale and a timeout that is not a number', async () => {
    for (const argv of [['up', '--scale', 'web'], ['up', '-t', 'soon']]) {
      const context = recordingContext();
      expect(await runCli(argv, context)).toBe(1);
      expect(context.err.join('')).toMatch(/argument '.*' is invalid/);
    }
  });
});

describe('down, create, start, stop, restart, rm, pull', () => {
  it('down: -v, --remove-orphans, -t, --rmi', async () => {
    expect(await optionsOf('down', ['down', '-v', '--remove-orphans', '-t', '0', '--rmi', 'local'])).toMatchObject({
      volumes: true,
      removeOrphans: true,
      timeoutSeconds: 0,
      rmi: 'local',
    });
  });

  it('down says when there was nothing to remove', async () => {
    api.down.mockResolvedValue({ projectName: 'demo', plan: { nodes: [] }, text: '' });
    const context = recordingContext();
    expect(await runCli(['down'], context)).toBe(0);
    expect(context.err.join('')).toBe('warning: no resource found to remove for project "demo"\n');
  });

  it('create: the creating flags of up', async () => {
    expect(await optionsOf('create', ['create', '--force-recreate', '--scale', 'web=2', '--pull', 'missing', 'web'])).toMatchObject({
      services: ['web'],
      forceRecreate: true,
      scale: { web: 2 },
      pull: 'missing',
    });
  });

  it('start, stop and restart take services, -t and --no-deps', async () => {
    expect(await optionsOf('start', ['start', 'web'])).toMatchObject({ services: ['web'] });
    expect(await optionsOf('stop', ['stop', '-t', '3', 'web'])).toMatchObject({ services: ['web'], timeoutSeconds: 3 });
    expect(await optionsOf('restart', ['restart', '--no-deps', '--timeout', '1', 'db'])).toMatchObject({ services: ['db'], noDeps: true, timeoutSeconds: 1 });
    api.restart.mockClear();
    expect(await optionsOf('restart', ['restart'])).toMatchObject({ services: [], noDeps: false });
  });

  it('rm: -s and -v; -f is rm force, not the global --file', async () => {
    const options = await optionsOf('rm', ['rm', '-f', '-s', '-v', 'web']);
    expect(options).toMatchObject({ services: ['web'], stop: true, volumes: true });
    expect(options.files).toBeUndefined();
  });

  it('rm says when there is nothing to remove', async () => {
    api.rm.mockResolvedValue({ candidates: [], removed: [] });
    const context = recordingContext();
    expect(await runCli(['rm', '-f'], context)).toBe(0);
    expect(context.err.join('')).toBe('No stopped containers\n');
  });

  it('pull: its flags, and -q silences progress', async () => {
    expect(await optionsOf('pull', ['pull', '--ignore-pull-failures', '--ignore-buildable', '--include-deps', '--policy', 'missing', '-q'])).toMatchObject({
      ignorePullFailures: true,
      ignoreBuildable: true,
      includeDeps: true,
      policy: 'missing',
    });
  });

  it('global flags still work after the command name, by their long names where the command took the letter', async () => {
    expect(await optionsOf('stop', ['stop', '-f', 'a.yaml', '-p', 'demo'])).toMatchObject({ files: ['a.yaml'], projectName: 'demo' });
    expect(await optionsOf('rm', ['-f', 'a.yaml', 'rm', '-f', '--file', 'b.yaml'])).toMatchObject({ files: ['a.yaml', 'b.yaml'] });
  });

  it('down -v is down --volumes, not --version', async () => {
    const options = await optionsOf('down', ['down', '-v']);
    expect(options.volumes).toBe(true);
  });
});

describe('ps', () => {
  const row: ContainerStatus = {
    id: 'a'.repeat(64),
    name: 'demo-web-1',
    image: 'busybox',
    command: 'sleep 1',
    project: 'demo',
    service: 'web',
    number: 1,
    created: Math.floor(Date.now() / 1000),
    state: 'running',
    status: 'Up 1 second',
    health: '',
    exitCode: 0,
    publishers: [],
    labels: {},
    localVolumes: 0,
    mounts: [],
    networks: ['demo_default'],
  };

  it('passes -a, --status and --filter status= on', async () => {
    expect(await optionsOf('ps', ['ps', '-a', '--status', 'exited', '--filter', 'status=created', '--no-orphans', 'web'])).toMatchObject({
      services: ['web'],
      all: true,
      status: ['exited', 'created'],
      orphans: false,
    });
  });

  it('prints a table, JSON lines, ids or services', async () => {
    api.ps.mockResolvedValue([row, { ...row, id: 'b'.repeat(64), name: 'demo-web-2', number: 2 }]);
    const run = async (argv: string[]): Promise<string> => {
      const context = recordingContext();
      expect(await runCli(argv, context)).toBe(0);
      return context.out.join('');
    };
    expect(await run(['ps'])).toMatch(/^NAME +IMAGE +COMMAND +SERVICE +CREATED +STATUS +PORTS\ndemo-web-1 +busybox +"sleep 1" +web /);
    const json = (await run(['ps', '--format', 'json'])).trim().split('\n').map((line) => JSON.parse(line) as { Name: string });
    expect(json.map((record) => record.Name)).toEqual(['demo-web-1', 'demo-web-2']);
    expect(await run(['ps', '-q'])).toBe(`${'a'.repeat(64)}\n${'b'.repeat(64)}\n`);
    expect(await run(['ps', '--services'])).toBe('web\n');
  });

  it('rejects an unknown status and an unknown filter', async () => {
    for (const argv of [['ps', '--status', 'sleeping'], ['ps', '--filter', 'name=web'], ['ps', '--format', 'yaml']]) {
      const context = recordingContext();
      expect(await runCli(argv, context)).toBe(1);
      expect(api.ps).not.toHaveBeenCalled();
    }
  });
});

describe('logs', () => {
  const web = { name: 'demo-web-1', service: 'web', number: 1, label: 'web-1' };

  it('passes its flags on, and prints each stream to its own', async () => {
    api.logs.mockResolvedValue({
      sources: [web],
      lines: (async function* () {
        yield { source: web, stream: 'stdout', text: 'hello' };
        yield { source: web, stream: 'stderr', text: 'oops' };
      })(),
    });
    const context = recordingContext();
    expect(await runCli(['logs', '-f', '-n', '5', '--since', '10m', '--until', '2024-05-02T00:00:00Z', '-t', '--index', '1', 'web'], context)).toBe(0);
    expect(api.logs.mock.calls[0]?.[0]).toMatchObject({
      services: ['web'],
      follow: true,
      tail: 5,
      since: '10m',
      until: '2024-05-02T00:00:00Z',
      timestamps: true,
      index: 1,
    });
    expect(context.out).toEqual(['web-1  | hello\n']);
    expect(context.err).toEqual(['web-1  | oops\n']);
  });

  it('colours the prefix only when asked to, and drops it with --no-log-prefix', async () => {
    const once = () => ({
      sources: [web],
      lines: (async function* () {
        yield { source: web, stream: 'stdout', text: 'hi' };
      })(),
    });
    api.logs.mockResolvedValueOnce(once()).mockResolvedValueOnce(once()).mockResolvedValueOnce(once());
    const colour = recordingContext();
    await runCli(['--ansi', 'always', 'logs'], colour);
    expect(colour.out.join('')).toBe('\u001b[36mweb-1  |\u001b[0m hi\n');
    const monochrome = recordingContext();
    await runCli(['--ansi', 'always', 'logs', '--no-color'], monochrome);
    expect(monochrome.out.join('')).toBe('web-1  | hi\n');
    const bare = recordingContext();
    await runCli(['logs', '--no-log-prefix', '--tail', 'all'], bare);
    expect(bare.out.join('')).toBe('hi\n');
    expect(api.logs.mock.calls[2]?.[0]).toMatchObject({ tail: undefined });
  });
});

describe('port', () => {
  it('prints host:port', async () => {
    const context = recordingContext();
    expect(await runCli(['port', '--protocol', 'udp', '--index', '2', 'web', '53'], context)).toBe(0);
    expect(context.out).toEqual(['0.0.0.0:8080\n']);
    expect(api.port.mock.calls[0]?.[0]).toMatchObject({ service: 'web', privatePort: 53, protocol: 'udp', index: 2 });
  });
});

describe('confirmRemoval', () => {
  it('with -f says what goes, and goes on', async () => {
    const context = recordingContext();
    expect(await confirmRemoval(['demo-web-1', 'demo-db-1'], true, context)).toBe(true);
    expect(context.out).toEqual(['Going to remove demo-web-1, demo-db-1\n']);
  });

  it('asks on a terminal, no unless yes', async () => {
    for (const [answer, expected] of [['y', true], ['yes', true], ['', false], ['n', false]] as const) {
      const questions: string[] = [];
      const context = recordingContext({ isTerminal: () => true, ask: (question) => (questions.push(question), Promise.resolve(answer)) });
      expect(await confirmRemoval(['demo-web-1'], false, context)).toBe(expected);
      expect(questions).toEqual(['? Going to remove demo-web-1 Are you sure? [y/N] ']);
    }
  });

  it('removes nothing without a terminal, and says to use -f', async () => {
    const context = recordingContext({ isTerminal: () => false, ask: () => Promise.resolve('y') });
    expect(await confirmRemoval(['demo-web-1'], false, context)).toBe(false);
    expect(context.err.join('')).toContain('use -f');
  });
});
