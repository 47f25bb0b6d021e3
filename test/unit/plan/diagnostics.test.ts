import { describe, expect, it } from 'vitest';
import { down } from '../../../src/api/down.js';
import { restart } from '../../../src/api/restart.js';
import { stop } from '../../../src/api/stop.js';
import { up } from '../../../src/api/up.js';
import type { ContainerDetails, LogChunk, LogOptions } from '../../../src/engine/backend.js';
import { toContainerDetails } from '../../../src/engine/docker/response-mapping.js';
import { DependencyFailedError, WaitFailedError } from '../../../src/plan/plan-errors.js';
import type { ProgressEvent } from '../../../src/plan/progress.js';
import { formatSeconds, recentProbes, serviceWaitTimeout } from '../../../src/plan/readiness-report.js';
import { slowStopMessage } from '../../../src/plan/slow-stop.js';
import type { FakeBackend } from '../../support/fake-backend.js';
import { COMPLETED, HEALTHY, applied, engine, projectOptions } from './plan-fixture.js';
import { failure } from '../../support/failure.js';

/** The fake engine's start time for every container (its clock does not move on start). */
const STARTED = new Date(1_700_000_000 * 1000);
const at = (seconds: number): string => new Date(STARTED.getTime() + seconds * 1000).toISOString();

/** Makes the containers print these lines (each a line of stdout), honouring `tail`. */
function printing(backend: FakeBackend, lines: readonly string[]): void {
  backend.logs = (_id: string, options: LogOptions): AsyncIterable<LogChunk> => {
    const shown = options.tail === undefined ? lines : lines.slice(-options.tail);
    return (async function* () {
      await Promise.resolve();
      for (const line of shown) yield { stream: 'stdout' as const, text: `${line}\n` };
    })();
  };
}

describe('readiness reports', () => {
  it('explains an unhealthy dependency: how long, its last probes of this run, its last output', async () => {
    const backend = engine();
    backend.behaviour.set('db', {
      health: 'unhealthy',
      healthLog: [
        { start: at(-60), exitCode: 1, output: 'from the previous run' },
        { start: at(1), exitCode: 1, output: 'probe one' },
        { start: at(2), exitCode: 1, output: 'probe two' },
        { start: at(3), exitCode: 2, output: 'probe three\nsecond line\n' },
        { start: at(4), exitCode: 1, output: 'pg_isready: no response' },
      ],
    });
    printing(backend, Array.from({ length: 15 }, (_, index) => `db line ${index + 1}`));
    const error = await failure(applied(backend, HEALTHY));
    expect(error).toBeInstanceOf(DependencyFailedError);
    const lines = error.message.split('\n');
    expect(lines[0]).toMatch(/^dependency failed to start: container demo-db-1 is unhealthy after \d+(\.\d)? s$/);
    expect(lines.slice(1)).toEqual([
      '  last health checks:',
      '    exit 1: probe two',
      '    exit 2: probe three | second line',
      '    exit 1: pg_isready: no response',
      '  last output:',
      ...Array.from({ length: 10 }, (_, index) => `    db line ${index + 6}`),
    ]);
    expect(error.message).not.toContain('previous run');
  });

  it('shows a single probe on the same line, and the progress line only the headline', async () => {
    const backend = engine();
    backend.behaviour.set('db', { health: 'unhealthy', healthLog: [{ start: at(1), exitCode: 1, output: 'pg_isready: no response\n' }] });
    const events: ProgressEvent[] = [];
    const error = await failure(up({ ...projectOptions(backend, HEALTHY), onProgress: (event) => events.push(event) }));
    expect(error.message).toContain('\n  last health checks: exit 1: pg_isready: no response');
    expect(error.message).not.toContain('last output');
    const failed = events.find((event) => event.status === 'error' && event.name === 'demo-db-1');
    expect(failed?.detail).toMatch(/^dependency failed to start: container demo-db-1 is unhealthy after [\d.]+ s$/);
  });

  it('reports the exit code and the last output of a dependency that did not complete successfully', async () => {
    const backend = engine();
    backend.behaviour.set('migrate', { exitCode: 1 });
    printing(backend, ['applying 0001', 'migration failed: table exists']);
    const error = await failure(applied(backend, COMPLETED));
    expect(error).toBeInstanceOf(DependencyFailedError);
    expect(error.message).toMatch(/^dependency failed to start: container demo-migrate-1 did not complete successfully: exit code 1 after [\d.]+ s\n/);
    expect(error.message).toContain('  last output:\n    applying 0001\n    migration failed: table exists');
  });

  it("times out a dependency after its x-berth wait-timeout", async () => {
    const backend = engine();
    backend.behaviour.set('db', { health: 'starting', healthLog: [{ start: at(1), exitCode: 1, output: 'not yet' }] });
    const yaml = HEALTHY.replace('healthcheck:', 'x-berth: { wait-timeout: 300ms }\n    healthcheck:');
    const started = Date.now();
    const error = await failure(applied(backend, yaml));
    expect(Date.now() - started).toBeGreaterThanOrEqual(300);
    expect(error.message).toMatch(/^dependency failed to start: container demo-db-1 did not become healthy within 0\.3 s\n {2}last health checks: exit 1: not yet$/);
  });

  it('times out a job that does not complete within its x-berth wait-timeout', async () => {
    const backend = engine();
    backend.behaviour.set('migrate', { exitCode: 0 });
    backend.waitContainer = (_id: string, signal?: AbortSignal): Promise<number> =>
      new Promise((_resolve, reject) => signal?.addEventListener('abort', () => reject(new Error('aborted'))));
    printing(backend, ['still migrating']);
    const yaml = COMPLETED.replace('  migrate:\n', '  migrate:\n    x-berth: { wait-timeout: 0.2 }\n');
    const error = await failure(applied(backend, yaml));
    expect(error.message).toBe('dependency failed to start: container demo-migrate-1 did not complete within 0.2 s\n  last output:\n    still migrating');
  });

  it('explains an unhealthy container under up --wait', async () => {
    const backend = engine();
    backend.behaviour.set('db', { health: 'unhealthy', healthLog: [{ start: at(1), exitCode: 1, output: 'down' }] });
    printing(backend, ['starting postgres']);
    const yaml = `
services:
  db:
    image: postgres:16
    healthcheck: { test: ["CMD", "pg_isready"] }
`;
    const error = await failure(up({ ...projectOptions(backend, yaml), wait: true, waitTimeoutSeconds: 5 }));
    expect(error).toBeInstanceOf(WaitFailedError);
    expect(error.message).toMatch(/^container demo-db-1 is unhealthy after [\d.]+ s\n {2}last health checks: exit 1: down\n {2}last output:\n {4}starting postgres$/);
  });

  it('reads wait-timeout as a duration or seconds, and formats seconds', () => {
    expect(serviceWaitTimeout({ 'x-berth': { 'wait-timeout': '30s' } })).toBe(30);
    expect(serviceWaitTimeout({ 'x-berth': { 'wait-timeout': '1m30s' } })).toBe(90);
    expect(serviceWaitTimeout({ 'x-berth': { 'wait-timeout': 12 } })).toBe(12);
    expect(serviceWaitTimeout({ 'x-berth': { 'wait-timeout': '2.5' } })).toBe(2.5);
    expect(serviceWaitTimeout({ 'x-berth': { 'wait-timeout': 'soon' } })).toBeUndefined();
    expect(serviceWaitTimeout({ 'x-berth': 'nothing' })).toBeUndefined();
    expect(serviceWaitTimeout(undefined)).toBeUndefined();
    expect(formatSeconds(12_345)).toBe('12.3 s');
    expect(formatSeconds(30_000)).toBe('30 s');
    expect(recentProbes({ ...baseDetails(), healthLog: [{ start: 'garbage', exitCode: 0, output: '' }] })).toHaveLength(1);
  });
});

describe('inspect mapping', () => {
  it("keeps the health log, the start time and the stop timeout; a never-started container has no start", () => {
    const details = toContainerDetails(
      {
        Id: 'c1',
        Config: { StopTimeout: 2 },
        State: {
          Status: 'running',
          Running: true,
          StartedAt: '2026-01-10T11:58:00Z',
          Health: { Status: 'unhealthy', Log: [{ Start: '2026-01-10T11:58:01Z', End: '2026-01-10T11:58:02Z', ExitCode: 1, Output: 'no\n' }] },
        },
      },
      new Date('2026-01-10T12:00:00Z'),
    );
    expect(details).toMatchObject({ startedAt: '2026-01-10T11:58:00Z', stopTimeout: 2, healthLog: [{ start: '2026-01-10T11:58:01Z', exitCode: 1, output: 'no\n' }] });
    expect(toContainerDetails({ State: { StartedAt: '0001-01-01T00:00:00Z' } }, new Date()).startedAt).toBeUndefined();
  });
});

function baseDetails(): ContainerDetails {
  return {
    id: 'x', name: 'x', image: '', imageId: '', labels: {}, state: 'running', status: '', created: 0, ports: [], networks: {}, mounts: [],
    exitCode: 0, running: true, restartCount: 0, startedAt: at(0), config: { env: [], cmd: null, entrypoint: null, hostname: '' },
  };
}

describe('slow stops', () => {
  const WEB = `
services:
  web:
    image: busybox:1
  quick:
    image: busybox:1
`;
  const warnings = (events: readonly ProgressEvent[]): string[] =>
    events.filter((event) => event.status === 'warning').map((event) => `${event.name}: ${event.detail ?? ''}`);

  it('stop warns about a container killed at the end of its grace period, and only about it', async () => {
    const backend = engine();
    backend.behaviour.set('web', { ignoresStopSignal: true });
    await applied(backend, WEB);
    const events: ProgressEvent[] = [];
    const result = await stop({ ...projectOptions(backend, WEB), timeoutSeconds: 0.2, onProgress: (event) => events.push(event) });
    expect(result.stopped).toEqual(['demo-quick-1', 'demo-web-1']);
    expect(backend.container('demo-web-1').exitCode).toBe(137);
    expect(warnings(events)).toEqual([`demo-web-1: ${slowStopMessage('demo-web-1', 200)}`]);
    expect(warnings(events)[0]).toContain('took 0.2 s to stop: its main process ignored SIGTERM; give the service init: true, or a stop_signal it handles');
  });

  it('down and restart warn too; a prompt stop does not', async () => {
    const backend = engine();
    backend.behaviour.set('web', { ignoresStopSignal: true });
    await applied(backend, WEB);
    const restarted: ProgressEvent[] = [];
    await restart({ ...projectOptions(backend, WEB), timeoutSeconds: 0.2, onProgress: (event) => restarted.push(event) });
    expect(warnings(restarted)).toHaveLength(1);
    const downed: ProgressEvent[] = [];
    await down({ ...projectOptions(backend, WEB), timeoutSeconds: 0.2, onProgress: (event) => downed.push(event) });
    expect(warnings(downed)).toEqual([`demo-web-1: ${slowStopMessage('demo-web-1', 200)}`]);

    backend.behaviour.delete('web');
    await applied(backend, WEB);
    const prompt: ProgressEvent[] = [];
    await stop({ ...projectOptions(backend, WEB), timeoutSeconds: 0.2, onProgress: (event) => prompt.push(event) });
    expect(warnings(prompt)).toEqual([]);
  });

  it('a recreate warns about the replaced container', async () => {
    const backend = engine();
    backend.behaviour.set('web', { ignoresStopSignal: true });
    await applied(backend, WEB);
    const events: ProgressEvent[] = [];
    await up({ ...projectOptions(backend, WEB), forceRecreate: true, timeoutSeconds: 0.2, onProgress: (event) => events.push(event) });
    expect(warnings(events).filter((line) => line.startsWith('demo-web-1: '))).toHaveLength(1);
  });
});
