import { describe, expect, it } from 'vitest';
import { failedContainers } from '../../../src/api/failed-containers.js';
import { up } from '../../../src/api/up.js';
import type { LogChunk, LogOptions } from '../../../src/engine/backend.js';
import { WaitFailedError } from '../../../src/plan/plan-errors.js';
import type { FakeBackend } from '../../support/fake-backend.js';
import { engine, projectOptions } from '../plan/plan-fixture.js';

const PROJECT = `
services:
  api:
    image: busybox:1
    healthcheck: { test: ["CMD", "true"] }
  worker:
    image: busybox:1
  seed:
    image: busybox:1
  web:
    image: busybox:1
    depends_on: [api]
`;

/** Each container prints `<name> line 1` ... `<name> line N`, honouring `tail`. */
function printing(backend: FakeBackend, count: number): void {
  backend.logs = (id: string, options: LogOptions): AsyncIterable<LogChunk> => {
    const name = backend.container(id).name;
    const lines = Array.from({ length: count }, (_, index) => `${name} line ${index + 1}`);
    const shown = options.tail === undefined ? lines : lines.slice(-options.tail);
    return (async function* () {
      await Promise.resolve();
      for (const line of shown) yield { stream: 'stderr' as const, text: `${line}\n` };
    })();
  };
}

describe('failed containers', () => {
  it('are those exited with a code other than 0 or unhealthy, each with its last 50 lines; an exit 0 is no failure', async () => {
    const backend = engine();
    backend.behaviour.set('api', { health: 'unhealthy' });
    backend.behaviour.set('worker', { exitCode: 3 });
    backend.behaviour.set('seed', { exitCode: 0 });
    printing(backend, 80);
    const stack = await up(projectOptions(backend, PROJECT));
    const failed = await stack.failedContainers();
    expect(failed.map(({ container, service, reason }) => ({ container, service, reason }))).toEqual([
      { container: 'demo-api-1', service: 'api', reason: 'unhealthy' },
      { container: 'demo-worker-1', service: 'worker', reason: 'exited with code 3' },
    ]);
    expect(failed[1]?.lines).toHaveLength(50);
    expect(failed[1]?.lines[0]).toBe('demo-worker-1 line 31');
    expect(failed[1]?.lines[49]).toBe('demo-worker-1 line 80');
    expect((await stack.failedContainers(['worker'], { lines: 2 })).map((entry) => entry.lines)).toEqual([['demo-worker-1 line 79', 'demo-worker-1 line 80']]);
  });

  it('include the container a failed wait names, whatever its state, last; and only the services up acted on', async () => {
    const backend = engine();
    backend.behaviour.set('worker', { exitCode: 1 });
    printing(backend, 1);
    await up(projectOptions(backend, PROJECT));
    const error = new WaitFailedError('demo-api-1', 'did not become healthy within 1 s');
    const all = await failedContainers({ ...projectOptions(backend, PROJECT), error });
    expect(all.map(({ container, reason }) => `${container}: ${reason}`)).toEqual(['demo-worker-1: exited with code 1', 'demo-api-1: running, health: healthy']);
    const web = await failedContainers({ ...projectOptions(backend, PROJECT), services: ['web'], error });
    expect(web.map((entry) => entry.container)).toEqual(['demo-api-1']);
    const noDeps = await failedContainers({ ...projectOptions(backend, PROJECT), services: ['web'], noDeps: true });
    expect(noDeps).toEqual([]);
  });
});
