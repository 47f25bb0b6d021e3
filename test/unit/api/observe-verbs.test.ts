import { describe, expect, it } from 'vitest';
import { logs } from '../../../src/api/logs.js';
import { port } from '../../../src/api/port.js';
import { ps } from '../../../src/api/ps.js';
import { stop } from '../../../src/api/stop.js';
import type { ContainerSummary, LabelFilter, LogChunk, LogOptions } from '../../../src/engine/backend.js';
import { verbScene } from './verb-fixture.js';

describe('ps', () => {
  it('lists running containers by name, with what inspect adds', async () => {
    const scene = verbScene();
    await scene.up();
    const rows = await ps(scene.options);
    expect(rows.map((row) => row.name)).toEqual(['demo-db-1', 'demo-web-1', 'demo-worker-1']);
    expect(rows[1]).toMatchObject({ service: 'web', project: 'demo', number: 1, state: 'running', exitCode: 0, health: '', networks: ['demo_default'] });
  });

  it('shows stopped ones with all, or filtered by status', async () => {
    const scene = verbScene();
    await scene.up();
    await stop({ ...scene.options, services: ['worker'] });
    expect((await ps(scene.options)).map((row) => row.service)).toEqual(['db', 'web']);
    expect((await ps({ ...scene.options, all: true })).map((row) => row.service)).toEqual(['db', 'web', 'worker']);
    expect((await ps({ ...scene.options, status: ['exited'] })).map((row) => row.service)).toEqual(['worker']);
    expect((await ps({ ...scene.options, services: ['web'] })).map((row) => row.service)).toEqual(['web']);
  });
});

describe('port', () => {
  it('finds where a container port is published, or says it is not', async () => {
    const scene = verbScene();
    await scene.up();
    const list = scene.backend.listContainers.bind(scene.backend);
    scene.backend.listContainers = async (filter: LabelFilter, options?: { all?: boolean }): Promise<ContainerSummary[]> =>
      (await list(filter, options)).map((container) =>
        container.name === 'demo-web-1'
          ? { ...container, ports: [{ privatePort: 80, publicPort: 8080, ip: '0.0.0.0', type: 'tcp' }, { privatePort: 80, publicPort: 8080, ip: '::', type: 'tcp' }] }
          : container,
      );
    await expect(port({ ...scene.options, service: 'web', privatePort: 80 })).resolves.toEqual({ hostIp: '0.0.0.0', hostPort: 8080 });
    await expect(port({ ...scene.options, service: 'web', privatePort: 81 })).rejects.toThrow('no port 81/tcp for container demo-web-1');
    await expect(port({ ...scene.options, service: 'web', privatePort: 80, index: 2 })).rejects.toThrow('service "web" is not running container #2');
  });
});

describe('logs', () => {
  it('cuts each container output into lines, stdout and stderr apart, labelled without the project', async () => {
    const scene = verbScene();
    await scene.up();
    const asked: LogOptions[] = [];
    scene.backend.logs = (id: string, options: LogOptions): AsyncIterable<LogChunk> => {
      asked.push(options);
      const name = scene.backend.container(id).name;
      const chunks: LogChunk[] =
        name === 'demo-web-1'
          ? [
              { stream: 'stdout', text: 'hel' },
              { stream: 'stderr', text: 'oops\n' },
              { stream: 'stdout', text: 'lo\nworld\r\nno newline' },
            ]
          : [];
      return (async function* () {
        yield* chunks;
      })();
    };
    const stream = await logs({ ...scene.options, services: ['web', 'db'], tail: 5, since: '10m', now: () => new Date('2024-05-02T12:00:00Z') });
    expect(stream.sources.map((source) => source.label)).toEqual(['db-1', 'web-1']);
    const lines = [];
    for await (const line of stream.lines) lines.push(`${line.source.label} ${line.stream} ${line.text}`);
    expect(lines).toEqual(['web-1 stderr oops', 'web-1 stdout hello', 'web-1 stdout world', 'web-1 stdout no newline']);
    expect(asked[0]).toMatchObject({ tail: 5, since: String(Date.parse('2024-05-02T11:50:00Z') / 1000) });
  });

  it('keeps only the replica asked for with index', async () => {
    const scene = verbScene();
    await scene.up();
    const stream = await logs({ ...scene.options, services: ['web'], index: 2 });
    expect(stream.sources).toEqual([]);
  });
});
