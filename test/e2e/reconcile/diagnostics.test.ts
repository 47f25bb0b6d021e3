import { afterEach, describe, expect, it } from 'vitest';
import { DependencyFailedError } from '../../../src/plan/plan-errors.js';
import { CliProject } from '../cli/cli-project.js';
import { BUSYBOX, E2eProject } from './e2e-project.js';
import { failure } from '../../support/failure.js';

/** db prints two lines, then never passes its check; app waits for it to be healthy. */
const UNHEALTHY = `
services:
  db:
    image: ${BUSYBOX}
    init: true
    command: ["sh", "-c", "echo db booting; echo db gave up on its disk; exec sleep 3600"]
    healthcheck:
      test: ["CMD-SHELL", "echo probe says no; exit 1"]
      interval: 1s
      timeout: 1s
      retries: 2
  app:
    image: ${BUSYBOX}
    init: true
    command: ["sleep", "3600"]
    depends_on:
      db: { condition: service_healthy }
`;

/** migrate prints a line and fails; app waits for it to complete successfully. */
const FAILING_JOB = `
services:
  migrate:
    image: ${BUSYBOX}
    command: ["sh", "-c", "echo migration 0042 failed: relation exists; exit 1"]
  app:
    image: ${BUSYBOX}
    init: true
    command: ["sleep", "3600"]
    depends_on:
      migrate: { condition: service_completed_successfully }
`;

/** web's shell ignores SIGTERM, so a stop waits out its 2 s grace period and kills it. */
const STUBBORN = `
services:
  web:
    image: ${BUSYBOX}
    command: ["sh", "-c", "trap '' TERM; while true; do sleep 1; done"]
    stop_grace_period: 2s
`;

let project: E2eProject | undefined;
let cli: CliProject | undefined;
afterEach(async () => {
  await project?.cleanup();
  project = undefined;
  await cli?.cleanup();
  cli = undefined;
});

describe('readiness reports', () => {
  it('an unhealthy dependency: names it, says how long, shows its probe output and its last log lines', async () => {
    project = new E2eProject('diag-unhealthy', UNHEALTHY);
    const error = await failure(project.up());
    expect(error).toBeInstanceOf(DependencyFailedError);
    const db = `${project.name}-db-1`;
    expect(error.message).toMatch(new RegExp(`^dependency failed to start: container ${db} is unhealthy after \\d+(\\.\\d)? s\\n`));
    expect(error.message).toMatch(/\n {2}last health checks:(\n {4})? ?exit 1: probe says no/);
    expect(error.message).toContain('\n  last output:\n    db booting\n    db gave up on its disk');
  }, 60_000);

  it('a dependency that exits 1: its exit code and its last line', async () => {
    project = new E2eProject('diag-job', FAILING_JOB);
    const error = await failure(project.up());
    expect(error).toBeInstanceOf(DependencyFailedError);
    expect(error.message).toMatch(
      new RegExp(`^dependency failed to start: container ${project.name}-migrate-1 did not complete successfully: exit code 1 after [\\d.]+ s\\n`),
    );
    expect(error.message).toContain('\n  last output:\n    migration 0042 failed: relation exists');
  }, 60_000);

  it('a per-dependency x-berth wait-timeout bounds the wait', async () => {
    const slow = UNHEALTHY.replace('retries: 2', 'retries: 100').replace('init: true\n    command: ["sh"', 'init: true\n    x-berth: { wait-timeout: 3s }\n    command: ["sh"');
    project = new E2eProject('diag-timeout', slow);
    const started = Date.now();
    const error = await failure(project.up());
    expect(Date.now() - started).toBeGreaterThanOrEqual(3000);
    expect(error.message).toMatch(new RegExp(`^dependency failed to start: container ${project.name}-db-1 did not become healthy within 3 s\\n`));
    expect(error.message).toContain('exit 1: probe says no');
  }, 60_000);
});

describe('slow stops', () => {
  it('berth stop explains a container killed at the end of its grace period', async () => {
    cli = new CliProject(STUBBORN);
    await cli.ok(['up', '-d']);
    const result = await cli.ok(['stop']);
    const output = result.stdout + result.stderr;
    expect(output).toMatch(
      new RegExp(`container ${cli.name}-web-1 took [\\d.]+ s to stop: its main process ignored SIGTERM; give the service init: true, or a stop_signal it handles`),
    );
  }, 60_000);
});
