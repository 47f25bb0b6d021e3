import { describe, expect, it } from 'vitest';
import { up } from '../../../src/api/up.js';
import { ReadinessError, WaitFailedError } from '../../../src/plan/plan-errors.js';
import type { ProgressEvent } from '../../../src/plan/progress.js';
import { engine, projectOptions } from './plan-fixture.js';
import { failure } from '../../support/failure.js';

// `up --wait` with a one-shot job beside a long-running service, nothing depending on the job.
const ONE_SHOT = `
services:
  seed:
    image: busybox:1
  web:
    image: busybox:1
`;

describe('up --wait and one-shot jobs', () => {
  it('fails on a container that exited with 0 when nothing waits on it for completion, as docker compose does', async () => {
    const backend = engine();
    backend.behaviour.set('seed', { exitCode: 0 });
    const error = await failure(up({ ...projectOptions(backend, ONE_SHOT), wait: true }));
    expect(error).toBeInstanceOf(WaitFailedError);
    expect(error.message).toMatch(/^container demo-seed-1 exited with code 0 after [\d.]+ s$/);
  });

  it('counts a container that exited with 0 as ready with acceptCompleted', async () => {
    const backend = engine();
    backend.behaviour.set('seed', { exitCode: 0 });
    const events: ProgressEvent[] = [];
    await up({ ...projectOptions(backend, ONE_SHOT), wait: true, acceptCompleted: true, onProgress: (event) => events.push(event) });
    const waited = events.filter((event) => event.status === 'done' && (event.text === 'Exited' || event.text === 'Running'));
    expect(waited.map((event) => `${event.name} ${event.text}`).sort()).toEqual(['demo-seed-1 Exited', 'demo-web-1 Running']);
  });

  it('still fails with acceptCompleted on a container that exited with another code', async () => {
    const backend = engine();
    backend.behaviour.set('seed', { exitCode: 2 });
    const error = await failure(up({ ...projectOptions(backend, ONE_SHOT), wait: true, acceptCompleted: true }));
    expect(error.message).toMatch(/^container demo-seed-1 exited with code 2 after/);
  });

  it('ends the other waits at the first failure, reporting only that one', async () => {
    const backend = engine();
    const yaml = `
services:
  broken:
    image: busybox:1
    healthcheck: { test: ["CMD", "true"] }
  slow:
    image: busybox:1
    healthcheck: { test: ["CMD", "true"] }
`;
    backend.behaviour.set('broken', { health: 'unhealthy' });
    backend.behaviour.set('slow', { health: 'starting' });
    const events: ProgressEvent[] = [];
    const error = await failure(up({ ...projectOptions(backend, yaml), wait: true, onProgress: (event) => events.push(event) }));
    expect(error.message).toMatch(/^container demo-broken-1 is unhealthy after/);
    // The slow one's wait has ended: no more inspections once up has thrown.
    let inspections = 0;
    const inspect = backend.inspectContainer.bind(backend);
    backend.inspectContainer = (name) => {
      inspections += 1;
      return inspect(name);
    };
    await new Promise((resolve) => setTimeout(resolve, 600));
    expect(inspections).toBe(0);
    expect(events.filter((event) => event.status === 'error').map((event) => event.name)).toEqual(['demo-broken-1']);
  });
});

describe('a failed wait without its output', () => {
  it('keeps the headline and the health checks, and leaves out the last output', async () => {
    const backend = engine();
    const yaml = `
services:
  db:
    image: busybox:1
    healthcheck: { test: ["CMD", "pg_isready"] }
`;
    backend.behaviour.set('db', { health: 'unhealthy', healthLog: [{ start: '2023-11-14T22:13:21.000Z', exitCode: 1, output: 'no response' }] });
    backend.logs = () =>
      (async function* () {
        await Promise.resolve();
        yield { stream: 'stdout' as const, text: 'FATAL: could not open pg_hba.conf\n' };
      })();
    const error = await failure(up({ ...projectOptions(backend, yaml), wait: true }));
    if (!(error instanceof ReadinessError)) throw error;
    expect(error.container).toBe('demo-db-1');
    expect(error.report?.output).toEqual(['FATAL: could not open pg_hba.conf']);
    expect(error.message).toContain('\n  last output:\n    FATAL: could not open pg_hba.conf');
    const brief = error.withoutOutput();
    expect(brief.message).toMatch(/^container demo-db-1 is unhealthy after [\d.]+ s\n {2}last health checks: exit 1: no response$/);
    expect(brief.code).toBe('wait-failed');
    expect(brief.cause).toBe(error);
  });
});
