import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { ContainerEvent } from '../../../src/api/events.js';
import type { ContainerStats } from '../../../src/api/stats-sample.js';
import { runCli } from '../../../src/cli/main.js';
import { recordingContext } from './context.js';

// The verbs are replaced by recorders: these tests are about flags becoming options and results
// becoming output; the verbs themselves are tested in test/unit/api against the in-memory engine.
const api = vi.hoisted(() => ({
  images: vi.fn(),
  ls: vi.fn(),
  stats: vi.fn(),
  watchStats: vi.fn(),
  events: vi.fn(),
}));

vi.mock('../../../src/api/images.js', () => ({ images: api.images }));
vi.mock('../../../src/api/ls.js', () => ({ ls: api.ls }));
vi.mock('../../../src/api/stats.js', () => ({ stats: api.stats, watchStats: api.watchStats }));
vi.mock('../../../src/api/events.js', () => ({ events: api.events }));

const ID = 'd2763e024a10aa5f0d1e5f6c1b3e2d4c5f6a7b8c9d0e1f2a3b4c5d6e7f8a9b0c';
const row: ContainerStats = {
  id: ID,
  name: 'demo-web-1',
  cpuPercent: 1.5,
  memoryUsage: 1024 * 1024,
  memoryLimit: 1024 * 1024 * 1024,
  memoryPercent: 0.1,
  networkRx: 0,
  networkTx: 0,
  blockRead: 0,
  blockWrite: 0,
  pids: 1,
};

async function* yielding<T>(...values: T[]): AsyncGenerator<T> {
  yield* values;
}

beforeEach(() => {
  for (const verb of Object.values(api)) verb.mockReset();
  api.images.mockResolvedValue([]);
  api.ls.mockResolvedValue([{ name: 'demo', states: [{ state: 'running', count: 2 }], configFiles: ['/srv/demo/compose.yaml'] }]);
  api.stats.mockResolvedValue([row]);
  api.watchStats.mockResolvedValue(yielding([row], [row]));
  api.events.mockResolvedValue(yielding<ContainerEvent>({ timeNano: 1_714_652_513_000_000_000, type: 'container', action: 'start', id: ID, service: 'web', attributes: { name: 'demo-web-1' } }));
});

async function run(argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const context = recordingContext();
  const code = await runCli(argv, context);
  return { code, out: context.out.join(''), err: context.err.join('') };
}

function firstCall(verb: keyof typeof api): Record<string, unknown> {
  const call = api[verb].mock.calls[0] as [Record<string, unknown>] | undefined;
  if (!call) throw new Error(`${verb} was not called`);
  return call[0];
}

describe('berth ls', () => {
  it('turns -a and repeated --filter name= into options, and -q into names', async () => {
    expect(await run(['ls', '-a', '--filter', 'name=demo', '--filter', 'name=^shop', '-q'])).toEqual({ code: 0, out: 'demo\n', err: '' });
    expect(firstCall('ls')).toMatchObject({ all: true, names: ['demo', '^shop'] });
  });

  it('prints the table or the JSON array', async () => {
    expect((await run(['ls'])).out).toMatch(/^NAME {16}STATUS {14}CONFIG FILES\ndemo {16}running\(2\) {10}\/srv\/demo\/compose.yaml\n$/);
    expect((await run(['ls', '--format', 'json'])).out).toBe('[{"Name":"demo","Status":"running(2)","ConfigFiles":"/srv/demo/compose.yaml"}]\n');
  });

  it('refuses a filter other than name', async () => {
    const result = await run(['ls', '--filter', 'status=running']);
    expect(result.code).not.toBe(0);
    expect(result.err).toContain('only "name" is');
    expect(api.ls).not.toHaveBeenCalled();
  });
});

describe('berth version', () => {
  it('prints the version in the forms docker compose has', async () => {
    const version = (await run(['--version'])).out.replace('berth version ', '').trim();
    expect((await run(['version'])).out).toBe(`berth version ${version}\n`);
    expect((await run(['version', '--short'])).out).toBe(`${version}\n`);
    expect((await run(['version', '--format', 'json'])).out).toBe(`{"version":"${version}"}\n`);
    // -f is the format here, as in docker compose, not the global --file.
    expect((await run(['version', '-f', 'json'])).out).toBe(`{"version":"${version}"}\n`);
  });
});

describe('berth images', () => {
  it('passes the services on and prints ids with -q', async () => {
    api.images.mockResolvedValue([
      { container: 'demo-web-1', id: `sha256:${ID}`, repository: 'busybox', tag: 'latest', os: 'linux', architecture: 'amd64', size: 1, created: undefined },
    ]);
    expect(await run(['images', '-q', 'web'])).toEqual({ code: 0, out: `${ID}\n`, err: '' });
    expect(firstCall('images')).toMatchObject({ services: ['web'] });
  });
});

describe('berth stats', () => {
  it('takes one sample with --no-stream, in JSON with --format json', async () => {
    const result = await run(['stats', '--no-stream', '--format', 'json', '--no-trunc', 'web']);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.out)).toMatchObject({ ID, Name: 'demo-web-1', CPUPerc: '1.50%' });
    expect(firstCall('stats')).toMatchObject({ services: ['web'], all: false });
    expect(api.watchStats).not.toHaveBeenCalled();
  });

  it('redraws the screen for each round without --no-stream', async () => {
    const result = await run(['stats', '-a']);
    expect(result.out.split('\u001b[2J\u001b[H')).toHaveLength(3);
    expect(firstCall('watchStats')).toMatchObject({ all: true });
  });
});

describe('berth events', () => {
  it('prints each event as a line, or as JSON with --json', async () => {
    expect((await run(['events', 'web'])).out).toMatch(new RegExp(`^\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d\\.000000 container start ${ID} \\(name=demo-web-1\\)\\n$`));
    expect(firstCall('events')).toMatchObject({ services: ['web'] });
    api.events.mockResolvedValue(yielding<ContainerEvent>({ timeNano: 1_714_652_513_000_000_000, type: 'container', action: 'die', id: ID, service: 'web', attributes: {} }));
    expect(JSON.parse((await run(['events', '--json'])).out)).toMatchObject({ action: 'die', id: ID, service: 'web', type: 'container' });
  });
});
