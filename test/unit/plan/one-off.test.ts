import { describe, expect, it } from 'vitest';
import { planRun, run } from '../../../src/api/run.js';
import type { ContainerSummary } from '../../../src/engine/backend.js';
import { containersByService, planOneOff } from '../../../src/plan/plan-one-off.js';
import { planText } from '../../../src/plan/plan-text.js';
import type { ComposeProject, Service } from '../../../src/model/index.js';
import { engine, lines, planned, projectOptions } from './plan-fixture.js';

const COMPOSE = `
services:
  web:
    image: busybox:1
    command: ["serve"]
    ports: ["8080:80"]
    restart: always
    depends_on:
      db: { condition: service_healthy }
  db:
    image: postgres:16
    healthcheck: { test: ["CMD", "true"] }
`;

const slugName = /^demo-web-run-[0-9a-f]{12}$/;

describe('run', () => {
  it('brings the dependencies up first, then creates, attaches to and starts the one-off', async () => {
    const backend = engine();
    backend.behaviour.set('web', { exitCode: 3 });
    const oneOff = await run({ ...projectOptions(backend, COMPOSE), service: 'web', command: ['sh', '-c', 'exit 3'], environment: ['DEBUG=1'], remove: true });
    expect(oneOff.name).toMatch(slugName);
    expect(oneOff.streams).toBeDefined();
    expect(backend.calls).toEqual([
      'create network demo_default',
      'create container demo-db-1',
      'start container demo-db-1',
      `create container ${oneOff.name}`,
      `start container ${oneOff.name}`,
    ]);
    const { body } = backend.container(oneOff.name);
    expect(body.Labels).toMatchObject({ 'com.docker.compose.oneoff': 'True', 'com.docker.compose.service': 'web' });
    expect(body.Labels?.['com.docker.compose.slug']).toMatch(new RegExp(`^${oneOff.name.slice(-12)}[0-9a-f]{52}$`));
    expect(body.Labels).not.toHaveProperty('com.docker.compose.container-number');
    expect(body).toMatchObject({ Cmd: ['sh', '-c', 'exit 3'], Env: ['DEBUG=1'], OpenStdin: true, AttachStdin: true, StdinOnce: true });
    expect(body.HostConfig.PortBindings).toBeUndefined();
    expect(body.HostConfig.RestartPolicy).toBeUndefined();

    await expect(oneOff.exitCode()).resolves.toBe(3);
    expect(backend.containerNames()).toEqual(['demo-db-1']);
  });

  it('with -d and --no-deps, starts only the one-off, and leaves its removal to the engine with --rm', async () => {
    const backend = engine();
    const oneOff = await run({ ...projectOptions(backend, COMPOSE), service: 'web', detach: true, noDeps: true, remove: true, name: 'job', servicePorts: true });
    expect(oneOff.streams).toBeUndefined();
    expect(backend.calls).toEqual(['create network demo_default', 'create container job', 'start container job']);
    const { body } = backend.container('job');
    expect(body.HostConfig.AutoRemove).toBe(true);
    expect(body.HostConfig.PortBindings).toEqual({ '80/tcp': [{ HostPort: '8080' }] });
    expect(body.AttachStdin).toBeUndefined();
  });

  it('is neither a replica nor an orphan to up, and down takes it away', async () => {
    const backend = engine();
    const warnings: string[] = [];
    const oneOff = await run({ ...projectOptions(backend, COMPOSE, warnings), service: 'web', detach: true });
    expect(await planned(backend, COMPOSE)).toBe(lines('create container demo-web-1', 'wait for db healthy', 'start container demo-web-1'));
    expect(warnings).toEqual([]);
    const { down } = await import('../../../src/api/down.js');
    await down({ ...projectOptions(backend, COMPOSE), timeoutSeconds: 0 });
    expect(backend.containerNames()).not.toContain(oneOff.name);
  });
});

describe('planRun', () => {
  it("lists the dependencies' up, what the one-off needs, and the one-off, changing nothing", async () => {
    const backend = engine();
    const plan = await planRun({ ...projectOptions(backend, COMPOSE), service: 'web', remove: true, name: 'job' });
    expect(plan.text).toBe(
      lines(
        'create network demo_default',
        'create container demo-db-1',
        'start container demo-db-1',
        'wait for db healthy',
        'create container job (one-off)',
        'start container job',
        'remove container job (--rm, once it exits)',
      ),
    );
    expect(backend.calls).toEqual([]);
  });
});

describe('planOneOff', () => {
  const service = (fields: Partial<Service>): Service => ({ image: 'app:1', command: null, entrypoint: null, networks: { default: null }, ...fields });
  const model = (services: Record<string, Service>): ComposeProject => ({
    name: 'demo',
    services,
    networks: { default: { name: 'demo_default', ipam: {} } },
    volumes: { data: { name: 'demo_data' } },
  });
  const container = (name: string, serviceName: string, labels: Record<string, string> = {}): ContainerSummary => ({
    id: name,
    name,
    image: 'app:1',
    imageId: 'sha256:1',
    labels: { 'com.docker.compose.service': serviceName, 'com.docker.compose.oneoff': 'False', ...labels },
    state: 'running',
    status: 'Up',
    created: 0,
    ports: [],
    networks: {},
    mounts: [],
  });

  it('creates the networks and volumes, pulls a missing image, and waits for dependencies that must be healthy or done', () => {
    const web = service({
      volumes: [{ type: 'volume', source: 'data', target: '/data' }],
      depends_on: {
        db: { condition: 'service_healthy', required: true },
        cache: { condition: 'service_started', required: true },
        migrate: { condition: 'service_completed_successfully', required: false },
      },
    });
    const plan = planOneOff({
      model: model({ web, db: service({}), cache: service({}), migrate: service({}) }),
      observed: {
        name: 'demo',
        containers: [
          container('demo-db-2', 'db', { 'com.docker.compose.container-number': '2' }),
          container('demo-db-1', 'db', { 'com.docker.compose.container-number': '1' }),
          container('demo-web-run-1', 'web', { 'com.docker.compose.oneoff': 'True' }),
        ],
        networks: {},
        volumes: {},
        images: {},
      },
      serviceName: 'web',
      service: web,
      waitForDependencies: true,
      plannedContainers: { migrate: ['demo-migrate-1'] },
    });
    expect(planText(plan)).toBe(
      lines(
        'create network demo_default',
        'create volume demo_data',
        'pull image app:1 (not present locally)',
        'wait for db healthy',
        'wait for migrate completed (optional)',
      ),
    );
    expect(plan.serviceContainers).toEqual({ db: ['demo-db-1', 'demo-db-2'], migrate: ['demo-migrate-1'] });
  });

  it('has nothing to do when all is there, and waits for nothing with --no-deps', () => {
    const web = service({ depends_on: { db: { condition: 'service_healthy', required: true } } });
    const plan = planOneOff({
      model: model({ web, db: service({}) }),
      observed: {
        name: 'demo',
        containers: [container('demo-db-1', 'db')],
        networks: { demo_default: { id: 'n1', name: 'demo_default', driver: 'bridge', labels: { 'com.docker.compose.project': 'demo', 'com.docker.compose.network': 'default' }, internal: false, attachable: false, containers: [] } },
        volumes: {},
        images: { 'app:1': { id: 'sha256:1', repoTags: ['app:1'], repoDigests: [], labels: {} } },
      },
      serviceName: 'web',
      service: web,
      waitForDependencies: false,
    });
    expect(plan.nodes).toEqual([]);
  });

  it('groups service containers by service, lowest number first, without one-offs', () => {
    expect(
      containersByService([
        container('demo-web-2', 'web', { 'com.docker.compose.container-number': '2' }),
        container('demo-web-1', 'web', { 'com.docker.compose.container-number': '1' }),
        container('demo-web-run-x', 'web', { 'com.docker.compose.oneoff': 'True' }),
      ]),
    ).toEqual({ web: ['demo-web-1', 'demo-web-2'] });
  });
});
