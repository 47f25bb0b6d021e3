import { describe, expect, it } from 'vitest';
import { CONFIG_HASH_LABEL, CONFIG_RECORD_LABEL } from '../../../src/engine/labels.js';
import { applied, engine, lines, planned, projectOptions } from './plan-fixture.js';
import { planUp } from '../../../src/api/up.js';

/** db ← api (restart: true) ← web; cache alone. */
const STACK = `
services:
  db:
    image: postgres:16
    environment: { POSTGRES_PASSWORD: one }
  api:
    image: busybox:1
    volumes: ["/cache"]
    depends_on:
      db: { condition: service_started, restart: true }
  web:
    image: busybox:1
    depends_on: [api]
  cache:
    image: redis:7
`;

async function broughtUp(yaml = STACK): Promise<ReturnType<typeof engine>> {
  const backend = engine();
  await applied(backend, yaml);
  backend.clearCalls();
  return backend;
}

describe('recreate: an edited service', () => {
  it('recreates only it, and restarts its restart: true dependents around it', async () => {
    const backend = await broughtUp();
    const edited = STACK.replace('POSTGRES_PASSWORD: one', 'POSTGRES_PASSWORD: two');
    expect(await planned(backend, edited)).toBe(
      lines(
        'stop container demo-api-1 (restart: db recreated)',
        'recreate container demo-db-1 (environment.POSTGRES_PASSWORD changed (value hidden))',
        'start container demo-db-1',
        'start container demo-api-1 (restart)',
      ),
    );
  });

  it('replaces the container by create, stop, remove and rename, keeping its anonymous volumes', async () => {
    const backend = await broughtUp();
    const old = backend.container('demo-api-1');
    const anonymous = old.mounts.find((mount) => mount.destination === '/cache')?.name;
    const edited = STACK.replace('volumes: ["/cache"]', 'volumes: ["/cache"]\n    environment: { MODE: x }');
    await applied(backend, edited, { timeoutSeconds: 3 });
    expect(backend.lastStopTimeout).toBe(3);
    const prefix = old.id.slice(0, 12);
    expect(backend.calls).toEqual([
      `create container ${prefix}_demo-api-1`,
      'stop container demo-api-1',
      'remove container demo-api-1',
      `rename container ${prefix}_demo-api-1 to demo-api-1`,
      'start container demo-api-1',
    ]);
    const replacement = backend.container('demo-api-1');
    expect(replacement.id).not.toBe(old.id);
    expect(replacement.mounts.find((mount) => mount.destination === '/cache')?.name).toBe(anonymous);
    expect(replacement.body.Labels?.['com.docker.compose.replace']).toBe(old.id);
  });

  it('says why a container diverged: its image, a network or a volume', async () => {
    const yaml = `
services:
  app:
    image: busybox:1
    networks: [front]
    volumes: [data:/data]
networks:
  front: {}
volumes:
  data: {}
`;
    const backend = await broughtUp(yaml);
    const app = backend.container('demo-app-1');
    app.imageId = 'sha256:0000000000000000000000000000000000000000000000000000000000000000';
    delete app.networks.demo_front;
    app.mounts = [];
    expect(await planned(backend, yaml)).toBe(
      `recreate container demo-app-1 (image changed: 000000000000 -> ${backend.images.get('busybox:1')?.id.slice(7, 19) ?? ''}; network front missing; volume data not mounted at /data)\nstart container demo-app-1`,
    );
  });

  it('names each field that changed, with its old and new value', async () => {
    const yaml = `
services:
  web:
    image: busybox:1
    command: ["a"]
    environment: { GREETING: hello, GONE: x }
    ports: ["8080:80"]
    labels: { com.example.role: front }
`;
    const backend = await broughtUp(yaml);
    const edited = yaml
      .replace('command: ["a"]', 'command: ["b"]')
      .replace('GREETING: hello, GONE: x', 'GREETING: changed, DEBUG: "1"')
      .replace('8080:80', '8081:80')
      .replace('role: front', 'role: back');
    const { plan } = await planUp(projectOptions(backend, edited));
    expect(plan.nodes.find((node) => node.action.kind === 'recreate-container')?.reasons).toEqual([
      'command ["a"] -> ["b"]',
      'environment.DEBUG added "1"',
      'environment.GONE removed',
      'environment.GREETING "hello" -> "changed"',
      'labels["com.example.role"] "front" -> "back"',
      'ports[0].published "8080" -> "8081"',
    ]);
  });

  it('says a network was recreated when the container is attached to an older network of the same name', async () => {
    const yaml = `
services:
  app:
    image: busybox:1
    networks: [front]
networks:
  front: {}
`;
    const backend = await broughtUp(yaml);
    const endpoint = backend.container('demo-app-1').networks.demo_front;
    if (endpoint === undefined) throw new Error('demo-app-1 is not on demo_front');
    endpoint.networkId = 'f'.repeat(64);
    expect(await planned(backend, yaml)).toBe(lines('recreate container demo-app-1 (network front was recreated)', 'start container demo-app-1'));
  });

  it('says a volume is not mounted where the service mounts it, and what is mounted there instead', async () => {
    const yaml = `
services:
  app:
    image: busybox:1
    volumes: [data:/data]
volumes:
  data: {}
`;
    const backend = await broughtUp(yaml);
    const renamed = yaml.replace('data: {}', 'data: { name: elsewhere }');
    expect(await planned(backend, renamed)).toBe(
      lines('create volume elsewhere', 'recreate container demo-app-1 (volume data not mounted at /data (found volume demo_data there))', 'start container demo-app-1'),
    );
  });

  it('says config changed, without guessing, when the container has no record of its configuration', async () => {
    const backend = await broughtUp();
    delete backend.container('demo-cache-1').body.Labels?.[CONFIG_RECORD_LABEL];
    const edited = STACK.replace('image: redis:7', 'image: redis:7\n    environment: { X: y }');
    expect(await planned(backend, edited, { services: ['cache'] })).toBe(
      'recreate container demo-cache-1 (config changed (no record of the old configuration))\nstart container demo-cache-1',
    );
  });

  it('does not believe a record that does not match the config hash', async () => {
    const backend = await broughtUp();
    const labels = backend.container('demo-cache-1').body.Labels ?? {};
    labels[CONFIG_RECORD_LABEL] = '{"image":"redis:6"}';
    const edited = STACK.replace('image: redis:7', 'image: redis:7\n    environment: { X: y }');
    expect(await planned(backend, edited, { services: ['cache'] })).toBe(
      'recreate container demo-cache-1 (config changed (no record of the old configuration))\nstart container demo-cache-1',
    );
  });

  it('treats a container without a config hash as diverged', async () => {
    const backend = await broughtUp();
    delete backend.container('demo-cache-1').body.Labels?.[CONFIG_HASH_LABEL];
    expect(await planned(backend, STACK)).toBe('recreate container demo-cache-1 (no config hash label)\nstart container demo-cache-1');
  });

  it('does not recreate for a change of scale, depends_on or pull_policy', async () => {
    const backend = await broughtUp();
    const edited = STACK.replace('image: redis:7', 'image: redis:7\n    pull_policy: missing\n    depends_on: [db]');
    expect(await planned(backend, edited)).toBe('');
  });
});

describe('recreate: options', () => {
  it('--force-recreate recreates every named service, with its reason', async () => {
    const backend = await broughtUp();
    expect(await planned(backend, STACK, { forceRecreate: true, services: ['cache', 'web'] })).toBe(
      lines(
        'recreate container demo-cache-1 (--force-recreate)',
        'recreate container demo-web-1 (--force-recreate)',
        'start container demo-cache-1',
        'start container demo-web-1',
      ),
    );
  });

  it('--always-recreate-deps also recreates the dependencies of the named services', async () => {
    const backend = await broughtUp();
    expect(await planned(backend, STACK, { alwaysRecreateDeps: true, services: ['api'] })).toBe(
      lines(
        'stop container demo-api-1 (restart: db recreated)',
        'recreate container demo-db-1 (--always-recreate-deps)',
        'start container demo-db-1',
        'start container demo-api-1 (restart)',
      ),
    );
  });

  it('--no-recreate keeps diverged containers', async () => {
    const backend = await broughtUp();
    const edited = STACK.replace('image: redis:7', 'image: redis:7\n    environment: { X: y }');
    expect(await planned(backend, edited, { noRecreate: true })).toBe('');
    backend.container('demo-cache-1').state = 'exited';
    expect(await planned(backend, edited, { noRecreate: true })).toBe('start container demo-cache-1 (exited)');
  });

  it('-V recreates with fresh anonymous volumes', async () => {
    const backend = await broughtUp();
    const { plan } = await planUp({ ...projectOptions(backend, STACK), renewAnonVolumes: true, services: ['api'], noDeps: true });
    const recreate = plan.nodes.find((node) => node.action.kind === 'recreate-container');
    expect(recreate?.reason).toBe('--renew-anon-volumes');
    expect(recreate?.action).toMatchObject({ anonymousVolumes: {} });
    const old = backend.container('demo-api-1').mounts.find((mount) => mount.destination === '/cache')?.name;
    await applied(backend, STACK, { renewAnonVolumes: true, services: ['api'], noDeps: true });
    expect(backend.container('demo-api-1').mounts.find((mount) => mount.destination === '/cache')?.name).not.toBe(old);
  });

  it('recreates a service whose network_mode donor is recreated', async () => {
    const yaml = `
services:
  net:
    image: busybox:1
  app:
    image: busybox:1
    network_mode: "service:net"
`;
    const backend = await broughtUp(yaml);
    const edited = yaml.replace('  app:', '    environment: { X: y }\n  app:');
    expect(await planned(backend, edited)).toBe(
      lines(
        'recreate container demo-net-1 (environment.X added "y")',
        'recreate container demo-app-1 (net is recreated)',
        'start container demo-net-1',
        'start container demo-app-1',
      ),
    );
  });
});

describe('recreate: an interrupted recreate', () => {
  it('removes a replacement left under its temporary name while the old container is still there', async () => {
    const backend = await broughtUp();
    const old = backend.container('demo-cache-1');
    await backend.createContainer(`${old.id.slice(0, 12)}_demo-cache-1`, structuredClone(old.body));
    expect(await planned(backend, STACK)).toBe(
      `remove container ${old.id.slice(0, 12)}_demo-cache-1 (left over from an interrupted recreate of demo-cache-1)`,
    );
  });

  it('gives the replacement its name when the old container is gone, and starts it', async () => {
    const backend = await broughtUp();
    const old = backend.container('demo-cache-1');
    const temporary = `${old.id.slice(0, 12)}_demo-cache-1`;
    await backend.createContainer(temporary, structuredClone(old.body));
    await backend.removeContainer(old.id, { force: true });
    expect(await planned(backend, STACK)).toBe(
      lines(`rename container ${temporary} to demo-cache-1 (finish an interrupted recreate)`, 'start container demo-cache-1 (created)'),
    );
    await applied(backend, STACK);
    expect(backend.container('demo-cache-1').state).toBe('running');
    expect(await planned(backend, STACK)).toBe('');
  });
});
