import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { up } from '../../../src/api/up.js';
import { PortInUseError } from '../../../src/engine/engine-errors.js';
import { PreflightError } from '../../../src/plan/preflight/preflight-error.js';
import { DependencyFailedError } from '../../../src/plan/plan-errors.js';
import { COMPLETED, HEALTHY, applied, engine, planned, progressOf, projectOptions } from './plan-fixture.js';

describe('execute: progress', () => {
  it("reports each step in docker compose's words", async () => {
    const backend = engine();
    // Steps of different containers interleave; each one's own events come in order.
    const events = await progressOf(backend, HEALTHY);
    const of = (name: string): string[] => events.filter((event) => event.includes(` ${name} `));
    expect(of('demo_default')).toEqual(['Network demo_default Creating', 'Network demo_default Created']);
    expect(of('demo-db-1')).toEqual([
      'Container demo-db-1 Creating',
      'Container demo-db-1 Created',
      'Container demo-db-1 Starting',
      'Container demo-db-1 Started',
      'Container demo-db-1 Waiting',
      'Container demo-db-1 Healthy',
    ]);
    expect(of('demo-web-1')).toEqual([
      'Container demo-web-1 Creating',
      'Container demo-web-1 Created',
      'Container demo-web-1 Starting',
      'Container demo-web-1 Started',
    ]);
    expect(events.indexOf('Container demo-web-1 Starting')).toBeGreaterThan(events.indexOf('Container demo-db-1 Healthy'));
    expect(await progressOf(backend, HEALTHY)).toEqual(['Container demo-db-1 Running', 'Container demo-web-1 Running']);
    expect(await progressOf(backend, HEALTHY.replace('pg_isready', 'true'))).toEqual([
      'Container demo-db-1 Recreate',
      'Container demo-db-1 Recreated',
      'Container demo-db-1 Starting',
      'Container demo-db-1 Started',
      'Container demo-web-1 Running',
    ]);
  });
});

describe('execute: depends_on conditions', () => {
  it('fails clearly when a dependency is unhealthy, and starts nothing after it', async () => {
    const backend = engine();
    backend.behaviour.set('db', { health: 'unhealthy' });
    await expect(applied(backend, HEALTHY)).rejects.toThrow(DependencyFailedError);
    expect(backend.container('demo-web-1').state).toBe('created');
    backend.behaviour.set('db', { health: 'unhealthy' });
    await expect(applied(backend, HEALTHY)).rejects.toThrow('dependency failed to start: container demo-db-1 is unhealthy');
  });

  it('fails clearly when a dependency has no healthcheck', async () => {
    const yaml = HEALTHY.replace('    healthcheck: { test: ["CMD", "pg_isready"] }\n', '');
    await expect(applied(engine(), yaml)).rejects.toThrow('dependency failed to start: container demo-db-1 has no healthcheck');
  });

  it('requires exit code 0 for service_completed_successfully', async () => {
    const backend = engine();
    backend.behaviour.set('migrate', { exitCode: 3 });
    await expect(applied(backend, COMPLETED)).rejects.toThrow(
      'dependency failed to start: container demo-migrate-1 did not complete successfully: exit code 3',
    );
    backend.behaviour.set('migrate', { exitCode: 0 });
    await applied(backend, COMPLETED);
    expect(backend.container('demo-web-1').state).toBe('running');
  });

  it('ends the other waits when one dependency fails, instead of waiting for them to time out', async () => {
    const yaml = `
services:
  bad:
    image: busybox:1
    healthcheck: { test: ["CMD", "false"] }
  slow:
    image: busybox:1
    healthcheck: { test: ["CMD", "sleep", "3600"] }
  job:
    image: busybox:1
  web:
    image: busybox:1
    depends_on:
      bad: { condition: service_healthy }
      slow: { condition: service_healthy }
      job: { condition: service_completed_successfully }
`;
    const backend = engine();
    backend.behaviour.set('bad', { health: 'unhealthy' });
    // slow never becomes healthy, and job never exits: only the failure of bad can end up.
    backend.behaviour.set('slow', { health: 'starting' });
    const events: string[] = [];
    const failure = up({ ...projectOptions(backend, yaml), onProgress: (event) => events.push(`${event.name} ${event.text}`) });
    await expect(failure).rejects.toThrow('dependency failed to start: container demo-bad-1 is unhealthy');
    expect(events).toEqual(expect.arrayContaining(['demo-bad-1 Error', 'demo-slow-1 Canceled', 'demo-job-1 Canceled']));
    expect(backend.container('demo-web-1').state).toBe('created');
  });

  it('only warns about a dependency that is not required', async () => {
    const yaml = HEALTHY.replace('condition: service_healthy', 'condition: service_healthy, required: false');
    const backend = engine();
    backend.behaviour.set('db', { health: 'unhealthy' });
    await applied(backend, yaml);
    expect(backend.container('demo-web-1').state).toBe('running');
  });
});

describe('execute: failures and convergence', () => {
  it('after a failed up, the next up converges from where it stopped', async () => {
    const backend = engine();
    backend.behaviour.set('db', { startError: new PortInUseError('5432', 'demo-db-1') });
    await expect(applied(backend, HEALTHY)).rejects.toThrow(PortInUseError);
    backend.behaviour.delete('db');
    expect(await planned(backend, HEALTHY)).toBe(
      ['start container demo-db-1 (created)', 'wait for db healthy', 'start container demo-web-1 (created)'].join('\n'),
    );
    await applied(backend, HEALTHY);
    expect(await planned(backend, HEALTHY)).toBe('');
  });

  it('names the service and the holder when a container name is taken outside the project', async () => {
    // Pre-flight finds it before the executor would meet the engine's NameConflictError.
    const backend = engine();
    await backend.createContainer('demo-web-1', { Image: 'busybox:1', HostConfig: {} });
    const failure = applied(backend, 'services:\n  web:\n    image: busybox:1\n');
    await expect(failure).rejects.toThrow(PreflightError);
    await expect(failure).rejects.toThrow('cannot start the project: container name "demo-web-1" (service web) is taken by a container outside any project');
  });
});

describe('execute: before start', () => {
  it('connects the extra networks and copies secret and config contents in before starting', async () => {
    const yaml = `
services:
  app:
    image: busybox:1
    networks: [front, back]
    secrets: [token]
    configs:
      - source: settings
        target: /etc/app.conf
        mode: "0440"
secrets:
  token: { environment: TOKEN }
configs:
  settings: { content: "debug = true" }
networks:
  front: {}
  back: {}
`;
    const backend = engine();
    await up({ ...projectOptions(backend, yaml), env: { TOKEN: 's3cret' } });
    const calls = backend.calls.filter((call) => !call.startsWith('create network'));
    expect(calls).toEqual([
      'create container demo-app-1',
      'connect demo-app-1 to demo_front',
      'put archive into demo-app-1 at /',
      'start container demo-app-1',
    ]);
    const archive = backend.container('demo-app-1').archives[0]?.tar;
    expect(archive).toBeDefined();
    const dir = mkdtempSync(path.join(tmpdir(), 'berth-tar-'));
    onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
    writeFileSync(path.join(dir, 'files.tar'), archive ?? Buffer.alloc(0));
    const listing = execFileSync('tar', ['-tvf', path.join(dir, 'files.tar')], { encoding: 'utf8' });
    expect(listing).toMatch(/^-r--r--r-- .* 6 .* run\/secrets\/token$/m);
    expect(listing).toMatch(/^-r--r----- .* 12 .* etc\/app\.conf$/m);
    execFileSync('tar', ['-xf', path.join(dir, 'files.tar'), '-C', dir]);
    expect(readFileSync(path.join(dir, 'run/secrets/token'), 'utf8')).toBe('s3cret');
  });
});
