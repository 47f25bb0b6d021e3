// `exec` and `run` on a real engine: exit codes passed through, standard input piped, a TTY when
// berth has a terminal (util-linux `script` gives it one), one-off containers named and labelled as
// docker compose names and labels them, and mistakes said in one line.

import { afterEach, describe, expect, it } from 'vitest';
import { BERTH_BIN, dockerCli, run, toolEnv, type RunResult } from '../support/index.js';
import { BUSYBOX, CliProject } from './cli-project.js';

const COMPOSE = `
services:
  web:
    image: ${BUSYBOX}
    command: ["sh", "-c", "trap 'exit 0' TERM; sleep 3600 & wait"]
    environment: { GREETING: hello }
    depends_on: [db]
  db:
    image: ${BUSYBOX}
    command: ["sh", "-c", "trap 'exit 0' TERM; sleep 3600 & wait"]
`;

const projects: CliProject[] = [];
afterEach(async () => {
  for (const project of projects.splice(0)) await project.cleanup();
});

function start(): CliProject {
  const project = new CliProject(COMPOSE);
  projects.push(project);
  return project;
}

/** berth with standard input piped from `input`. */
function piped(project: CliProject, args: readonly string[], input: string): Promise<RunResult> {
  return run(process.execPath, [BERTH_BIN, '-p', project.name, ...args], { cwd: project.dir, env: toolEnv(), input });
}

/** The first line is the error; a hint may follow; nothing else (no stack trace). */
function expectOneCleanError(result: RunResult, message: string): void {
  expect(result.exitCode).toBe(1);
  const [first = '', ...rest] = result.stderr.trimEnd().split('\n');
  expect(first).toBe(`error: ${message}`);
  expect(rest.filter((line) => !line.startsWith('hint: '))).toEqual([]);
}

/** Names and one-off labels of the project's containers, from docker itself. */
async function oneOffs(project: CliProject): Promise<{ name: string; oneOff: string; slug: string; number: string }[]> {
  const listed = await dockerCli([
    'ps',
    '-a',
    '--filter',
    `label=com.docker.compose.project=${project.name}`,
    '--filter',
    'label=com.docker.compose.oneoff=True',
    '--format',
    '{{.Names}} {{.Label "com.docker.compose.oneoff"}} {{.Label "com.docker.compose.slug"}} {{.Label "com.docker.compose.container-number"}}.',
  ]);
  return listed.stdout
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => {
      const [name = '', oneOff = '', slug = '', number = ''] = line.split(' ');
      return { name, oneOff, slug, number: number.replace(/\.$/, '') };
    });
}

describe('berth exec', () => {
  it("passes the command's exit code, standard input, -e and -w through, and everything after SERVICE to the command", async () => {
    const demo = start();
    await demo.ok(['up', '-d', '--progress', 'quiet']);

    const failed = await demo.berth(['exec', '-T', 'web', 'sh', '-c', 'echo out; echo err >&2; exit 7']);
    expect([failed.exitCode, failed.stdout, failed.stderr]).toEqual([7, 'out\n', 'err\n']);

    const echoed = await piped(demo, ['exec', '-T', 'web', 'cat'], 'hi\n');
    expect([echoed.exitCode, echoed.stdout]).toEqual([0, 'hi\n']);

    const env = await demo.ok(['exec', '-T', '-e', 'DEBUG=1', '-w', '/tmp', 'web', 'sh', '-c', 'echo $DEBUG $GREETING; pwd']);
    expect(env.stdout).toBe('1 hello\n/tmp\n');

    const listed = await demo.ok(['exec', '-T', 'web', 'ls', '-la', '/']);
    expect(listed.stdout).toMatch(/^total \d+\n/);

    await demo.ok(['exec', '-d', 'web', 'sh', '-c', 'echo detached > /tmp/marker']);
    expect((await demo.ok(['exec', '-T', 'web', 'sh', '-c', 'sleep 0.3; cat /tmp/marker'])).stdout).toBe('detached\n');
  });

  it('gives the command a TTY when berth runs on a terminal', async () => {
    const demo = start();
    await demo.ok(['up', '-d', '--progress', 'quiet']);
    const command = `'${process.execPath}' '${BERTH_BIN}' -p ${demo.name} exec web sh -c 'tty; exit 3'`;
    const result = await run('script', ['-qec', command, '/dev/null'], { cwd: demo.dir, env: toolEnv() });
    expect(result.stdout).toMatch(/\/dev\/pts\/\d+/);
    expect(result.exitCode).toBe(3);
    const plain = await demo.berth(['exec', 'web', 'sh', '-c', 'tty || true']);
    expect(plain.stdout).toBe('not a tty\n');
  });

  it('says in one line that a service is unknown or not running', async () => {
    const demo = start();
    await demo.ok(['up', '-d', '--progress', 'quiet', 'db']);
    expectOneCleanError(await demo.berth(['exec', 'web', 'true']), 'service "web" is not running');
    expectOneCleanError(await demo.berth(['exec', 'wbe', 'true']), 'no such service: "wbe"');
    expectOneCleanError(await demo.berth(['exec', '--index', '2', 'db', 'true']), 'service "db" is not running container #2');
  });
});

describe('berth run', () => {
  it('starts the dependencies first, passes the exit code and -e through, and removes the container with --rm', async () => {
    const demo = start();
    const result = await demo.berth(['--progress', 'plain', 'run', '--rm', '-e', 'DEBUG=1', 'web', 'sh', '-c', 'echo $DEBUG; exit 5']);
    expect([result.exitCode, result.stdout]).toEqual([5, '1\n']);
    expect(result.stderr).toContain(`Container ${demo.name}-db-1  Started`);
    const states = Object.fromEntries((await demo.containers()).map((container) => [container.Name, container.State]));
    // The dependency runs on; the one-off is gone; the service's own container was never made.
    expect(states).toEqual({ [`${demo.name}-db-1`]: 'running' });
  });

  it('is the course\'s `run -e DEBUG=1 web`, and pipes standard input with -T', async () => {
    const demo = start();
    expect((await demo.ok(['run', '--rm', '-e', 'DEBUG=1', 'web', 'sh', '-c', 'echo $DEBUG'])).stdout).toBe('1\n');
    const echoed = await piped(demo, ['run', '--rm', '-T', 'web', 'sh', '-c', 'tr a-z A-Z'], 'piped in\n');
    expect([echoed.exitCode, echoed.stdout]).toEqual([0, 'PIPED IN\n']);
  });

  it("names and labels one-offs as docker compose does; -d prints the name; up and down know them", async () => {
    const demo = start();
    const kept = await demo.berth(['run', 'web', 'true']);
    expect(kept.exitCode).toBe(0);
    const detached = await demo.ok(['run', '-d', 'web']);
    const name = detached.stdout.trim();
    expect(name).toMatch(new RegExp(`^${demo.name}-web-run-[0-9a-f]{12}$`));

    const found = await oneOffs(demo);
    expect(found).toHaveLength(2);
    for (const oneOff of found) {
      expect(oneOff.oneOff).toBe('True');
      expect(oneOff.slug).toMatch(/^[0-9a-f]{64}$/);
      expect(oneOff.name).toBe(`${demo.name}-web-run-${oneOff.slug.slice(0, 12)}`);
      expect(oneOff.number).toBe('');
    }
    const state = await dockerCli(['inspect', '-f', '{{.State.Running}}', name]);
    expect(state.stdout.trim()).toBe('true');

    // up creates the service's own container beside them, and warns of no orphans.
    const up = await demo.ok(['up', '-d', '--progress', 'plain']);
    expect(up.stderr).toContain(`Container ${demo.name}-web-1  Started`);
    expect(up.stderr).not.toContain('orphan');
    await demo.ok(['down', '-t', '1', '--progress', 'quiet']);
    expect(await oneOffs(demo)).toEqual([]);
  });

  it('prints what it would do with --dry-run and creates nothing', async () => {
    const demo = start();
    const result = await demo.ok(['--dry-run', 'run', '--rm', 'web', 'true']);
    expect(result.stdout).toMatch(new RegExp(`create container ${demo.name}-db-1\\n(.*\\n)*create container ${demo.name}-web-run-[0-9a-f]{12} \\(one-off\\)\\n`));
    expect(await demo.containers()).toEqual([]);
  });

  it('says in one line that a service is unknown', async () => {
    const demo = start();
    expectOneCleanError(await demo.berth(['run', 'wbe']), 'no such service: "wbe"');
  });
});
