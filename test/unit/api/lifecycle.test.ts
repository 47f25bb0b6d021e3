import { describe, expect, it } from 'vitest';
import { restart } from '../../../src/api/restart.js';
import { rm } from '../../../src/api/rm.js';
import { start } from '../../../src/api/start.js';
import { stop } from '../../../src/api/stop.js';
import { verbScene } from './verb-fixture.js';

describe('stop', () => {
  it('stops dependents before what they depend on, and reports each container', async () => {
    const scene = verbScene();
    await scene.up();
    const result = await stop(scene.options);
    expect(result.stopped).toEqual(['demo-db-1', 'demo-web-1', 'demo-worker-1']);
    const calls = scene.backend.calls;
    expect(calls.indexOf('stop container demo-web-1')).toBeLessThan(calls.indexOf('stop container demo-db-1'));
    expect(scene.lines()).toContain('Container demo-web-1 Stopping');
    expect(scene.lines()).toContain('Container demo-web-1 Stopped');
  });

  it('stops only the services named', async () => {
    const scene = verbScene();
    await scene.up();
    expect((await stop({ ...scene.options, services: ['db'] })).stopped).toEqual(['demo-db-1']);
    expect(scene.backend.container('demo-web-1').state).toBe('running');
  });

  it('does nothing, quietly, when nothing runs', async () => {
    const scene = verbScene();
    expect(await stop(scene.options)).toEqual({ stopped: [] });
    expect(scene.events).toEqual([]);
  });
});

describe('start', () => {
  it('starts stopped containers, dependencies first, and those of the dependencies of a named service', async () => {
    const scene = verbScene();
    await scene.up();
    await stop({ ...scene.options, onProgress: () => undefined });
    scene.backend.clearCalls();
    const result = await start({ ...scene.options, services: ['web'] });
    expect(result.started).toEqual(['demo-db-1', 'demo-web-1']);
    expect(scene.backend.calls).toEqual(['start container demo-db-1', 'start container demo-web-1']);
    expect(scene.lines()).toEqual(expect.arrayContaining(['Container demo-web-1 Starting', 'Container demo-web-1 Started']));
  });

  it('ends the other waits for dependencies when one fails', async () => {
    const scene = verbScene(`name: demo
services:
  bad:
    image: busybox
    healthcheck: { test: ["CMD", "false"] }
  slow:
    image: busybox
    healthcheck: { test: ["CMD", "sleep", "3600"] }
  web:
    image: busybox
    depends_on:
      bad: { condition: service_healthy }
      slow: { condition: service_healthy }
`);
    await scene.up();
    await stop({ ...scene.options, onProgress: () => undefined });
    scene.backend.behaviour.set('bad', { health: 'unhealthy' });
    scene.backend.behaviour.set('slow', { health: 'starting' });
    await expect(start(scene.options)).rejects.toThrow('dependency failed to start: container demo-bad-1 is unhealthy');
    expect(scene.lines()).toEqual(expect.arrayContaining(['Container demo-bad-1 Error', 'Container demo-slow-1 Canceled']));
    expect(scene.backend.container('demo-web-1').state).toBe('exited');
  });

  it('refuses when there is no container to start, as docker compose does', async () => {
    const scene = verbScene();
    await expect(start(scene.options)).rejects.toThrow('no containers to start');
    await expect(start({ ...scene.options, services: ['worker'] })).rejects.toThrow('service "worker" has no container to start');
  });

  it('rejects an unknown service with a suggestion', async () => {
    const scene = verbScene();
    await expect(start({ ...scene.options, services: ['wbe'] })).rejects.toMatchObject({ hint: 'did you mean "web"?' });
  });
});

describe('restart', () => {
  it('restarts the services named and their dependents with restart: true, in dependency order', async () => {
    const scene = verbScene();
    await scene.up();
    const result = await restart({ ...scene.options, services: ['db'] });
    expect(result.restarted).toEqual(['demo-db-1', 'demo-web-1']);
    expect(scene.backend.calls.indexOf('start container demo-db-1')).toBeLessThan(scene.backend.calls.indexOf('stop container demo-web-1'));
    expect(scene.lines()).toContain('Container demo-db-1 Restarting');
  });

  it('restarts only the named services with noDeps', async () => {
    const scene = verbScene();
    await scene.up();
    expect((await restart({ ...scene.options, services: ['db'], noDeps: true })).restarted).toEqual(['demo-db-1']);
  });
});

describe('rm', () => {
  it('removes only stopped containers, after asking', async () => {
    const scene = verbScene();
    await scene.up();
    await stop({ ...scene.options, services: ['worker'], onProgress: () => undefined });
    const asked: string[][] = [];
    const result = await rm({ ...scene.options, confirm: (names) => (asked.push([...names]), Promise.resolve(true)) });
    expect(asked).toEqual([['demo-worker-1']]);
    expect(result).toEqual({ candidates: ['demo-worker-1'], removed: ['demo-worker-1'] });
    expect(scene.backend.containerNames()).toEqual(['demo-db-1', 'demo-web-1']);
    expect(scene.lines()).toEqual(['Container demo-worker-1 Removing', 'Container demo-worker-1 Removed']);
  });

  it('removes nothing when the answer is no', async () => {
    const scene = verbScene();
    await scene.up();
    await stop({ ...scene.options, onProgress: () => undefined });
    const result = await rm({ ...scene.options, confirm: () => Promise.resolve(false) });
    expect(result.removed).toEqual([]);
    expect(scene.backend.containerNames()).toHaveLength(3);
  });

  it('stops running containers first with stop', async () => {
    const scene = verbScene();
    await scene.up();
    const result = await rm({ ...scene.options, stop: true, services: ['web'] });
    expect(result.removed).toEqual(['demo-web-1']);
    expect(scene.lines()).toEqual([
      'Container demo-web-1 Stopping',
      'Container demo-web-1 Stopped',
      'Container demo-web-1 Removing',
      'Container demo-web-1 Removed',
    ]);
  });

  it('says there were no candidates when everything runs', async () => {
    const scene = verbScene();
    await scene.up();
    expect(await rm(scene.options)).toEqual({ candidates: [], removed: [] });
  });
});
