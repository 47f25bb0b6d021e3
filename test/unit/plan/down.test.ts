import { describe, expect, it } from 'vitest';
import { down, planDown } from '../../../src/api/down.js';
import { planText } from '../../../src/plan/plan-text.js';
import { applied, downed, engine, lines, projectOptions } from './plan-fixture.js';

const STACK = `
services:
  db:
    image: postgres:16
    volumes: [data:/data, /anonymous]
  api:
    image: busybox:1
    depends_on: [db]
  web:
    image: busybox:1
    depends_on: [api]
  cache:
    image: redis:7
    networks: [back, shared]
networks:
  back: {}
  shared: { external: true }
volumes:
  data: {}
`;

async function broughtUp(): Promise<ReturnType<typeof engine>> {
  const backend = engine();
  await backend.createNetwork({ Name: 'shared' });
  await applied(backend, STACK);
  backend.clearCalls();
  return backend;
}

describe('down', () => {
  it('stops dependents before their dependencies, removes each container once stopped, then the networks', async () => {
    const backend = await broughtUp();
    const { plan, text } = await down(projectOptions(backend, STACK));
    expect(text).toBe(
      lines(
        'stop container demo-cache-1',
        'stop container demo-web-1',
        'stop container demo-api-1',
        'stop container demo-db-1',
        'remove container demo-api-1',
        'remove container demo-cache-1',
        'remove container demo-db-1',
        'remove container demo-web-1',
        'remove network demo_back',
        'remove network demo_default',
      ),
    );
    const after = (id: string): string[] => plan.nodes.find((node) => node.id === id)?.dependsOn ?? [];
    expect(after('stop container demo-db-1')).toEqual(['stop container demo-api-1', 'stop container demo-web-1']);
    expect(after('stop container demo-cache-1')).toEqual([]);
    expect(after('remove container demo-web-1')).toEqual(['stop container demo-web-1']);
    // A stopped container holds no endpoint: the networks go once all are stopped, not removed.
    const stops = ['stop container demo-api-1', 'stop container demo-cache-1', 'stop container demo-db-1', 'stop container demo-web-1'];
    expect(after('remove network demo_back')).toEqual(stops);
    expect(after('remove network demo_default')).toEqual(stops);
    expect(backend.containerNames()).toEqual([]);
    expect([...backend.networks.keys()]).toEqual(['shared']);
    expect([...backend.volumes.keys()]).toContain('demo_data');
  });

  it('with volumes, also removes the named and anonymous volumes, never external ones', async () => {
    const backend = await broughtUp();
    await backend.createVolume({ Name: 'keep-me' });
    const text = await downed(backend, STACK, { volumes: true });
    expect(text).toContain('remove volume demo_data');
    expect([...backend.volumes.keys()]).toEqual(['keep-me']);
  });

  it('planDown with volumes: the named and anonymous volumes that would go, with their sizes, and nothing removed', async () => {
    const backend = await broughtUp();
    const anonymous = backend.container('demo-db-1').mounts.find((mount) => mount.destination === '/anonymous')?.name ?? '';
    backend.volumeBytes.set('demo_data', 12_288);
    backend.volumeBytes.set(anonymous, -1);
    const { plan, text } = await planDown({ ...projectOptions(backend, STACK), volumes: true });
    expect(text.split('\n').filter((line) => line.includes('volume'))).toEqual([
      `remove container demo-db-1 (anonymous volume ${anonymous} size unknown)`,
      'remove volume demo_data (12288 bytes)',
    ]);
    expect(planText(plan, { formatSize: (bytes) => `${String(bytes / 1024)} KiB` })).toContain('remove volume demo_data (12 KiB)');
    expect(backend.volumeSizeCalls).toBe(1);
    expect(backend.calls).toEqual([]);
    expect(backend.containerNames()).toContain('demo-db-1');
  });

  it('measures volumes only for a plan that deletes them: not for down itself, nor without volumes', async () => {
    const backend = await broughtUp();
    const { text } = await planDown(projectOptions(backend, STACK));
    expect(text).not.toContain('volume');
    const downText = await downed(backend, STACK, { volumes: true });
    expect(downText.split('\n')).toContain('remove volume demo_data');
    expect(downText).toMatch(/remove container demo-db-1 \(anonymous volume [0-9a-f]{64}\)/);
    expect(backend.volumeSizeCalls).toBe(0);
  });

  it('warns about orphans and leaves them, unless removeOrphans', async () => {
    const backend = await broughtUp();
    const warnings: string[] = [];
    const smaller = STACK.replace(/ {2}cache:\n(?: {4}.*\n)+/, '');
    const { text } = await down(projectOptions(backend, smaller, warnings));
    expect(text).not.toContain('demo-cache-1');
    expect(warnings[0]).toContain('found orphan containers (demo-cache-1)');
    // demo_back stayed: the orphan was still attached to it.
    expect(backend.networks.has('demo_back')).toBe(true);
    expect(await downed(backend, smaller, { removeOrphans: true })).toBe(
      lines('stop container demo-cache-1', 'remove container demo-cache-1', 'remove network demo_back'),
    );
  });

  it('with rmi all, removes the images of the services', async () => {
    const backend = await broughtUp();
    const text = await downed(backend, STACK, { rmi: 'all' });
    expect(text).toContain('remove image busybox:1');
    expect(text).toContain('remove image postgres:16');
    expect(backend.images.has('redis:7')).toBe(false);
  });

  it('works from the project name alone when there are no compose files', async () => {
    const backend = await broughtUp();
    const result = await down({
      workingDir: '/',
      projectName: 'demo',
      env: {},
      backend,
      volumes: true,
    });
    expect(result.text).toContain('remove container demo-web-1');
    expect(result.text).toContain('remove network demo_back');
    expect(result.text).toContain('remove volume demo_data');
    expect(backend.containerNames()).toEqual([]);
  });

  it('without files and without a project name, is the loader error', async () => {
    await expect(down({ workingDir: '/', env: {}, backend: engine() })).rejects.toThrow('no configuration file provided');
  });
});
