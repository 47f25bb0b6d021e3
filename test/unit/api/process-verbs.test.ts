import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { commit } from '../../../src/api/commit.js';
import { DryRunBackend } from '../../../src/api/dry-run-backend.js';
import { exportContainer } from '../../../src/api/export.js';
import { kill } from '../../../src/api/kill.js';
import { pause } from '../../../src/api/pause.js';
import { planScale, scale } from '../../../src/api/scale.js';
import { stop } from '../../../src/api/stop.js';
import { top } from '../../../src/api/top.js';
import { unpause } from '../../../src/api/unpause.js';
import { up } from '../../../src/api/up.js';
import { wait } from '../../../src/api/wait.js';
import type { CommitOptions } from '../../../src/engine/backend.js';
import { DEMO_COMPOSE, verbScene, type VerbScene } from './verb-fixture.js';

const quiet = { onProgress: () => undefined };

/** The scene with the project up and `worker` stopped: a service with no running container. */
async function withWorkerStopped(): Promise<VerbScene> {
  const scene = verbScene();
  await scene.up();
  await stop({ ...scene.options, ...quiet, services: ['worker'] });
  scene.backend.clearCalls();
  return scene;
}

function idOf(scene: VerbScene, name: string): string {
  return scene.backend.container(name).id;
}

describe('kill', () => {
  it('sends SIGKILL to every running container, all at once, and reports each', async () => {
    const scene = verbScene();
    await scene.up();
    const result = await kill(scene.options);
    expect(result.killed).toEqual(['demo-db-1', 'demo-web-1', 'demo-worker-1']);
    expect(scene.backend.calls).toContain(`kill container ${idOf(scene, 'demo-web-1')} with SIGKILL`);
    expect(scene.lines()).toEqual(expect.arrayContaining(['Container demo-web-1 Killing', 'Container demo-web-1 Killed']));
    expect(scene.backend.container('demo-db-1').state).toBe('exited');
  });

  it('sends the signal asked for, to the services named only', async () => {
    const scene = verbScene();
    await scene.up();
    expect((await kill({ ...scene.options, services: ['db'], killSignal: 'SIGTERM' })).killed).toEqual(['demo-db-1']);
    expect(scene.backend.calls.filter((call) => call.startsWith('kill '))).toEqual([`kill container ${idOf(scene, 'demo-db-1')} with SIGTERM`]);
    expect(scene.backend.container('demo-web-1').state).toBe('running');
  });

  it('says a named service is not running, and kills nothing', async () => {
    const scene = await withWorkerStopped();
    await expect(kill({ ...scene.options, services: ['web', 'worker'] })).rejects.toThrow(/^service "worker" is not running$/);
    expect(scene.backend.calls).toEqual([]);
  });

  it('does nothing, quietly, when nothing runs and no service is named', async () => {
    const scene = verbScene();
    expect(await kill(scene.options)).toEqual({ killed: [] });
    expect(scene.events).toEqual([]);
  });

  it('rejects an unknown service with a suggestion', async () => {
    const scene = verbScene();
    await expect(kill({ ...scene.options, services: ['wbe'] })).rejects.toMatchObject({ message: 'no such service: "wbe"', hint: 'did you mean "web"?' });
  });

  it('kills the containers of services the files no longer have only with removeOrphans', async () => {
    const scene = verbScene();
    await scene.up();
    writeFileSync(path.join(scene.dir, 'compose.yaml'), DEMO_COMPOSE.replace(/ {2}worker:\n {4}image: busybox\n/, ''));
    expect((await kill(scene.options)).killed).toEqual(['demo-db-1', 'demo-web-1']);
    expect(scene.backend.container('demo-worker-1').state).toBe('running');
    expect((await kill({ ...scene.options, removeOrphans: true })).killed).toEqual(['demo-worker-1']);
  });

  it('changes nothing in a dry run, but reports what it would do', async () => {
    const scene = verbScene();
    await scene.up();
    const result = await kill({ ...scene.options, backend: new DryRunBackend(scene.backend), services: ['web'] });
    expect(result.killed).toEqual(['demo-web-1']);
    expect(scene.backend.calls).toEqual([]);
    expect(scene.lines()).toEqual(['Container demo-web-1 Killing', 'Container demo-web-1 Killed']);
  });
});

describe('pause and unpause', () => {
  it('pauses the running containers, then resumes them, each once', async () => {
    const scene = verbScene();
    await scene.up();
    expect((await pause({ ...scene.options, services: ['web', 'db'] })).paused).toEqual(['demo-db-1', 'demo-web-1']);
    expect(scene.backend.container('demo-web-1').state).toBe('paused');
    expect(scene.lines()).toEqual(expect.arrayContaining(['Container demo-web-1 Pausing', 'Container demo-web-1 Paused']));
    // Already paused: nothing to do, and no error.
    expect((await pause({ ...scene.options, services: ['web'] })).paused).toEqual([]);

    scene.events.length = 0;
    expect((await unpause(scene.options)).unpaused).toEqual(['demo-db-1', 'demo-web-1']);
    expect(scene.backend.container('demo-web-1').state).toBe('running');
    expect(scene.lines()).toEqual(expect.arrayContaining(['Container demo-db-1 Unpausing', 'Container demo-db-1 Unpaused']));
    expect((await unpause(scene.options)).unpaused).toEqual([]);
  });

  it('says a named service is not running', async () => {
    const scene = await withWorkerStopped();
    await expect(pause({ ...scene.options, services: ['worker'] })).rejects.toThrow('service "worker" is not running');
    await expect(unpause({ ...scene.options, services: ['worker'] })).rejects.toThrow('service "worker" is not running');
  });

  it('pauses nothing in a dry run', async () => {
    const scene = verbScene();
    await scene.up();
    expect((await pause({ ...scene.options, backend: new DryRunBackend(scene.backend) })).paused).toHaveLength(3);
    expect(scene.backend.calls).toEqual([]);
  });
});

describe('top', () => {
  it("lists each running container's processes, containers sorted by name", async () => {
    const scene = await withWorkerStopped();
    const listed = await top(scene.options);
    expect(listed.map((container) => container.name)).toEqual(['demo-db-1', 'demo-web-1']);
    expect(listed[1]).toMatchObject({ service: 'web', number: 1, titles: ['UID', 'PID', 'CMD'] });
    expect(listed[1]?.processes).toHaveLength(1);
  });

  it('says a named service is not running', async () => {
    const scene = await withWorkerStopped();
    await expect(top({ ...scene.options, services: ['worker'] })).rejects.toThrow('service "worker" is not running');
  });
});

describe('wait', () => {
  /** Makes each container stop, after `after` ms, with its code; others never stop. */
  function stopsWith(scene: VerbScene, codes: Record<string, { code: number; after: number }>): string[] {
    const waited: string[] = [];
    scene.backend.waitContainer = (id: string) => {
      const name = [...scene.backend.containers.values()].find((container) => container.id === id)?.name ?? id;
      waited.push(name);
      const stop = codes[name];
      if (stop === undefined) return new Promise<number>(() => undefined);
      return new Promise((resolve) => setTimeout(() => resolve(stop.code), stop.after));
    };
    return waited;
  }

  it('waits for the first container of each service and gives the exit code of the first to stop', async () => {
    const scene = verbScene();
    await up({ ...scene.options, ...quiet, scale: { web: 2 } });
    const waited = stopsWith(scene, { 'demo-web-1': { code: 3, after: 20 }, 'demo-db-1': { code: 5, after: 1 } });
    const told: string[] = [];
    const result = await wait({ ...scene.options, services: ['web', 'db'], onExit: (exit) => told.push(`${exit.name} ${exit.exitCode}`) });
    expect(waited.sort()).toEqual(['demo-db-1', 'demo-web-1']);
    expect(result.awaited).toEqual(['demo-web-1', 'demo-db-1']);
    expect(told).toEqual(['demo-db-1 5', 'demo-web-1 3']);
    expect(result.exits.map((exit) => exit.service)).toEqual(['db', 'web']);
    expect(result.exitCode).toBe(5);
  });

  it('takes the project down once the first container stops, with downProject', async () => {
    const scene = verbScene();
    await scene.up();
    stopsWith(scene, { 'demo-db-1': { code: 7, after: 1 } });
    const result = await wait({ ...scene.options, services: ['web', 'db'], downProject: true });
    expect(result.exits.map((exit) => exit.name)).toEqual(['demo-db-1']);
    expect(result.exitCode).toBe(7);
    expect(scene.backend.containerNames()).toEqual([]);
    expect(scene.lines()).toContain('Container demo-web-1 Removed');
  });

  it('says a named service is not running, and that there is nothing to wait for', async () => {
    const scene = await withWorkerStopped();
    await expect(wait({ ...scene.options, services: ['worker'] })).rejects.toThrow('service "worker" is not running');
    await expect(wait(verbScene().options)).rejects.toThrow('no containers for project "demo"');
  });

  it('stops waiting when aborted', async () => {
    const scene = verbScene();
    await scene.up();
    stopsWith(scene, {});
    const controller = new AbortController();
    const waiting = wait({ ...scene.options, services: ['web'], signal: controller.signal });
    controller.abort(new Error('interrupted by SIGINT'));
    await expect(waiting).rejects.toThrow('interrupted by SIGINT');
  });

  it('waits for nothing in a dry run, and only shows what down would remove', async () => {
    const scene = verbScene();
    await scene.up();
    const waited = stopsWith(scene, {});
    const result = await wait({ ...scene.options, backend: new DryRunBackend(scene.backend), services: ['web'], downProject: true });
    expect(waited).toEqual([]);
    expect(result).toMatchObject({ awaited: ['demo-web-1'], exits: [], exitCode: 0 });
    expect(scene.backend.containerNames()).toHaveLength(3);
    expect(scene.lines()).toContain('Container demo-web-1 Removed');
  });
});

describe('scale', () => {
  it('adds and removes replicas of the services named, and touches no other service', async () => {
    const scene = await withWorkerStopped();
    await scale({ ...scene.options, replicas: { web: 3 } });
    expect(scene.backend.containerNames()).toEqual(['demo-db-1', 'demo-web-1', 'demo-web-2', 'demo-web-3', 'demo-worker-1']);
    expect(scene.backend.container('demo-worker-1').state).toBe('exited');
    expect(scene.lines()).toContain('Container demo-web-3 Started');

    await scale({ ...scene.options, replicas: { web: 1 } });
    expect(scene.backend.containerNames()).toEqual(['demo-db-1', 'demo-web-1', 'demo-worker-1']);
    await scale({ ...scene.options, replicas: { web: 0 } });
    expect(scene.backend.containerNames()).toEqual(['demo-db-1', 'demo-worker-1']);
  });

  it('brings up the dependencies of the services named, unless noDeps', async () => {
    const withDeps = verbScene();
    await scale({ ...withDeps.options, replicas: { web: 2 } });
    expect(withDeps.backend.containerNames()).toEqual(['demo-db-1', 'demo-web-1', 'demo-web-2']);
    const alone = verbScene();
    await scale({ ...alone.options, replicas: { web: 2 }, noDeps: true });
    expect(alone.backend.containerNames()).toEqual(['demo-web-1', 'demo-web-2']);
  });

  it('plans without changing anything, and wants at least one service', async () => {
    const scene = verbScene();
    const { text } = await planScale({ ...scene.options, replicas: { web: 2 }, noDeps: true });
    expect(text).toContain('create container demo-web-2');
    expect(scene.backend.containerNames()).toEqual([]);
    await expect(scale({ ...scene.options, replicas: {} })).rejects.toThrow('scale needs at least one SERVICE=NUM');
    await expect(scale({ ...scene.options, replicas: { wbe: 2 } })).rejects.toMatchObject({ hint: 'did you mean "web"?' });
  });
});

describe('export', () => {
  it("writes the container's archive to the destination, which it leaves open", async () => {
    const scene = verbScene();
    await scene.up();
    const destination = new PassThrough();
    const chunks: Buffer[] = [];
    destination.on('data', (chunk: Buffer) => chunks.push(chunk));
    const result = await exportContainer({ ...scene.options, service: 'web', destination });
    expect(result).toEqual({ container: 'demo-web-1', bytes: 1024 });
    expect(Buffer.concat(chunks)).toHaveLength(1024);
    expect(destination.writableEnded).toBe(false);
    expect(scene.lines()).toEqual(['Container demo-web-1 Exporting', 'Container demo-web-1 Exported']);
  });

  it('says the service or the replica asked for is not running', async () => {
    const scene = await withWorkerStopped();
    const destination = new PassThrough();
    await expect(exportContainer({ ...scene.options, service: 'worker', destination })).rejects.toThrow('service "worker" is not running');
    await expect(exportContainer({ ...scene.options, service: 'web', index: 2, destination })).rejects.toThrow('service "web" is not running container #2');
  });
});

describe('commit', () => {
  it('makes an image of the container, pausing it by default, and returns its id', async () => {
    const scene = verbScene();
    await up({ ...scene.options, ...quiet, scale: { web: 2 } });
    scene.backend.clearCalls();
    const asked: CommitOptions[] = [];
    const commitContainer = scene.backend.commitContainer.bind(scene.backend);
    scene.backend.commitContainer = (id, options) => (asked.push(options), commitContainer(id, options));
    const result = await commit({ ...scene.options, service: 'web', index: 2, reference: 'snap:1', author: 'me', message: 'why', changes: ['ENV A=1'] });
    expect(result.container).toBe('demo-web-2');
    expect(result.imageId).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(asked).toEqual([{ reference: 'snap:1', author: 'me', message: 'why', changes: ['ENV A=1'], pause: true }]);
    expect(scene.backend.calls).toEqual(['commit demo-web-2 as snap:1']);
    expect(scene.lines()).toEqual(['Container demo-web-2 Committing', 'Container demo-web-2 Committed']);
    await commit({ ...scene.options, service: 'web', pause: false });
    expect(asked[1]).toEqual({ pause: false });
  });

  it('makes nothing in a dry run', async () => {
    const scene = verbScene();
    await scene.up();
    const result = await commit({ ...scene.options, backend: new DryRunBackend(scene.backend), service: 'db' });
    expect(result).toEqual({ container: 'demo-db-1', imageId: '' });
    expect(scene.backend.calls).toEqual([]);
  });
});
