import { spawn } from 'node:child_process';

/** What a finished process left: its exit code and everything it printed. */
export interface RunResult {
  /** The exit code; null when the process did not start, or was ended by a signal or the timeout. */
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  /** Why there is no exit code: the process could not be started, or ran past its timeout. */
  error?: string;
}

export interface RunOptions {
  cwd?: string;
  /** The whole environment of the process (not merged with this one's). */
  env?: Readonly<Record<string, string | undefined>>;
  /** Written to standard input, which is otherwise closed, as it is in CI. */
  input?: string;
  /** Ends the process with SIGKILL after this long (default 120 s, under the e2e test timeout). */
  timeoutMs?: number;
}

const DEFAULT_TIMEOUT_MS = 120_000;

/**
 * Runs a command to completion and collects its output. Never throws: a command that fails, cannot
 * start or hangs is a result with its reason, so a test can show the output in its assertion.
 */
export function run(command: string, args: readonly string[], options: RunOptions = {}): Promise<RunResult> {
  return new Promise((resolve) => {
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    let error: string | undefined;
    let settled = false;
    const child = spawn(command, args, {
      cwd: options.cwd,
      env: options.env === undefined ? process.env : definedOnly(options.env),
      stdio: [options.input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
    });
    const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    const timer = setTimeout(() => {
      error = `timed out after ${timeoutMs} ms`;
      child.kill('SIGKILL');
    }, timeoutMs);
    const finish = (exitCode: number | null, signal: NodeJS.Signals | null): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      const result: RunResult = {
        exitCode: error === undefined ? exitCode : null,
        signal,
        stdout: Buffer.concat(stdout).toString('utf8'),
        stderr: Buffer.concat(stderr).toString('utf8'),
      };
      if (error !== undefined) result.error = error;
      resolve(result);
    };
    child.stdout?.on('data', (chunk: Buffer) => stdout.push(chunk));
    child.stderr?.on('data', (chunk: Buffer) => stderr.push(chunk));
    child.on('error', (cause) => {
      error = `could not run ${command}: ${cause.message}`;
      finish(null, null);
    });
    child.on('close', finish);
    if (child.stdin !== null && options.input !== undefined) {
      // A process that exits without reading its input closes the pipe; that is its business.
      child.stdin.on('error', () => undefined);
      child.stdin.end(options.input);
    }
  });
}

/** A one-line account of a result, for assertion messages: how it ended and what it said on stderr. */
export function describeRun(result: RunResult): string {
  const end = result.error ?? (result.signal === null ? `exit ${String(result.exitCode)}` : `signal ${result.signal}`);
  const said = result.stderr.trim() || result.stdout.trim();
  return said === '' ? end : `${end}: ${said}`;
}

/**
 * The environment the tools under test run in: this process's, without the variables that would
 * point them at another engine (DOCKER_HOST, a context) or another project (COMPOSE_FILE,
 * COMPOSE_PROJECT_NAME, ...), without CI (which turns on berth's CI mode: the tests of that mode set
 * it themselves, the others must behave the same on a CI runner and off it), and without colour
 * codes in their output. BERTH_DEBUG is kept, so a failing run can be made to show its stack.
 */
export function toolEnv(extra: Readonly<Record<string, string | undefined>> = {}): Record<string, string> {
  const env: Record<string, string | undefined> = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (/^(COMPOSE|DOCKER)_/.test(key) || key === 'CI' || (key.startsWith('BERTH_') && key !== 'BERTH_DEBUG')) continue;
    env[key] = value;
  }
  env.NO_COLOR = '1';
  return definedOnly({ ...env, ...extra });
}

function definedOnly(env: Readonly<Record<string, string | undefined>>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(env)) if (value !== undefined) out[key] = value;
  return out;
}
