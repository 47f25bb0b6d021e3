import { afterEach, describe, expect, it } from 'vitest';
import { DependencyFailedError } from '../../../src/plan/plan-errors.js';
import { BUSYBOX, E2eProject } from './e2e-project.js';

/**
 * db becomes healthy about 2 s after it starts; migrate runs for about 1 s and exits 0; app must
 * start only after both, and after cache has started.
 */
const CONDITIONS = `
services:
  db:
    image: ${BUSYBOX}
    init: true
    command: ["sh", "-c", "sleep 2; touch /tmp/ready; exec sleep 3600"]
    healthcheck:
      test: ["CMD", "test", "-f", "/tmp/ready"]
      interval: 1s
      timeout: 1s
      retries: 30
  migrate:
    image: ${BUSYBOX}
    command: ["sh", "-c", "sleep 1; exit 0"]
  cache:
    image: ${BUSYBOX}
    init: true
    command: ["sleep", "3600"]
  app:
    image: ${BUSYBOX}
    init: true
    command: ["sleep", "3600"]
    depends_on:
      db: { condition: service_healthy }
      migrate: { condition: service_completed_successfully }
      cache: { condition: service_started }
`;

let project: E2eProject | undefined;
afterEach(async () => {
  await project?.cleanup();
  project = undefined;
});

function time(text: string): number {
  return new Date(text).getTime();
}

describe('depends_on conditions', () => {
  it('app must start after db is healthy, migrate has exited 0 and cache has started', async () => {
    project = new E2eProject('depends-conditions', CONDITIONS);
    await project.up();
    const name = (service: string): string => `${project?.name ?? ''}-${service}-1`;
    const appStarted = time(await project.inspect(name('app'), '{{.State.StartedAt}}'));
    const dbStarted = time(await project.inspect(name('db'), '{{.State.StartedAt}}'));
    const migrateFinished = time(await project.inspect(name('migrate'), '{{.State.FinishedAt}}'));
    const cacheStarted = time(await project.inspect(name('cache'), '{{.State.StartedAt}}'));
    expect(await project.inspect(name('db'), '{{.State.Health.Status}}')).toBe('healthy');
    expect(await project.inspect(name('migrate'), '{{.State.ExitCode}}')).toBe('0');
    expect(appStarted - dbStarted).toBeGreaterThanOrEqual(2000);
    expect(appStarted).toBeGreaterThanOrEqual(migrateFinished);
    expect(appStarted).toBeGreaterThanOrEqual(cacheStarted);
    expect(project.progress).toContain(`Container ${name('db')} Healthy`);
    expect(project.progress).toContain(`Container ${name('migrate')} Exited`);
  });

  it('a failed up must be followed by a fixed up that converges', async () => {
    const broken = CONDITIONS.replace('["CMD", "test", "-f", "/tmp/ready"]', '["CMD", "false"]').replace('retries: 30', 'retries: 1');
    project = new E2eProject('depends-failed', broken);
    const failure = project.up();
    await expect(failure).rejects.toThrow(DependencyFailedError);
    await expect(failure).rejects.toThrow(`dependency failed to start: container ${project.name}-db-1 is unhealthy`);
    expect(await project.inspect(`${project.name}-app-1`, '{{.State.Status}}')).toBe('created');

    project.write(CONDITIONS);
    const stack = await project.up();
    expect(stack.planText).toContain(
      `recreate container ${project.name}-db-1 (healthcheck.retries 1 -> 30; healthcheck.test ["CMD","false"] -> ["CMD","test","-f","/tmp/ready"])`,
    );
    expect(stack.planText).toContain(`start container ${project.name}-app-1 (created)`);
    expect(await project.inspect(`${project.name}-app-1`, '{{.State.Status}}')).toBe('running');
    // Converged: nothing left to create or recreate (the one-shot migrate is only run again).
    expect(await project.plan()).not.toMatch(/create/);
  });

  it('a dependency that fails must end the waits for the others, which would never be ready', async () => {
    // db goes unhealthy within seconds; slow stays "starting" for an hour (its one probe sleeps that
    // long), and migrate runs for an hour: only db's failure can end this up, and it must.
    const stuck = CONDITIONS.replace('["CMD", "test", "-f", "/tmp/ready"]', '["CMD", "false"]')
      .replace('retries: 30', 'retries: 1')
      .replace('command: ["sh", "-c", "sleep 1; exit 0"]', 'init: true\n    command: ["sleep", "3600"]')
      .replace(
        '  cache:\n',
        [
          '  slow:',
          `    image: ${BUSYBOX}`,
          '    init: true',
          '    command: ["sleep", "3600"]',
          '    healthcheck: { test: ["CMD", "sleep", "3600"], interval: 1h, timeout: 1h }',
          '  cache:',
          '',
        ].join('\n'),
      )
      .replace('      cache: { condition: service_started }', '      cache: { condition: service_started }\n      slow: { condition: service_healthy }');
    project = new E2eProject('depends-cancel', stuck);
    const failure = project.up();
    await expect(failure).rejects.toThrow(`dependency failed to start: container ${project.name}-db-1 is unhealthy`);
    expect(project.progress).toContain(`Container ${project.name}-slow-1 Canceled`);
    expect(project.progress).toContain(`Container ${project.name}-migrate-1 Canceled`);
    expect(await project.inspect(`${project.name}-app-1`, '{{.State.Status}}')).toBe('created');
  }, 60_000);

  it('up with wait must return once the services are running and healthy', async () => {
    project = new E2eProject('depends-wait', CONDITIONS);
    await project.up({ services: ['db', 'cache'], wait: true, waitTimeoutSeconds: 60 });
    expect(await project.inspect(`${project.name}-db-1`, '{{.State.Health.Status}}')).toBe('healthy');
    expect(project.progress).toContain(`Container ${project.name}-cache-1 Running`);
  });
});
