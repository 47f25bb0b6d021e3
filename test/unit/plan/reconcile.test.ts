import { describe, expect, it } from 'vitest';
import { planUp } from '../../../src/api/up.js';
import { BuildSectionMissingError, IncompatibleOptionsError } from '../../../src/plan/plan-errors.js';
import { planText } from '../../../src/plan/plan-text.js';
import { applied, engine, lines, planned, projectOptions } from './plan-fixture.js';

/** db (healthy) ← api (restart: true) ← web; cache stands alone; migrate runs once before api. */
const STACK = `
services:
  db:
    image: postgres:16
    healthcheck: { test: ["CMD", "pg_isready"], interval: 1s }
    volumes: [data:/var/lib/postgresql/data]
  migrate:
    image: busybox:1
    command: ["true"]
    depends_on: [db]
  api:
    image: busybox:1
    depends_on:
      db: { condition: service_healthy, restart: true }
      migrate: { condition: service_completed_successfully }
  web:
    image: busybox:1
    ports: ["8080:80"]
    depends_on: [api]
  cache:
    image: redis:7
volumes:
  data: {}
`;

function withMigrateExiting(): ReturnType<typeof engine> {
  const backend = engine();
  backend.behaviour.set('migrate', { exitCode: 0 });
  return backend;
}

describe('reconcile: a fresh project', () => {
  it('creates the default network, the volume and every container, then starts them in dependency order', async () => {
    expect(await planned(engine(), STACK)).toBe(
      lines(
        'create network demo_default',
        'create volume demo_data',
        'create container demo-cache-1',
        'create container demo-db-1',
        'create container demo-migrate-1',
        'create container demo-api-1',
        'create container demo-web-1',
        'start container demo-cache-1',
        'start container demo-db-1',
        'start container demo-migrate-1',
        'wait for db healthy',
        'wait for migrate completed',
        'start container demo-api-1',
        'start container demo-web-1',
      ),
    );
  });

  it('makes each step wait only for its own dependencies', async () => {
    const { plan } = await planUp(projectOptions(engine(), STACK));
    const after = (id: string): string[] => plan.nodes.find((node) => node.id === id)?.dependsOn ?? [];
    expect(after('create container demo-cache-1')).toEqual(['create network demo_default']);
    expect(after('create container demo-db-1')).toEqual(['create network demo_default', 'create volume demo_data']);
    expect(after('create container demo-api-1')).toEqual([
      'create container demo-db-1',
      'create container demo-migrate-1',
      'create network demo_default',
    ]);
    expect(after('start container demo-cache-1')).toEqual(['create container demo-cache-1']);
    expect(after('wait for db healthy')).toEqual(['start container demo-db-1']);
    expect(after('start container demo-api-1')).toEqual([
      'create container demo-api-1',
      'wait for db healthy',
      'wait for migrate completed',
    ]);
    expect(after('start container demo-web-1')).toEqual(['create container demo-web-1', 'start container demo-api-1']);
  });

  it('brings it up, and a second up has nothing to do and changes nothing', async () => {
    const backend = engine();
    const yaml = STACK.replace('migrate: { condition: service_completed_successfully }', 'migrate: { condition: service_started }');
    await applied(backend, yaml);
    expect(backend.containerNames()).toEqual(['demo-api-1', 'demo-cache-1', 'demo-db-1', 'demo-migrate-1', 'demo-web-1']);
    backend.clearCalls();
    expect(await applied(backend, yaml)).toBe('');
    expect(backend.calls).toEqual([]);
  });

  it('runs a one-shot container that has exited again, as docker compose does', async () => {
    const backend = withMigrateExiting();
    await applied(backend, STACK);
    expect(backend.container('demo-migrate-1').state).toBe('exited');
    expect(await planned(backend, STACK)).toBe('start container demo-migrate-1 (exited)');
  });
});

describe('reconcile: the text of a plan', () => {
  it('can show what each step waits for', async () => {
    const { plan } = await planUp({ ...projectOptions(engine(), STACK), services: ['cache'] });
    expect(planText(plan, { dependencies: true })).toBe(
      lines(
        'create network demo_default',
        'create container demo-cache-1 <- create network demo_default',
        'start container demo-cache-1 <- create container demo-cache-1',
      ),
    );
  });
});

describe('reconcile: services named', () => {
  it('brings up the named services and their dependencies', async () => {
    expect(await planned(engine(), STACK, { services: ['api'] })).toBe(
      lines(
        'create network demo_default',
        'create volume demo_data',
        'create container demo-db-1',
        'create container demo-migrate-1',
        'create container demo-api-1',
        'start container demo-db-1',
        'start container demo-migrate-1',
        'wait for db healthy',
        'wait for migrate completed',
        'start container demo-api-1',
      ),
    );
  });

  it('with noDeps, only the named ones, waiting for nothing', async () => {
    expect(await planned(engine(), STACK, { services: ['api'], noDeps: true })).toBe(
      lines('create network demo_default', 'create container demo-api-1', 'start container demo-api-1'),
    );
  });

  it('refuses a service the project does not have', async () => {
    await expect(planned(engine(), STACK, { services: ['nope'] })).rejects.toThrow('no such service: "nope"');
    await expect(planned(engine(), STACK, { scale: { nope: 2 } })).rejects.toThrow('no such service: nope');
  });
});

describe('reconcile: noStart', () => {
  it('creates without starting or waiting', async () => {
    expect(await planned(engine(), STACK, { noStart: true, services: ['web'], noDeps: true })).toBe(
      lines('create network demo_default', 'create container demo-web-1'),
    );
  });

  it('starts next time what was created but not started', async () => {
    const backend = engine();
    await applied(backend, STACK, { noStart: true, services: ['cache'] });
    expect(await planned(backend, STACK, { services: ['cache'] })).toBe('start container demo-cache-1 (created)');
  });
});

describe('reconcile: option errors', () => {
  it('refuses --force-recreate with --no-recreate', async () => {
    await expect(planned(engine(), STACK, { forceRecreate: true, noRecreate: true })).rejects.toThrow(IncompatibleOptionsError);
  });

  it('names a service with pull_policy: build and no build section', async () => {
    const yaml = 'services:\n  app:\n    image: busybox:1\n    pull_policy: build\n';
    await expect(planned(engine(), yaml)).rejects.toThrow(BuildSectionMissingError);
    await expect(planned(engine(), yaml)).rejects.toThrow('service "app" has pull_policy: build, but no build section');
  });
});
