// What the benchmarks share: running and timing a command, the environment both tools run in,
// docker-compose, the docker CLI, and the small helpers of the tables they print.
// See bench/README.md.

import { spawn, spawnSync } from 'node:child_process';
import { dirname, join, resolve } from 'node:path';
import { clearTimeout, setTimeout } from 'node:timers';
import { fileURLToPath } from 'node:url';

export const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '..');
// A tool that hangs is a failure, not a benchmark that never ends.
export const COMMAND_TIMEOUT_MS = 300_000;

// ---------------------------------------------------------------------------------------------
// The environment.

/**
 * The environment both tools run in: none of the caller's `COMPOSE_*`, `DOCKER_*` and `BERTH_*`
 * settings (other files, another project name, another engine), no colour codes. With
 * `engine: false`, DOCKER_HOST names a socket that does not exist, so a tool that tried to reach
 * an engine fails instead of sending anything; else the engine is the default socket's.
 */
export function benchEnv({ engine = true, extra = {} } = {}) {
  const env = Object.fromEntries(
    Object.entries(process.env).filter(([k]) => !/^(COMPOSE|DOCKER|BERTH)_/.test(k)),
  );
  if (!engine) env.DOCKER_HOST = 'unix:///nonexistent/berth-bench-no-engine.sock';
  env.NO_COLOR = '1';
  return { ...env, ...extra };
}

export function which(cmd) {
  const r = spawnSync('sh', ['-c', `command -v ${cmd}`], { encoding: 'utf8' });
  return r.status === 0 ? r.stdout.trim() : null;
}

/**
 * docker-compose 1.29 (Debian's package): scripts/docker-compose.sh installs it when it is missing
 * (root only; otherwise it says what to install). Null when it is not there in the end.
 */
export function ensureDockerCompose(install) {
  const bin = which('docker-compose');
  if (bin || !install) return bin;
  const r = spawnSync('bash', [join(REPO, 'scripts', 'docker-compose.sh')], { stdio: ['ignore', 'inherit', 'inherit'] });
  return r.status === 0 ? which('docker-compose') : null;
}

/** `docker-compose version --short`, or '' when it does not answer. */
export function composeVersion(bin, env) {
  const v = spawnSync(bin, ['version', '--short'], { env, encoding: 'utf8' });
  return (v.stdout || '').trim();
}

// ---------------------------------------------------------------------------------------------
// Processes.

/** Runs one command to completion and times it (wall clock, spawn to exit), blocking. */
export function runOnceSync(cmd, args, cwd, env) {
  const t0 = process.hrtime.bigint();
  const r = spawnSync(cmd, args, {
    cwd, env, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024, stdio: ['ignore', 'pipe', 'pipe'], timeout: COMMAND_TIMEOUT_MS,
  });
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  const error = r.error ? new Error(r.error.code === 'ETIMEDOUT' ? `timed out after ${COMMAND_TIMEOUT_MS / 1000} s` : `could not run: ${r.error.message}`) : null;
  return { ms, status: r.status, signal: r.signal, error, stdout: r.stdout ?? '', stderr: r.stderr ?? '' };
}

/** Thrown by runOnce once a stop signal came; its message is the signal's name. */
export class Interrupted extends Error {}

// The child being timed, so that a signal ends it before the benchmark cleans up, and the signal
// that asked to stop.
let current = null;
let interrupted = null;

/**
 * From now on SIGINT, SIGTERM and SIGHUP kill the command being timed and make runOnce throw
 * Interrupted (the running one and every later one), so the caller can clean up and exit.
 */
export function stopOnSignals() {
  for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
    process.on(sig, () => {
      interrupted = sig;
      current?.kill('SIGKILL');
    });
  }
}

/** Runs one command to completion and times it (wall clock, spawn to exit). */
export function runOnce(cmd, args, cwd, env) {
  return new Promise((resolveRun, rejectRun) => {
    if (interrupted) {
      rejectRun(new Interrupted(interrupted));
      return;
    }
    const out = [];
    const err = [];
    let error = null;
    const t0 = process.hrtime.bigint();
    const child = spawn(cmd, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    current = child;
    const timer = setTimeout(() => {
      error = new Error(`timed out after ${COMMAND_TIMEOUT_MS / 1000} s`);
      child.kill('SIGKILL');
    }, COMMAND_TIMEOUT_MS);
    child.stdout.on('data', (d) => out.push(d));
    child.stderr.on('data', (d) => err.push(d));
    child.on('error', (e) => {
      error = new Error(`could not run: ${e.message}`);
    });
    child.on('close', (status, signal) => {
      const ms = Number(process.hrtime.bigint() - t0) / 1e6;
      clearTimeout(timer);
      current = null;
      if (interrupted) {
        rejectRun(new Interrupted(interrupted));
        return;
      }
      resolveRun({
        ms, status, signal, error,
        stdout: Buffer.concat(out).toString('utf8'),
        stderr: Buffer.concat(err).toString('utf8'),
      });
    });
  });
}

/** The docker CLI on the default socket (never timed); throws with its message when it fails. */
export function docker(args) {
  const r = spawnSync('docker', args, { env: benchEnv(), encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: COMMAND_TIMEOUT_MS });
  if (r.error || r.status !== 0) throw new Error(`docker ${args.join(' ')}: ${r.error?.message ?? r.stderr.trim()}`);
  return r.stdout;
}

// ---------------------------------------------------------------------------------------------
// Output.

export const lines = (s) => s.split('\n').map((l) => l.trim()).filter((l) => l !== '');

// The line of a failure's output that says what went wrong: the error message when there is one
// (node prints a source location and a code excerpt before it), else the first line.
export function firstLine(s) {
  const ls = lines(s);
  const msg = ls.find((l) => /^(\w*Error|error)\b|:\s*error\b/i.test(l)) ?? ls[0] ?? '';
  return msg.slice(0, 200);
}

/** Why a run of runOnce or runOnceSync failed. */
export const failure = (r) =>
  r.error
    ? r.error.message
    : `exit ${r.status ?? r.signal}: ${firstLine(r.stderr) || firstLine(r.stdout) || '(no output)'}`;

export function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

export function pad(s, w, right = false) {
  s = String(s);
  return right ? s.padStart(w) : s.padEnd(w);
}

// ---------------------------------------------------------------------------------------------
// Arguments.

/**
 * The options of a benchmark script from its arguments. `spec` maps each flag (`--runs`) to the
 * option it sets: `{ key, int: min }` takes a whole number of at least `min` (`--runs 5` or
 * `--runs=5`), `{ key, ints: min }` a comma-separated list of them, `{ key, set: value }` no value.
 * `-h`/`--help` calls `usage(0)`; an unknown flag, a missing or a bad value print why and exit 2.
 */
export function parseBenchArgs(argv, defaults, spec, usage) {
  const opts = { ...defaults };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '-h' || arg === '--help') usage(0);
    const equals = arg.indexOf('=');
    const flag = equals < 0 ? arg : arg.slice(0, equals);
    const option = spec[flag];
    if (option === undefined) {
      console.error(`unknown argument: ${arg}`);
      usage(2);
    }
    if ('set' in option) {
      opts[option.key] = option.set;
      continue;
    }
    const text = equals < 0 ? argv[++i] : arg.slice(equals + 1);
    if (text === undefined) usage(2);
    const min = 'int' in option ? option.int : option.ints;
    const numbers = text.split(',').map(Number);
    if (numbers.some((n) => !Number.isInteger(n) || n < min) || ('int' in option && numbers.length !== 1)) {
      console.error(`${flag} must be ${'int' in option ? 'an integer' : 'comma-separated integers'} of at least ${min}`);
      process.exit(2);
    }
    opts[option.key] = 'int' in option ? numbers[0] : numbers;
  }
  return opts;
}
