import { describe, expect, it } from 'vitest';
import { events } from '../../../src/api/events.js';
import { images, repositoryAndTag } from '../../../src/api/images.js';
import { ls } from '../../../src/api/ls.js';
import { stats, watchStats } from '../../../src/api/stats.js';
import { stop } from '../../../src/api/stop.js';
import { up } from '../../../src/api/up.js';
import type { ContainerStatsSample, EngineEvent, LabelFilter } from '../../../src/engine/backend.js';
import { EngineError } from '../../../src/engine/engine-errors.js';
import { CONFIG_FILES_LABEL } from '../../../src/engine/labels.js';
import { verbScene } from './verb-fixture.js';

describe('images', () => {
  it("lists each container's image, stopped ones too, sorted by container name", async () => {
    const scene = verbScene();
    await scene.up();
    await stop({ ...scene.options, services: ['worker'] });
    const busybox = scene.backend.images.get('busybox');
    scene.backend.images.set('busybox', { id: busybox?.id ?? '', repoTags: ['busybox:latest'], repoDigests: [], labels: {}, size: 4_260_000, created: 1_700_000_000, os: 'linux', architecture: 'amd64' });
    const rows = await images(scene.options);
    expect(rows.map((row) => row.container)).toEqual(['demo-db-1', 'demo-web-1', 'demo-worker-1']);
    expect(rows[0]).toEqual({
      container: 'demo-db-1',
      id: busybox?.id,
      repository: 'busybox',
      tag: 'latest',
      os: 'linux',
      architecture: 'amd64',
      size: 4_260_000,
      created: 1_700_000_000,
    });
    expect((await images({ ...scene.options, services: ['web'] })).map((row) => row.container)).toEqual(['demo-web-1']);
  });

  it('rejects a service the project does not have, with a suggestion', async () => {
    const scene = verbScene();
    await expect(images({ ...scene.options, services: ['wbe'] })).rejects.toMatchObject({ message: expect.stringContaining('wbe') as unknown, hint: expect.stringContaining('web') as unknown });
  });

  it('reads repository and tag the way docker shows them', () => {
    const digest = `sha256:${'a'.repeat(64)}`;
    expect(repositoryAndTag('nginx')).toEqual({ repository: 'nginx', tag: 'latest' });
    expect(repositoryAndTag('docker.io/library/nginx:1.25')).toEqual({ repository: 'nginx', tag: '1.25' });
    expect(repositoryAndTag('docker.io/acme/app')).toEqual({ repository: 'acme/app', tag: 'latest' });
    expect(repositoryAndTag('library/nginx')).toEqual({ repository: 'nginx', tag: 'latest' });
    expect(repositoryAndTag('localhost:5000/app')).toEqual({ repository: 'localhost:5000/app', tag: 'latest' });
    expect(repositoryAndTag('registry.example.com:5000/team/app:v1')).toEqual({ repository: 'registry.example.com:5000/team/app', tag: 'v1' });
    expect(repositoryAndTag(`ghcr.io/acme/app:v1@${digest}`)).toEqual({ repository: 'ghcr.io/acme/app', tag: '' });
    expect(repositoryAndTag(digest)).toEqual({ repository: '', tag: '' });
  });
});

describe('ls', () => {
  it('groups every compose container by project, counting states, running ones only unless all', async () => {
    const scene = verbScene();
    await scene.up();
    const other = verbScene('name: other\nservices:\n  app:\n    image: busybox\n');
    await up({ workingDir: other.dir, backend: scene.backend, env: {}, onProgress: () => undefined });
    await stop({ ...scene.options, services: ['worker'] });

    const running = await ls({ backend: scene.backend });
    expect(running.map((project) => [project.name, project.states])).toEqual([
      ['demo', [{ state: 'running', count: 2 }]],
      ['other', [{ state: 'running', count: 1 }]],
    ]);
    expect(running[0]?.configFiles).toEqual([`${scene.dir}/compose.yaml`]);
    const all = await ls({ backend: scene.backend, all: true });
    expect(all[0]?.states).toEqual([
      { state: 'exited', count: 1 },
      { state: 'running', count: 2 },
    ]);

    await stop({ ...other.options, backend: scene.backend });
    expect((await ls({ backend: scene.backend })).map((project) => project.name)).toEqual(['demo']);
    expect((await ls({ backend: scene.backend, all: true })).map((project) => project.name)).toEqual(['demo', 'other']);
  });

  it('filters by name as docker does: the same name, or a regular expression found in it', async () => {
    const scene = verbScene();
    await scene.up();
    const other = verbScene('name: other\nservices:\n  app:\n    image: busybox\n');
    await up({ workingDir: other.dir, backend: scene.backend, env: {}, onProgress: () => undefined });
    const names = async (filters: string[]): Promise<string[]> => (await ls({ backend: scene.backend, names: filters })).map((project) => project.name);
    expect(await names(['demo'])).toEqual(['demo']);
    expect(await names(['^o'])).toEqual(['other']);
    expect(await names(['dem', 'oth'])).toEqual(['demo', 'other']);
    expect(await names(['nothing', '('])).toEqual([]);
  });

  it('has no config files for a project when a container does not carry the label', async () => {
    const scene = verbScene();
    await scene.up();
    const web = scene.backend.container('demo-web-1');
    delete web.body.Labels?.[CONFIG_FILES_LABEL];
    expect((await ls({ backend: scene.backend }))[0]?.configFiles).toBeUndefined();
  });
});

/** A sample whose CPU figure is `percent` on one CPU. */
function sampleAt(name: string, percent: number): ContainerStatsSample {
  return {
    name: `/${name}`,
    precpu_stats: { cpu_usage: { total_usage: 0 }, system_cpu_usage: 0, online_cpus: 1 },
    cpu_stats: { cpu_usage: { total_usage: percent }, system_cpu_usage: 100, online_cpus: 1 },
    memory_stats: { usage: 1024, limit: 4096 },
  };
}

describe('stats', () => {
  it("computes each running container's figures from one sample, sorted by name", async () => {
    const scene = verbScene();
    await scene.up();
    scene.backend.containerStats = (id: string): Promise<ContainerStatsSample> => Promise.resolve(sampleAt(scene.backend.container(id).name, 25));
    const rows = await stats(scene.options);
    expect(rows.map((row) => [row.name, row.cpuPercent, row.memoryPercent])).toEqual([
      ['demo-db-1', 25, 25],
      ['demo-web-1', 25, 25],
      ['demo-worker-1', 25, 25],
    ]);
    expect(rows[0]?.id).toBe(scene.backend.container('demo-db-1').id);
    expect((await stats({ ...scene.options, services: ['web'] })).map((row) => row.name)).toEqual(['demo-web-1']);
  });

  it('leaves out a container removed before its sample, and stopped ones unless all', async () => {
    const scene = verbScene();
    await scene.up();
    await stop({ ...scene.options, services: ['worker'] });
    const sample = scene.backend.containerStats.bind(scene.backend);
    scene.backend.containerStats = (id: string): Promise<ContainerStatsSample> =>
      scene.backend.container(id).name === 'demo-db-1' ? Promise.reject(new EngineError('engine', 'no such container', { statusCode: 404 })) : sample(id);
    expect((await stats(scene.options)).map((row) => row.name)).toEqual(['demo-web-1']);
    expect((await stats({ ...scene.options, all: true })).map((row) => row.name)).toEqual(['demo-web-1', 'demo-worker-1']);
  });

  it('samples again each round until the signal aborts, listing the containers afresh', async () => {
    const scene = verbScene();
    await scene.up();
    const stopWatching = new AbortController();
    const rounds: string[][] = [];
    for await (const rows of await watchStats({ ...scene.options, signal: stopWatching.signal })) {
      rounds.push(rows.map((row) => row.name));
      if (rounds.length === 1) await stop({ ...scene.options, services: ['worker'] });
      else stopWatching.abort();
    }
    expect(rounds).toEqual([
      ['demo-db-1', 'demo-web-1', 'demo-worker-1'],
      ['demo-db-1', 'demo-web-1'],
    ]);
  });
});

describe('events', () => {
  function engineEvent(overrides: Partial<EngineEvent> & { service?: string } = {}): EngineEvent {
    const { service = 'web', ...rest } = overrides;
    return {
      type: 'container',
      action: 'start',
      id: `${service}-id`,
      timeNano: 1_714_652_513_123_456_000,
      attributes: {
        image: 'busybox',
        name: `demo-${service}-1`,
        'com.docker.compose.project': 'demo',
        'com.docker.compose.service': service,
        'com.docker.compose.oneoff': 'False',
        'org.example.team': 'shop',
      },
      ...rest,
    };
  }

  it("passes on the project's container events without the compose labels, leaving out one-off containers and other kinds", async () => {
    const scene = verbScene();
    const asked: LabelFilter[] = [];
    const oneOff = engineEvent({ service: 'worker' });
    oneOff.attributes['com.docker.compose.oneoff'] = 'True';
    scene.backend.events = (filter: LabelFilter): AsyncIterable<EngineEvent> => {
      asked.push(filter);
      return (async function* () {
        yield engineEvent();
        yield engineEvent({ type: 'network', action: 'connect' });
        yield oneOff;
        yield engineEvent({ service: 'db', action: 'die' });
      })();
    };
    const seen = [];
    for await (const event of await events(scene.options)) seen.push(event);
    expect(asked).toEqual([['com.docker.compose.project=demo']]);
    expect(seen).toEqual([
      {
        timeNano: 1_714_652_513_123_456_000,
        type: 'container',
        action: 'start',
        id: 'web-id',
        service: 'web',
        attributes: { image: 'busybox', name: 'demo-web-1', 'org.example.team': 'shop' },
      },
      expect.objectContaining({ action: 'die', service: 'db' }),
    ]);
    const onlyDb = [];
    for await (const event of await events({ ...scene.options, services: ['db'] })) onlyDb.push(event.service);
    expect(onlyDb).toEqual(['db']);
  });

  it('ends when the signal aborts, and closes the engine stream when the reader stops early', async () => {
    const scene = verbScene();
    const signals: AbortSignal[] = [];
    scene.backend.events = (_filter: LabelFilter, signal: AbortSignal): AsyncIterable<EngineEvent> => {
      signals.push(signal);
      return (async function* () {
        yield engineEvent();
        if (!signal.aborted) await new Promise((resolve) => signal.addEventListener('abort', resolve, { once: true }));
      })();
    };
    const interrupt = new AbortController();
    const seen: string[] = [];
    for await (const event of await events({ ...scene.options, signal: interrupt.signal })) {
      seen.push(event.action);
      interrupt.abort();
    }
    expect(seen).toEqual(['start']);

    for await (const event of await events(scene.options)) {
      expect(event.action).toBe('start');
      break;
    }
    expect(signals[1]?.aborted).toBe(true);
  });

  it('rejects a service the project does not have before it subscribes', async () => {
    const scene = verbScene();
    await expect(events({ ...scene.options, services: ['wbe'] })).rejects.toThrow(/wbe/);
    expect(scene.backend.eventRequests).toEqual([]);
  });
});
