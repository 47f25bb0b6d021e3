// One throw-away compose project per test, on the real engine: its directory, its unique name, up
// and down through the library, and a cleanup that leaves nothing behind even when the test failed.

import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { down, type DownOptions, type DownResult } from '../../../src/api/down.js';
import type { Stack } from '../../../src/api/stack.js';
import { planUp, up, type UpOptions } from '../../../src/api/up.js';
import type { Backend } from '../../../src/engine/backend.js';
import { connectDocker } from '../../../src/engine/docker/docker-backend.js';
import type { ProgressEvent } from '../../../src/plan/progress.js';
import { dockerCli, removeProjectDir, removeProjectLeftovers, uniqueProjectName, writeProject } from '../support/index.js';

/** The image every reconcile scenario runs: busybox, built locally by scripts/test-images.sh. */
export const BUSYBOX = 'berth-test/busybox:latest';

/** A service that keeps files in a named volume (`data`, at /data) and in an anonymous one (/scratch). */
export const VOLUME_STORE = `
services:
  store:
    image: ${BUSYBOX}
    init: true
    command: ["sleep", "3600"]
    volumes:
      - data:/data
      - /scratch
volumes:
  data: {}
`;

let shared: Promise<Backend> | undefined;

/** The engine on the default socket (the one scripts/engine.sh starts), whatever DOCKER_HOST the shell has. */
export function engine(): Promise<Backend> {
  shared ??= connectDocker({});
  return shared;
}

/** A compose project in a temporary directory, brought up and down with berth's library functions. */
export class E2eProject {
  readonly name: string;
  readonly dir: string;
  /** Warnings up and down reported (orphans, ...). */
  readonly warnings: string[] = [];
  /** Progress events, as `Container x-web-1 Started`. */
  readonly progress: string[] = [];

  constructor(what: string, composeYaml: string) {
    this.name = uniqueProjectName(what);
    this.dir = writeProject({ 'compose.yaml': composeYaml });
  }

  /** Replaces the compose file (an edit between two ups). */
  write(composeYaml: string): void {
    writeFileSync(path.join(this.dir, 'compose.yaml'), composeYaml);
  }

  async options(): Promise<UpOptions> {
    return {
      workingDir: this.dir,
      projectName: this.name,
      // The tests' own environment, not the shell's COMPOSE_* settings.
      env: {},
      backend: await engine(),
      onWarning: (message) => this.warnings.push(message),
      onProgress: (event: ProgressEvent) => this.progress.push(`${event.resource} ${event.name} ${event.text}`),
    };
  }

  async up(options: Partial<UpOptions> = {}): Promise<Stack> {
    return up({ ...(await this.options()), timeoutSeconds: 1, ...options });
  }

  /** The text of what up would do now. */
  async plan(options: Partial<UpOptions> = {}): Promise<string> {
    return (await planUp({ ...(await this.options()), ...options })).text;
  }

  async down(options: Partial<DownOptions> = {}): Promise<DownResult> {
    return down({ ...(await this.options()), timeoutSeconds: 1, ...options });
  }

  /** Container name → id, for the project's containers. */
  async containerIds(): Promise<Record<string, string>> {
    const result = await dockerCli(['ps', '--all', '--filter', `label=com.docker.compose.project=${this.name}`, '--format', '{{.Names}} {{.ID}}']);
    return Object.fromEntries(
      result.stdout
        .split('\n')
        .filter((line) => line.trim() !== '')
        .map((line) => line.trim().split(' ') as [string, string]),
    );
  }

  /** `docker inspect --format` of one container, trimmed. */
  async inspect(container: string, format: string): Promise<string> {
    const result = await dockerCli(['inspect', '--format', format, container]);
    if (result.exitCode !== 0) throw new Error(`docker inspect ${container}: ${result.stderr.trim()}`);
    return result.stdout.trim();
  }

  /** Takes everything down with berth, then removes by label whatever is left, then the directory. */
  async cleanup(): Promise<void> {
    await this.down({ volumes: true, removeOrphans: true, timeoutSeconds: 0 }).catch(() => undefined);
    await removeProjectLeftovers(this.name);
    removeProjectDir(this.dir);
  }
}
