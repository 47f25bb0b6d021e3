import { afterEach, describe, expect, it } from 'vitest';
import { projectResources, waitFor } from '../support/index.js';
import { CliProject } from './cli-project.js';

let project: CliProject | undefined;
afterEach(async () => {
  await project?.cleanup();
  project = undefined;
});

function start(compose?: string): CliProject {
  project = new CliProject(compose);
  return project;
}

describe('berth up -d and ps', () => {
  it('must bring the project up and list it with docker compose v2 JSON keys', async () => {
    const demo = start();
    const up = await demo.ok(['--progress', 'plain', 'up', '-d']);
    expect(up.stdout).toBe('');
    expect(up.stderr).toContain(`Container ${demo.name}-web-1  Started`);

    const records = await demo.containers();
    expect(records.map((record) => record.Name)).toEqual([`${demo.name}-db-1`, `${demo.name}-web-1`]);
    for (const key of ['ID', 'Name', 'Names', 'Image', 'Command', 'Project', 'Service', 'Created', 'CreatedAt', 'State', 'Status', 'Health', 'ExitCode', 'Publishers', 'Labels', 'LocalVolumes', 'Mounts', 'Networks', 'Ports', 'RunningFor', 'Size']) {
      expect(records[0]).toHaveProperty(key);
    }
    const web = records[1] ?? {};
    expect(web).toMatchObject({ Project: demo.name, Service: 'web', State: 'running', ExitCode: 0, Image: 'berth-test/busybox:latest' });
    expect(web.Publishers).toEqual([expect.objectContaining({ URL: '127.0.0.1', TargetPort: 80, Protocol: 'tcp' })]);
    expect(records[0]?.LocalVolumes).toBe('1');

    const table = await demo.ok(['ps']);
    expect(table.stdout.split('\n')[0]).toMatch(/^NAME +IMAGE +COMMAND +SERVICE +CREATED +STATUS +PORTS$/);
    expect(table.stdout).toMatch(new RegExp(`${demo.name}-web-1 +berth-test/busybox:latest +"sh -c trap 'exit 0'…" +web +.* ago +Up .* 127\\.0\\.0\\.1:\\d+->80/tcp`));
    expect((await demo.ok(['ps', '--services'])).stdout).toBe('db\nweb\n');
  });

  it('must report progress as JSON lines with --progress json', async () => {
    const demo = start();
    const up = await demo.ok(['--progress', 'json', 'up', '-d']);
    const events = up.stderr
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { resource: string; name: string; status: string; text: string });
    expect(events).toContainEqual({ resource: 'Network', name: `${demo.name}_default`, status: 'done', text: 'Created' });
    expect(events).toContainEqual({ resource: 'Container', name: `${demo.name}-web-1`, status: 'done', text: 'Started' });
    const stop = await demo.ok(['--progress', 'json', 'stop', 'web']);
    expect(stop.stderr.trim().split('\n').map((line) => JSON.parse(line) as unknown)).toEqual([
      { resource: 'Container', name: `${demo.name}-web-1`, status: 'working', text: 'Stopping' },
      { resource: 'Container', name: `${demo.name}-web-1`, status: 'done', text: 'Stopped' },
    ]);
  });
});

describe('berth logs', () => {
  it('must prefix lines with the container and keep standard output and error apart', async () => {
    const demo = start();
    await demo.ok(['up', '-d']);
    await waitFor('web to write its greeting', async () => ((await demo.ok(['logs', 'web'])).stderr.includes('oops') ? true : undefined));
    const logs = await demo.ok(['logs']);
    expect(logs.stdout.split('\n').sort()).toEqual(['', 'db-1   | db ready', 'web-1  | hello from web']);
    expect(logs.stderr).toBe('web-1  | oops\n');
    const tail = await demo.ok(['logs', '--no-log-prefix', '-n', '2', 'web']);
    expect([tail.stdout, tail.stderr]).toEqual(['hello from web\n', 'oops\n']);
    expect((await demo.ok(['logs', '--ansi', 'always', 'db'])).stdout).toBe('\u001b[36mdb-1  |\u001b[0m db ready\n');
  });
});

describe('berth stop, start, restart, rm', () => {
  it('must stop, start and restart containers, and rm -f -s must remove them', async () => {
    const demo = start();
    await demo.ok(['up', '-d']);
    const state = async (): Promise<Record<string, unknown>> =>
      Object.fromEntries((await demo.containers()).map((record) => [record.Service, record.State]));

    const stop = await demo.ok(['--progress', 'plain', 'stop']);
    expect(stop.stderr.indexOf(`${demo.name}-web-1  Stopped`)).toBeLessThan(stop.stderr.indexOf(`${demo.name}-db-1  Stopping`));
    expect(await state()).toEqual({ db: 'exited', web: 'exited' });

    await demo.ok(['start', 'db']);
    expect(await state()).toEqual({ db: 'running', web: 'exited' });
    await demo.ok(['start']);
    expect(await state()).toEqual({ db: 'running', web: 'running' });

    const restart = await demo.ok(['--progress', 'plain', 'restart', '-t', '1', 'web']);
    expect(restart.stderr).toContain(`Container ${demo.name}-web-1  Restarting`);
    expect(restart.stderr).toContain(`Container ${demo.name}-web-1  Started`);
    expect(await state()).toEqual({ db: 'running', web: 'running' });

    // Without -f and with no terminal to ask on, nothing goes.
    await demo.ok(['stop', 'web']);
    const refused = await demo.ok(['rm']);
    expect(refused.stderr).toContain('use -f');
    expect(await state()).toEqual({ db: 'running', web: 'exited' });

    const rm = await demo.ok(['--progress', 'plain', 'rm', '-f', '-s']);
    expect(rm.stdout).toBe(`Going to remove ${demo.name}-db-1, ${demo.name}-web-1\n`);
    expect(rm.stderr).toContain(`Container ${demo.name}-db-1  Removed`);
    expect(await demo.containers()).toEqual([]);
    expect((await demo.ok(['rm', '-f'])).stderr).toBe('No stopped containers\n');
    expect(await demo.berth(['start'])).toMatchObject({ exitCode: 1, stderr: expect.stringContaining('no containers to start') as string });
  });
});

describe('berth down -v', () => {
  it('must remove the containers, the network and the volumes', async () => {
    const demo = start();
    await demo.ok(['up', '-d']);
    expect((await projectResources(demo.name)).volumes).toEqual([`${demo.name}_data`]);
    await demo.ok(['down', '-v', '-t', '1']);
    expect(await projectResources(demo.name)).toEqual({ containers: [], networks: [], volumes: [] });
    expect((await demo.ok(['down'])).stderr).toContain(`no resource found to remove for project "${demo.name}"`);
  });
});

describe('mistakes', () => {
  it('must name an unknown service, suggest the right one, and exit 1', async () => {
    const demo = start();
    for (const verb of ['up', 'ps', 'logs', 'stop', 'start', 'restart', 'rm', 'pull']) {
      const result = await demo.berth([verb, 'wbe']);
      expect(result.exitCode, verb).toBe(1);
      expect(result.stderr, verb).toBe('error: no such service: "wbe"\nhint: did you mean "web"?\n');
    }
  });

  it('must say in one line that there is no engine at the socket, and exit 1', async () => {
    const demo = start();
    for (const verb of ['ps', 'up', 'down']) {
      const result = await demo.berth([verb], { DOCKER_HOST: 'unix:///tmp/nope.sock' });
      expect(result.exitCode, verb).toBe(1);
      const [first = '', ...rest] = result.stderr.trim().split('\n');
      expect(first, verb).toMatch(/^error: cannot reach the Docker engine at unix:\/\/\/tmp\/nope\.sock/);
      expect(rest.every((line) => line.startsWith('hint: ')), verb).toBe(true);
      expect(result.stderr, verb).not.toMatch(/\n\s+at /);
    }
  });

  it('must refuse --force-recreate with --no-recreate', async () => {
    const result = await start().berth(['up', '-d', '--force-recreate', '--no-recreate']);
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toMatch(/^error: --force-recreate and --no-recreate cannot be used together/);
  });
});
