// CI mode (CI=true) on the real engine: `up --wait` prints where the published ports answer as JSON
// (and --endpoints-json writes it), a failed up prints the failed containers' last output before
// the error, and a one-shot job that exits 0 does not fail the run.

import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Endpoints } from '../../../src/api/endpoints.js';
import { httpText } from '../support/index.js';
import { BUSYBOX, CliProject } from './cli-project.js';

const CI = { CI: 'true' };

const projects: CliProject[] = [];
afterEach(async () => {
  for (const project of projects.splice(0)) {
    await project.berth(['down', '-v', '-t', '0']);
    await project.cleanup();
  }
});

function project(compose: string): CliProject {
  const created = new CliProject(compose);
  projects.push(created);
  return created;
}

/** An HTTP server on port 80 saying `text`, healthy once it answers: --wait then means "serving". */
const httpService = (text: string, extra = ''): string => `
    image: ${BUSYBOX}
    init: true
    command: ["sh", "-c", "mkdir -p /www && echo ${text} > /www/index.html && exec httpd -f -p 80 -h /www"]
    ports: ["127.0.0.1::80"]
    healthcheck:
      test: ["CMD", "wget", "-q", "-O", "/dev/null", "http://127.0.0.1/"]
      interval: 1s
      retries: 30${extra}
`;

function parseEndpoints(text: string): Endpoints {
  return JSON.parse(text) as Endpoints;
}

describe('CI mode', () => {
  it('up -d --wait must print the endpoints as one JSON document, each address answering', async () => {
    const app = project(`
services:
  web:${httpService('hello from web', '\n    scale: 2')}
  api:${httpService('hello from api')}
`);
    const result = await app.berth(['up', '-d', '--wait'], CI);
    expect(result.exitCode, result.stderr).toBe(0);
    // Plain progress on stderr, without colours; stdout has the document alone.
    expect(result.stderr).toContain(`Container ${app.name}-web-1  Healthy`);
    expect(result.stderr).not.toContain('\u001b[');
    const endpoints = parseEndpoints(result.stdout);
    expect(endpoints).toMatchObject({ version: 1, project: app.name });
    expect(Object.keys(endpoints.services)).toEqual(['api', 'web']);
    expect(endpoints.services.web?.map((entry) => [entry.container, entry.index, entry.state])).toEqual([
      [`${app.name}-web-1`, 1, 'running'],
      [`${app.name}-web-2`, 2, 'running'],
    ]);
    const [web1, web2, api] = [endpoints.services.web?.[0], endpoints.services.web?.[1], endpoints.services.api?.[0]];
    for (const entry of [web1, web2, api]) {
      expect(entry?.bindings).toEqual([
        expect.objectContaining({ privatePort: 80, protocol: 'tcp', hostIp: '127.0.0.1', host: '127.0.0.1', address: entry?.ports['80/tcp'] }),
      ]);
    }
    expect(web1?.ports['80/tcp']).not.toBe(web2?.ports['80/tcp']);
    expect(await httpText(`http://${web1?.ports['80/tcp'] ?? ''}/`)).toBe('hello from web\n');
    expect(await httpText(`http://${web2?.ports['80/tcp'] ?? ''}/`)).toBe('hello from web\n');
    expect(await httpText(`http://${api?.ports['80/tcp'] ?? ''}/`)).toBe('hello from api\n');
  });

  it('--endpoints-json must write the same document to a file, with CI mode or without', async () => {
    const app = project(`
services:
  web:${httpService('written to a file')}
`);
    const result = await app.berth(['up', '-d', '--wait', '--endpoints-json', 'endpoints.json']);
    expect(result.exitCode, result.stderr).toBe(0);
    expect(result.stdout).toBe('');
    const written = parseEndpoints(readFileSync(path.join(app.dir, 'endpoints.json'), 'utf8'));
    const address = written.services.web?.[0]?.ports['80/tcp'];
    expect(address).toMatch(/^127\.0\.0\.1:\d+$/);
    expect(await httpText(`http://${address ?? ''}/`)).toBe('written to a file\n');

    const again = await app.berth(['up', '-d', '--wait', '--endpoints-json', 'ci.json'], CI);
    expect(again.exitCode, again.stderr).toBe(0);
    expect(readFileSync(path.join(app.dir, 'ci.json'), 'utf8')).toBe(again.stdout);
    expect(parseEndpoints(again.stdout).services.web?.[0]?.ports['80/tcp']).toBe(address);
  });

  it('a failed --wait must print the last 50 lines of the unhealthy container before the error, once, and end', async () => {
    const app = project(`
services:
  api:
    image: ${BUSYBOX}
    init: true
    # All on stderr: the engine orders the lines of one stream only.
    command: ["sh", "-c", "exec >&2; for i in $(seq 1 59); do echo api line $$i; done; echo 'api FATAL: no database at db:5432'; sleep 3600"]
    healthcheck:
      test: ["CMD-SHELL", "echo probe says no; exit 1"]
      interval: 1s
      retries: 2
  slow:
    image: ${BUSYBOX}
    init: true
    command: ["sleep", "3600"]
    # The first probe is an hour away: starting all along. berth must still end when api fails.
    healthcheck:
      test: ["CMD", "true"]
      interval: 1h
`);
    const result = await app.berth(['up', '-d', '--wait'], CI);
    expect(result.exitCode, result.stderr).toBe(1);
    expect(result.stdout).toBe('');
    const stderr = result.stderr;
    const block = stderr.indexOf(`==> ${app.name}-api-1 (unhealthy) <==\n`);
    const error = stderr.indexOf(`error: container ${app.name}-api-1 is unhealthy after `);
    expect(block, stderr).toBeGreaterThanOrEqual(0);
    expect(error, stderr).toBeGreaterThan(block);
    const dumped = stderr.slice(block, error).split('\n');
    // 60 lines printed, the last 50 shown.
    expect(dumped.slice(1, 3)).toEqual(['api line 11', 'api line 12']);
    expect(dumped.slice(-4)).toEqual(['api line 59', 'api FATAL: no database at db:5432', '', '']);
    expect(dumped).not.toContain('api line 10');
    expect(dumped.filter((line) => line.startsWith('api ')).length).toBe(50);
    // The error keeps the health checks and leaves the output to the block above: no second copy.
    expect(stderr.slice(error)).toContain('last health checks:');
    expect(stderr.slice(error)).toContain('exit 1: probe says no');
    expect(stderr.slice(error)).not.toContain('last output');
    expect(stderr.split('api FATAL: no database at db:5432').length - 1).toBe(1);
    // Still starting is no failure.
    expect(stderr).not.toContain(`==> ${app.name}-slow-1`);
  });

  it('a dependency that exits 1 must have its output printed before the error', async () => {
    const app = project(`
services:
  migrate:
    image: ${BUSYBOX}
    command: ["sh", "-c", "echo applying 0001_init; echo 'migration failed: relation users exists' >&2; exit 1"]
  web:
    image: ${BUSYBOX}
    init: true
    command: ["sleep", "3600"]
    depends_on:
      migrate: { condition: service_completed_successfully }
`);
    const result = await app.berth(['up', '-d'], CI);
    expect(result.exitCode, result.stderr).toBe(1);
    const lines = result.stderr.split('\n');
    const block = lines.indexOf(`==> ${app.name}-migrate-1 (exited with code 1) <==`);
    expect(block, result.stderr).toBeGreaterThanOrEqual(0);
    expect(lines.slice(block + 1, block + 3).sort()).toEqual(['applying 0001_init', 'migration failed: relation users exists']);
    const error = lines.findIndex((line) => line.startsWith(`error: dependency failed to start: container ${app.name}-migrate-1 did not complete successfully: exit code 1`));
    expect(error, result.stderr).toBeGreaterThan(block);
    expect(lines.slice(error)).not.toContain('  last output:');
  });

  it('up --wait must succeed when a one-shot job exits 0 beside a long-running service, where outside CI mode it fails', async () => {
    // The job runs from an image whose health check it inherits, as a migration run from the app's
    // own image does: the check keeps the wait from counting it as running, so the wait sees it exit.
    const app = project(`
services:
  seed:
    image: ${BUSYBOX}
    command: ["sh", "-c", "sleep 1; echo seeded 3 rows"]
    healthcheck:
      test: ["CMD", "true"]
      interval: 1h
  web:${httpService('seeded')}
`);
    const plain = await app.berth(['up', '-d', '--wait']);
    expect(plain.exitCode, plain.stderr).toBe(1);
    expect(plain.stderr).toContain(`error: container ${app.name}-seed-1 exited with code 0`);

    const ci = await app.berth(['up', '-d', '--wait'], CI);
    expect(ci.exitCode, ci.stderr).toBe(0);
    expect(ci.stderr).toContain(`Container ${app.name}-seed-1  Exited`);
    expect(ci.stderr).not.toContain('==>');
    const endpoints = parseEndpoints(ci.stdout);
    expect(endpoints.services.seed).toEqual([
      { service: 'seed', index: 1, container: `${app.name}-seed-1`, state: 'exited', ports: {}, bindings: [] },
    ]);
    expect(await httpText(`http://${endpoints.services.web?.[0]?.ports['80/tcp'] ?? ''}/`)).toBe('seeded\n');
  });

  it('attached up --exit-code-from must not stop at a finished one-shot job, and end with the tests\' code', async () => {
    const app = project(`
services:
  migrate:
    image: ${BUSYBOX}
    command: ["sh", "-c", "echo migrated"]
  tests:
    image: ${BUSYBOX}
    command: ["sh", "-c", "echo 12 tests passed, 1 failed; exit 3"]
    depends_on:
      migrate: { condition: service_completed_successfully }
`);
    const result = await app.berth(['up', '--exit-code-from', 'tests'], CI);
    expect(result.exitCode, result.stderr).toBe(3);
    expect(result.stdout).toContain('migrate-1 exited with code 0');
    expect(result.stdout).toContain('tests-1    | 12 tests passed, 1 failed');
    expect(result.stdout).toContain('tests-1 exited with code 3');
  });
});
