import { describe, expect, it } from 'vitest';
import { DryRunBackend } from '../../../src/api/dry-run-backend.js';
import { engineTime } from '../../../src/api/log-time.js';
import { mergeStreams } from '../../../src/api/merge-streams.js';
import { serviceGraph } from '../../../src/api/service-graph.js';
import { walkServices } from '../../../src/api/walk-services.js';
import { DependencyGraph } from '../../../src/graph/dependency-graph.js';
import type { Backend } from '../../../src/engine/backend.js';
import type { ComposeProject } from '../../../src/model/index.js';
import { FakeBackend } from '../../support/fake-backend.js';

describe('walkServices', () => {
  const graph = DependencyGraph.fromDependencies({ web: ['api'], api: ['db'], db: [], cache: [] });

  it('visits each service after what it depends on, independent ones at once', async () => {
    const order: string[] = [];
    await walkServices(graph, graph.nodes, 'dependencies', async (service) => {
      order.push(`start ${service}`);
      await Promise.resolve();
      order.push(`end ${service}`);
    });
    expect(order.indexOf('end db')).toBeLessThan(order.indexOf('start api'));
    expect(order.indexOf('end api')).toBeLessThan(order.indexOf('start web'));
    expect(order.indexOf('start cache')).toBeLessThan(order.indexOf('end db'));
  });

  it('orders through services left out of the walk, and reverses for stops', async () => {
    const order: string[] = [];
    await walkServices(graph, ['web', 'db'], 'dependents', (service) => {
      order.push(service);
      return Promise.resolve();
    });
    expect(order).toEqual(['web', 'db']);
  });

  it('throws the first failure, without starting what waited on it', async () => {
    const visited: string[] = [];
    const walk = walkServices(graph, graph.nodes, 'dependencies', (service) => {
      visited.push(service);
      return service === 'db' ? Promise.reject(new Error('db broke')) : Promise.resolve();
    });
    await expect(walk).rejects.toThrow('db broke');
    expect(visited).not.toContain('web');
  });
});

describe('serviceGraph', () => {
  it('keeps only edges between services of the model, and with restartOnly those with restart: true', () => {
    const model = {
      name: 'demo',
      services: {
        web: { command: null, entrypoint: null, depends_on: { db: { condition: 'service_started', required: true, restart: true }, gone: { condition: 'service_started', required: false } } },
        api: { command: null, entrypoint: null, depends_on: { db: { condition: 'service_started', required: true } } },
        db: { command: null, entrypoint: null },
      },
    } as unknown as ComposeProject;
    expect(serviceGraph(model).dependentsOf('db')).toEqual(['api', 'web']);
    expect(serviceGraph(model, { restartOnly: true }).dependentsOf('db')).toEqual(['web']);
  });
});

describe('mergeStreams', () => {
  it('yields from every source until all end', async () => {
    async function* source(prefix: string, count: number): AsyncGenerator<string> {
      for (let index = 0; index < count; index += 1) {
        await Promise.resolve();
        yield `${prefix}${index}`;
      }
    }
    const seen: string[] = [];
    for await (const item of mergeStreams([source('a', 2), source('b', 3)])) seen.push(item);
    expect(seen.sort()).toEqual(['a0', 'a1', 'b0', 'b1', 'b2']);
  });

  it('closes every source when the reader stops early', async () => {
    let closed = 0;
    async function* endless(): AsyncGenerator<number> {
      try {
        for (;;) yield await Promise.resolve(1);
      } finally {
        closed += 1;
      }
    }
    for await (const item of mergeStreams([endless(), endless()])) if (item === 1) break;
    expect(closed).toBe(2);
  });
});

describe('engineTime', () => {
  const now = new Date('2024-05-02T12:00:00Z');
  const at = (text: string): string => String(Date.parse(text) / 1000);

  it('takes Unix seconds, durations back from now, and dates', () => {
    expect(engineTime('1714650000', now, '--since')).toBe('1714650000');
    expect(engineTime('42m', now, '--since')).toBe(at('2024-05-02T11:18:00Z'));
    expect(engineTime('1h30m', now, '--since')).toBe(at('2024-05-02T10:30:00Z'));
    expect(engineTime('1.5s', now, '--since')).toBe(`${Date.parse('2024-05-02T11:59:58Z') / 1000}.500000000`);
    expect(engineTime('2024-05-01T00:00:00Z', now, '--until')).toBe(at('2024-05-01T00:00:00Z'));
  });

  it('rejects anything else, naming the flag', () => {
    expect(() => engineTime('yesterday', now, '--until')).toThrow('invalid value for --until: "yesterday"');
  });
});

describe('DryRunBackend', () => {
  it('reads from the engine and changes nothing', async () => {
    const engine = new FakeBackend({ images: ['busybox'] });
    const dry: Backend = new DryRunBackend(engine);
    const id = await dry.createContainer('demo-web-1', { Image: 'busybox', HostConfig: {} });
    await dry.startContainer(id);
    await dry.createNetwork({ Name: 'demo_default' });
    await dry.pullImage('nginx');
    expect(engine.calls).toEqual([]);
    expect(await dry.inspectImage('busybox')).toBeDefined();
    expect(dry.endpoint).toBe(engine.endpoint);
  });
});
