// One throw-away project per test for the CLI scenarios: a compose file in a temporary directory, a
// unique name, `berth` run on it as a user would, and a cleanup that leaves nothing behind.

import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach } from 'vitest';
import { releaseHeldPorts, removeProjectDir, removeProjectLeftovers, runBerth, uniqueProjectName, writeProject, type RunResult } from '../support/index.js';

/** The image the scenarios run: busybox, built locally by scripts/test-images.sh (never pulled). */
export const BUSYBOX = 'berth-test/busybox:latest';

/**
 * web says hello on standard output and oops on standard error, then waits; db mounts a named
 * volume; web depends on db. Each exits at once on SIGTERM, so stops take no grace period.
 */
export const DEMO_COMPOSE = `
services:
  web:
    image: ${BUSYBOX}
    command: ["sh", "-c", "trap 'exit 0' TERM; echo hello from web; echo oops >&2; sleep 3600 & wait"]
    ports: ["127.0.0.1::80"]
    depends_on: [db]
  db:
    image: ${BUSYBOX}
    command: ["sh", "-c", "trap 'exit 0' TERM; echo db ready; sleep 3600 & wait"]
    volumes: ["data:/data"]
volumes:
  data: {}
`;

/** A project of the CLI scenarios. */
export class CliProject {
  /** `berth-e2e-cli-<random>`. */
  readonly name = uniqueProjectName('cli');
  readonly dir: string;

  constructor(compose = DEMO_COMPOSE) {
    this.dir = writeProject({ 'compose.yaml': compose });
  }

  /** Replaces the compose file (an edit between two commands). */
  write(compose: string): void {
    writeFileSync(path.join(this.dir, 'compose.yaml'), compose);
  }

  /** Runs `berth -p <name> ARGS` in the project's directory. */
  berth(args: readonly string[], env: Readonly<Record<string, string | undefined>> = {}): Promise<RunResult> {
    return runBerth(['-p', this.name, ...args], { cwd: this.dir, env });
  }

  /** Like berth, but fails the test (showing the output) when berth fails. */
  async ok(args: readonly string[], env: Readonly<Record<string, string | undefined>> = {}): Promise<RunResult> {
    const result = await this.berth(args, env);
    if (result.exitCode !== 0) {
      throw new Error(`berth ${args.join(' ')} exited with ${String(result.exitCode)}${result.error ? ` (${result.error})` : ''}:\n${result.stderr}${result.stdout}`);
    }
    return result;
  }

  /** `ps -a --format json`, parsed: one record per container. */
  async containers(): Promise<Record<string, unknown>[]> {
    const { stdout } = await this.ok(['ps', '-a', '--format', 'json']);
    return stdout
      .split('\n')
      .filter((line) => line.trim() !== '')
      .map((line) => JSON.parse(line) as Record<string, unknown>);
  }

  /** Removes every container, network and volume of the project, and the directory. */
  async cleanup(): Promise<void> {
    await removeProjectLeftovers(this.name);
    removeProjectDir(this.dir);
  }
}

/**
 * For a file whose tests make their own projects: the function that makes one, and an afterEach
 * that releases the host ports a test held and cleans up every project the test made, however it
 * ended.
 */
export function projectsCleanedAfterEach(): (compose: string) => CliProject {
  const projects: CliProject[] = [];
  afterEach(async () => {
    await releaseHeldPorts();
    for (const project of projects.splice(0)) await project.cleanup();
  });
  return (compose) => {
    const created = new CliProject(compose);
    projects.push(created);
    return created;
  };
}
