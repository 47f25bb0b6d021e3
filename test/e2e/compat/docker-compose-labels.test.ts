// berth and docker-compose 1.29 (Debian's, Python) recognise each other's projects through the
// com.docker.compose.* labels alone: each lists and removes what the other made. 1.29 names its
// containers `<project>_<service>_<n>`, berth (like docker compose v2) `<project>-<service>-<n>`;
// neither name matters to the other, only the labels do.

import { afterEach, describe, expect, it } from 'vitest';
import {
  describeRun,
  dockerCli,
  dockerCompose,
  projectResources,
  removeProjectDir,
  removeProjectLeftovers,
  runBerth,
  uniqueProjectName,
  writeProject,
} from '../support/index.js';

// A file both tools accept: no top-level `name:` (1.29 rejects it) and only short syntax. The
// command stops at once on SIGTERM, so neither `down` waits out a stop timeout.
const COMPOSE_FILE = `services:
  web:
    image: berth-test/busybox:latest
    command: ["sh", "-c", "trap 'exit 0' TERM; sleep 2147483647 & wait"]
  worker:
    image: berth-test/busybox:latest
    command: ["sh", "-c", "trap 'exit 0' TERM; sleep 2147483647 & wait"]
    depends_on:
      - web
`;

/** The labels docker-compose 1.29 writes on a service container, read back from the engine. */
interface ComposeLabels {
  project: string;
  service: string;
  number: string;
  oneoff: string;
  configHash: string;
  version: string;
}

async function labelsOf(container: string): Promise<ComposeLabels> {
  const format = [
    'com.docker.compose.project',
    'com.docker.compose.service',
    'com.docker.compose.container-number',
    'com.docker.compose.oneoff',
    'com.docker.compose.config-hash',
    'com.docker.compose.version',
  ]
    .map((label) => `{{index .Config.Labels "${label}"}}`)
    .join('|');
  const result = await dockerCli(['inspect', '--format', format, container]);
  expect(result.exitCode, describeRun(result)).toBe(0);
  const [project = '', service = '', number = '', oneoff = '', configHash = '', version = ''] = result.stdout.trim().split('|');
  return { project, service, number, oneoff, configHash, version };
}

/** One container as `ps --format json` prints it; only the fields these tests look at. */
interface PsEntry {
  name: string;
  service: string;
  state: string;
}

/**
 * Reads `ps --format json`: docker compose v2 printed one JSON array up to 2.20 and one object per
 * line since 2.21; either is accepted.
 */
function parsePs(stdout: string): PsEntry[] {
  const text = stdout.trim();
  if (text === '') return [];
  const values: unknown[] = text.startsWith('[') ? asArray(JSON.parse(text)) : text.split('\n').map((line): unknown => JSON.parse(line));
  return values.map((value) => {
    if (typeof value !== 'object' || value === null) throw new Error(`ps --format json printed a non-object: ${JSON.stringify(value)}`);
    const entry = new Map(Object.entries(value));
    return { name: String(entry.get('Name')), service: String(entry.get('Service')), state: String(entry.get('State')) };
  });
}

function asArray(value: unknown): unknown[] {
  if (!Array.isArray(value)) throw new Error('ps --format json printed something other than an array');
  return value;
}

describe('berth and docker-compose 1.29 share projects through labels', () => {
  const projects: string[] = [];
  const dirs: string[] = [];

  /** A fresh project directory and name, both removed after the test whatever happens in it. */
  function newProject(what: string): { dir: string; project: string } {
    const project = uniqueProjectName(what);
    const dir = writeProject({ 'compose.yaml': COMPOSE_FILE });
    projects.push(project);
    dirs.push(dir);
    return { dir, project };
  }

  afterEach(async () => {
    for (const project of projects.splice(0)) await removeProjectLeftovers(project);
    for (const dir of dirs.splice(0)) removeProjectDir(dir);
  });

  it('berth lists and removes a project docker-compose brought up', async () => {
    const { dir, project } = newProject('compose-to-berth');

    const up = await dockerCompose(['-p', project, 'up', '-d'], { cwd: dir });
    expect(up.exitCode, describeRun(up)).toBe(0);

    // What berth has to go by: 1.29's names and labels, checked here so that a change in
    // docker-compose shows up as that rather than as a berth failure.
    const web = await labelsOf(`${project}_web_1`);
    expect(web).toMatchObject({ project, service: 'web', number: '1', oneoff: 'False' });
    expect(web.configHash).toMatch(/^[0-9a-f]{64}$/);
    expect(web.version).toMatch(/^1\.29\./);

    const ps = await runBerth(['-p', project, 'ps', '--format', 'json'], { cwd: dir });
    expect(ps.exitCode, describeRun(ps)).toBe(0);
    const entries = parsePs(ps.stdout).sort((a, b) => a.service.localeCompare(b.service));
    expect(entries).toEqual([
      { name: `${project}_web_1`, service: 'web', state: 'running' },
      { name: `${project}_worker_1`, service: 'worker', state: 'running' },
    ]);

    const down = await runBerth(['-p', project, 'down'], { cwd: dir });
    expect(down.exitCode, describeRun(down)).toBe(0);
    // The default network 1.29 made (`<project>_default`) is the one berth's model names too.
    expect(await projectResources(project)).toEqual({ containers: [], networks: [], volumes: [] });
  });

  it('docker-compose lists and removes a project berth brought up', async () => {
    const { dir, project } = newProject('berth-to-compose');

    const up = await runBerth(['-p', project, 'up', '-d'], { cwd: dir });
    expect(up.exitCode, describeRun(up)).toBe(0);
    const made = await projectResources(project);
    expect(made.containers).toEqual([`${project}-web-1`, `${project}-worker-1`]);
    expect(made.networks).toEqual([`${project}_default`]);

    const services = await dockerCompose(['-p', project, 'ps', '--services'], { cwd: dir });
    expect(services.exitCode, describeRun(services)).toBe(0);
    expect(services.stdout.trim().split('\n').sort()).toEqual(['web', 'worker']);

    // 1.29's table: a header, a rule, then one row per container, its name first.
    const ps = await dockerCompose(['-p', project, 'ps'], { cwd: dir });
    expect(ps.exitCode, describeRun(ps)).toBe(0);
    const rows = ps.stdout.trim().split('\n').slice(2);
    expect(rows.map((row) => row.split(/\s+/)[0]).sort()).toEqual([`${project}-web-1`, `${project}-worker-1`]);
    for (const row of rows) expect(row).toMatch(/\bUp\b/);

    const down = await dockerCompose(['-p', project, 'down'], { cwd: dir });
    expect(down.exitCode, describeRun(down)).toBe(0);
    expect(await projectResources(project)).toEqual({ containers: [], networks: [], volumes: [] });
  });
});
