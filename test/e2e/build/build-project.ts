// A throw-away project with source files for the build scenarios: berth runs on it as a user
// would, and the cleanup removes its containers, networks, volumes, and the images it built.

import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { dockerCli, removeProjectDir, removeProjectLeftovers, runBerth, uniqueProjectName, writeProject, type RunResult } from '../support/index.js';

export class BuildProject {
  readonly name: string;
  readonly dir: string;
  /** Images the test made under other names (tags, registry names), removed by cleanup too. */
  readonly extraImages: string[] = [];

  constructor(what: string, files: Readonly<Record<string, string>>) {
    this.name = uniqueProjectName(what);
    this.dir = writeProject(files);
  }

  /** Writes (or replaces) a file of the project. */
  write(file: string, content: string): void {
    writeFileSync(path.join(this.dir, file), content);
  }

  berth(args: readonly string[], env: Readonly<Record<string, string | undefined>> = {}): Promise<RunResult> {
    return runBerth(['-p', this.name, ...args], { cwd: this.dir, env, timeoutMs: 300_000 });
  }

  /** Like berth, but fails the test (showing the output) when berth fails. */
  async ok(args: readonly string[], env: Readonly<Record<string, string | undefined>> = {}): Promise<RunResult> {
    const result = await this.berth(args, env);
    if (result.exitCode !== 0) {
      throw new Error(`berth ${args.join(' ')} exited with ${String(result.exitCode)}${result.error ? ` (${result.error})` : ''}:\n${result.stderr}${result.stdout}`);
    }
    return result;
  }

  /** The id of the container of a service (its first replica), or '' when there is none. */
  async containerId(service: string): Promise<string> {
    const { stdout } = await dockerCli(['ps', '-aq', '--no-trunc', '--filter', `name=^${this.name}-${service}-1$`]);
    return stdout.trim();
  }

  /** Runs a command in the service's first container and returns its standard output. */
  async exec(service: string, command: readonly string[]): Promise<RunResult> {
    return dockerCli(['exec', `${this.name}-${service}-1`, ...command]);
  }

  async cleanup(): Promise<void> {
    await removeProjectLeftovers(this.name);
    const { stdout } = await dockerCli(['images', '--format', '{{.Repository}}:{{.Tag}}', '--filter', `reference=${this.name}-*`]);
    const images = [...stdout.split('\n').filter((line) => line.trim() !== ''), ...this.extraImages];
    if (images.length > 0) await dockerCli(['image', 'rm', '--force', ...images]);
    removeProjectDir(this.dir);
  }
}
