// A throw-away project for the watch scenarios: files in a temporary directory, a unique name,
// `berth watch` (or `up --watch`) running in the background with its output collected line by
// line, and a cleanup that stops it and removes the containers, networks and images it made.

import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { BERTH_BIN, dockerCli, removeProjectDir, removeProjectLeftovers, runBerth, toolEnv, uniqueProjectName, writeProject, type RunResult } from '../support/index.js';

/** The image the scenarios run: busybox, built locally by scripts/test-images.sh (never pulled). */
export const BUSYBOX = 'berth-test/busybox:latest';

/** A command that idles until SIGTERM, which it obeys at once (doubled `$` for the compose file). */
export const IDLE = `["sh", "-c", "trap 'exit 0' TERM; sleep 3600 & wait"]`;

export class WatchProject {
  readonly name: string;
  readonly dir: string;
  private child: ChildProcess | undefined;
  private exited: Promise<number | null> = Promise.resolve(null);
  private stdout = '';
  private stderr = '';

  constructor(what: string, files: Readonly<Record<string, string>>) {
    this.name = uniqueProjectName(what);
    this.dir = writeProject(files);
  }

  write(file: string, content: string): void {
    const target = path.join(this.dir, file);
    mkdirSync(path.dirname(target), { recursive: true });
    writeFileSync(target, content);
  }

  remove(file: string): void {
    rmSync(path.join(this.dir, file), { recursive: true, force: true });
  }

  /** Runs `berth -p NAME ARGS` to completion. */
  async ok(args: readonly string[]): Promise<RunResult> {
    const result = await runBerth(['-p', this.name, ...args], { cwd: this.dir, timeoutMs: 300_000 });
    if (result.exitCode !== 0) throw new Error(`berth ${args.join(' ')} exited with ${String(result.exitCode)}:\n${result.stderr}${result.stdout}`);
    return result;
  }

  /** Starts `berth -p NAME ARGS` in the background (`watch` by default) and waits for it to be watching. */
  async start(args: readonly string[] = ['watch', '--progress', 'quiet']): Promise<void> {
    const child = spawn(process.execPath, [BERTH_BIN, '-p', this.name, ...args], { cwd: this.dir, env: toolEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
    this.child = child;
    child.stdout.on('data', (chunk: Buffer) => (this.stdout += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (this.stderr += chunk.toString('utf8')));
    this.exited = new Promise((resolve) => child.on('close', (code) => resolve(code)));
    await this.waitForLine(/^watching /, 0, 90_000);
  }

  /** The lines berth printed on standard output so far. */
  lines(): string[] {
    return this.stdout.split('\n').filter((line) => line !== '');
  }

  /** What berth printed, for assertion messages. */
  output(): string {
    return `stdout:\n${this.stdout}\nstderr:\n${this.stderr}`;
  }

  /**
   * Waits for a line matching `pattern` among the lines from number `from` on (the count of lines
   * before the edit being waited for), and returns it.
   */
  async waitForLine(pattern: RegExp, from: number, timeoutMs = 30_000): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.lines().slice(from).find((line) => pattern.test(line));
      if (found !== undefined) return found;
      if (Date.now() > deadline) throw new Error(`no line matching ${String(pattern)} within ${timeoutMs} ms\n${this.output()}`);
      if (this.child?.exitCode !== null && this.child?.exitCode !== undefined) throw new Error(`berth exited with ${this.child.exitCode}\n${this.output()}`);
      await sleep(50);
    }
  }

  /** Sends a signal to the background berth and waits for it to end; its exit code. */
  async interrupt(): Promise<number | null> {
    this.child?.kill('SIGINT');
    return this.exited;
  }

  /** The container's id for a service's first replica ('' when there is none). */
  async containerId(service: string): Promise<string> {
    const { stdout } = await dockerCli(['ps', '-aq', '--no-trunc', '--filter', `name=^${this.name}-${service}-1$`]);
    return stdout.trim();
  }

  /** `docker exec` in a service's first replica. */
  exec(service: string, command: readonly string[]): Promise<RunResult> {
    return dockerCli(['exec', `${this.name}-${service}-1`, ...command]);
  }

  /** A file's content in the container, or undefined when it is not there. */
  async read(service: string, file: string): Promise<string | undefined> {
    const result = await this.exec(service, ['cat', file]);
    return result.exitCode === 0 ? result.stdout : undefined;
  }

  /** How many times the container started since `since` (Unix seconds). */
  async starts(containerId: string, since: number): Promise<number> {
    const { stdout } = await dockerCli([
      'events', '--since', since.toFixed(3), '--until', (Date.now() / 1000).toFixed(3),
      '--filter', `container=${containerId}`, '--filter', 'event=start', '--format', '{{.Action}}',
    ]);
    return stdout.split('\n').filter((line) => line.trim() !== '').length;
  }

  async cleanup(): Promise<void> {
    if (this.child !== undefined && this.child.exitCode === null) {
      this.child.kill('SIGKILL');
      await this.exited;
    }
    await removeProjectLeftovers(this.name);
    const { stdout } = await dockerCli(['images', '--format', '{{.Repository}}:{{.Tag}}', '--filter', `reference=${this.name}-*`]);
    const images = stdout.split('\n').filter((line) => line.trim() !== '');
    if (images.length > 0) await dockerCli(['image', 'rm', '--force', ...images]);
    removeProjectDir(this.dir);
  }
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
