import { describe, expect, it } from 'vitest';
import { applied, engine, lines, planned } from './plan-fixture.js';

const WORKERS = `
services:
  worker:
    image: busybox:1
    scale: 3
`;

describe('scale', () => {
  it('creates one container per replica, numbered from 1', async () => {
    expect(await planned(engine(), WORKERS)).toBe(
      lines(
        'create network demo_default',
        'create container demo-worker-1',
        'create container demo-worker-2',
        'create container demo-worker-3',
        'start container demo-worker-1',
        'start container demo-worker-2',
        'start container demo-worker-3',
      ),
    );
  });

  it('scales up with the next numbers, leaving the running ones alone', async () => {
    const backend = engine();
    await applied(backend, WORKERS);
    expect(await planned(backend, WORKERS, { scale: { worker: 5 } })).toBe(
      lines('create container demo-worker-4', 'create container demo-worker-5', 'start container demo-worker-4', 'start container demo-worker-5'),
    );
  });

  it('scales down by removing the highest numbers', async () => {
    const backend = engine();
    await applied(backend, WORKERS, { scale: { worker: 5 } });
    await applied(backend, WORKERS, { scale: { worker: 2 } });
    expect(backend.containerNames()).toEqual(['demo-worker-1', 'demo-worker-2']);
    expect(await planned(backend, WORKERS, { scale: { worker: 2 } })).toBe('');
  });

  it('names the scale change as the reason for removing', async () => {
    const backend = engine();
    await applied(backend, WORKERS);
    expect(await planned(backend, WORKERS, { scale: { worker: 1 } })).toBe(
      lines(
        'stop container demo-worker-2 (scale worker: 3 -> 1)',
        'stop container demo-worker-3 (scale worker: 3 -> 1)',
        'remove container demo-worker-2 (scale worker: 3 -> 1)',
        'remove container demo-worker-3 (scale worker: 3 -> 1)',
      ),
    );
  });

  it('removes out-of-date containers before up-to-date ones, and numbers new ones after the highest', async () => {
    const backend = engine();
    await applied(backend, WORKERS);
    backend.container('demo-worker-1').body.Labels = { ...backend.container('demo-worker-1').body.Labels, 'com.docker.compose.config-hash': 'old' };
    expect(await planned(backend, WORKERS, { scale: { worker: 2 } })).toBe(
      lines('stop container demo-worker-1 (scale worker: 3 -> 2)', 'remove container demo-worker-1 (scale worker: 3 -> 2)'),
    );
    await applied(backend, WORKERS, { scale: { worker: 2 } });
    expect(await planned(backend, WORKERS)).toBe(lines('create container demo-worker-4', 'start container demo-worker-4'));
  });

  it('reads deploy.replicas, and scale: 0 removes every container', async () => {
    const backend = engine();
    const replicas = WORKERS.replace('scale: 3', 'deploy: { replicas: 2 }');
    await applied(backend, replicas);
    expect(backend.containerNames()).toEqual(['demo-worker-1', 'demo-worker-2']);
    await applied(backend, WORKERS.replace('scale: 3', 'scale: 0'));
    expect(backend.containerNames()).toEqual([]);
  });

  it('does not recreate when only the number of replicas changes in the files', async () => {
    const backend = engine();
    await applied(backend, WORKERS);
    expect(await planned(backend, WORKERS.replace('scale: 3', 'scale: 4'))).toBe(
      lines('create container demo-worker-4', 'start container demo-worker-4'),
    );
  });
});
