#!/usr/bin/env node
// Times `berth config` against `docker-compose config` (Debian's docker-compose 1.29) on
// generated compose files of 20 and 200 services. See bench/README.md.
//
//   node bench/config.mjs [--runs N] [--sizes 20,200] [--keep] [--check]
//
// Both tools parse the same file, from the same directory, N times each after one untimed
// warm-up run; the table shows the medians and berth's share of docker-compose's time.
// Neither tool needs an engine for `config`: both run with DOCKER_HOST pointing at a socket that
// does not exist, so nothing is sent anywhere and a tool that tried to reach an engine would
// show up as a failure.

import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { configFiles, generateCompose, serviceNames } from './generate-compose.mjs';

const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const TARGET_RATIO = 0.35;

function usage(code) {
  const out = code === 0 ? console.log : console.error;
  out(`usage: node bench/config.mjs [options]
  --runs N        timed runs per tool and size (default 15)
  --sizes A,B     service counts (default 20,200)
  --keep          keep the generated files and print where they are
  --check         exit 1 when berth fails or misses the target (ratio <= ${TARGET_RATIO})
  --no-install    do not install docker-compose when it is missing`);
  process.exit(code);
}

function parseArgs(argv) {
  const opts = { runs: 15, sizes: [20, 200], keep: false, check: false, install: true };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = () => {
      const v = a.includes('=') ? a.slice(a.indexOf('=') + 1) : argv[++i];
      if (v === undefined) usage(2);
      return v;
    };
    if (a === '--runs' || a.startsWith('--runs=')) opts.runs = Number(value());
    else if (a === '--sizes' || a.startsWith('--sizes=')) opts.sizes = value().split(',').map(Number);
    else if (a === '--keep') opts.keep = true;
    else if (a === '--check') opts.check = true;
    else if (a === '--no-install') opts.install = false;
    else if (a === '-h' || a === '--help') usage(0);
    else {
      console.error(`unknown argument: ${a}`);
      usage(2);
    }
  }
  if (!Number.isInteger(opts.runs) || opts.runs < 1) {
    console.error('--runs must be a positive integer');
    process.exit(2);
  }
  if (opts.sizes.some((n) => !Number.isInteger(n) || n < 1)) {
    console.error('--sizes must be positive integers, comma-separated');
    process.exit(2);
  }
  return opts;
}

// The environment both tools run in: no engine to reach, no ambient compose settings that would
// make them read other files or another project name, and no colour codes in the output.
function benchEnv() {
  const env = Object.fromEntries(
    Object.entries(process.env).filter(([k]) => !/^(COMPOSE|DOCKER|BERTH)_/.test(k)),
  );
  env.DOCKER_HOST = 'unix:///nonexistent/berth-bench-no-engine.sock';
  env.NO_COLOR = '1';
  return env;
}

function which(cmd) {
  const r = spawnSync('sh', ['-c', `command -v ${cmd}`], { encoding: 'utf8' });
  return r.status === 0 ? r.stdout.trim() : null;
}

// docker-compose 1.29 is Debian's package; install it when missing, as the machine's root user
// does for every other tool here. Refuses politely when not root.
function ensureDockerCompose(install) {
  let bin = which('docker-compose');
  if (bin || !install) return bin;
  if (process.getuid?.() !== 0) {
    console.error('docker-compose is missing; install it with: apt-get install docker-compose');
    return null;
  }
  console.error('installing docker-compose (apt-get install docker-compose)...');
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const args = ['install', '-y', '-qq', '--no-install-recommends', 'docker-compose'];
  let r = spawnSync('apt-get', args, { env, stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8' });
  if (r.status !== 0) {
    // Stale or missing package lists: update once and try again.
    spawnSync('apt-get', ['update', '-qq'], { env, stdio: ['ignore', 'ignore', 'inherit'] });
    r = spawnSync('apt-get', args, { env, stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8' });
  }
  if (r.status !== 0) console.error(`apt-get install docker-compose failed:\n${r.stderr}`);
  bin = which('docker-compose');
  return bin;
}

function runOnce(cmd, args, cwd, env) {
  const t0 = process.hrtime.bigint();
  const r = spawnSync(cmd, args, { cwd, env, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024, stdio: ['ignore', 'pipe', 'pipe'] });
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  return { ms, status: r.status, signal: r.signal, error: r.error, stdout: r.stdout ?? '', stderr: r.stderr ?? '' };
}

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

// The line of a failure's output that says what went wrong: the error message when there is one
// (node prints a source location and a code excerpt before it), else the first line.
function firstLine(s) {
  const lines = s.split('\n').map((l) => l.trim()).filter((l) => l !== '');
  const msg = lines.find((l) => /^(\w*Error|error)\b|:\s*error\b/i.test(l)) ?? lines[0] ?? '';
  return msg.slice(0, 200);
}

const failure = (r) =>
  r.error
    ? `could not run: ${r.error.message}`
    : `exit ${r.status ?? r.signal}: ${firstLine(r.stderr) || firstLine(r.stdout) || '(no output)'}`;

/**
 * Untimed first run of one tool on one file: warms the file system cache, Python's bytecode and
 * node's compile cache, and checks that the file was really parsed (every service appears in the
 * output), so a tool that read some other file cannot look fast.
 */
function warmUp(tool, file, n, env) {
  if (!tool.available) return { ok: false, reason: tool.reason };
  const r = runOnce(tool.cmd, tool.argv(file), tool.cwd, env);
  if (r.error || r.status !== 0) return { ok: false, reason: failure(r) };
  const missing = serviceNames(n).filter((s) => !r.stdout.includes(s));
  if (missing.length > 0) {
    return { ok: false, reason: `output lacks ${missing.length} of ${n} services (first: ${missing[0]})` };
  }
  return { ok: true, times: [] };
}

/**
 * Times the tools on one file, N runs each, interleaved (berth, docker-compose, berth, ...) so
 * that load from anything else on the machine falls on both alike and the ratio stays fair.
 * A failing run stops that tool's series: its error is reported instead of a time.
 */
function benchSize(tools, file, n, runs, env) {
  const states = tools.map((t) => warmUp(t, file, n, env));
  for (let i = 0; i < runs; i++) {
    tools.forEach((t, k) => {
      const st = states[k];
      if (!st.ok) return;
      const r = runOnce(t.cmd, t.argv(file), t.cwd, env);
      if (r.error || r.status !== 0) states[k] = { ok: false, reason: `run ${i + 1}: ${failure(r)}` };
      else st.times.push(r.ms);
    });
  }
  return states.map((st) =>
    st.ok ? { ok: true, median: median(st.times), min: Math.min(...st.times), max: Math.max(...st.times) } : st,
  );
}

function pad(s, w, right = false) {
  s = String(s);
  return right ? s.padStart(w) : s.padEnd(w);
}

function main() {
  const opts = parseArgs(process.argv.slice(2));
  const env = benchEnv();

  const dir = mkdtempSync(join(tmpdir(), 'berth-bench-'));
  const files = {};
  for (const n of opts.sizes) {
    // One directory per size, named the same way for both tools, so both derive the same
    // project name and resolve the relative bind mounts against the same directory.
    const d = join(dir, `shop${n}`);
    mkdirSync(join(d, 'config'), { recursive: true });
    for (const [rel, text] of Object.entries(configFiles)) writeFileSync(join(d, rel), text);
    files[n] = join(d, 'compose.yaml');
    writeFileSync(files[n], generateCompose(n));
  }

  const berthBin = join(REPO, 'bin', 'berth');
  const berth = existsSync(berthBin)
    ? { available: true, cmd: process.execPath, argv: (f) => [berthBin, '-f', f, 'config'], cwd: REPO }
    : { available: false, reason: `${berthBin} does not exist` };
  const dc = ensureDockerCompose(opts.install);
  // -f is a global option for both (before the command); `docker-compose config -f FILE` is
  // accepted by 1.29 but loads ./docker-compose.yml instead.
  const compose = dc
    ? { available: true, cmd: dc, argv: (f) => ['-f', f, 'config'], cwd: REPO }
    : { available: false, reason: 'docker-compose is not installed' };

  console.log(`config benchmark: ${opts.runs} timed runs per tool and size, medians in ms (node ${process.version})`);
  if (dc) {
    const v = spawnSync(dc, ['version', '--short'], { env, encoding: 'utf8' });
    console.log(`docker-compose: ${dc} ${(v.stdout || '').trim()}`);
  }
  console.log('');

  const results = [];
  for (const n of opts.sizes) {
    const [b, c] = benchSize([berth, compose], files[n], n, opts.runs, env);
    // bin/berth runs the compiled CLI: the usual cause of failure is an unbuilt dist/.
    if (!b.ok && /dist\/cli/.test(b.reason)) b.reason += ' (run `npm run build` first)';
    const ratio = b.ok && c.ok ? b.median / c.median : null;
    results.push({ n, berth: b, compose: c, ratio });
  }

  const header = ['services', 'berth', 'docker-compose', 'berth/compose', `target <= ${TARGET_RATIO}`];
  const rows = results.map((r) => [
    r.n,
    r.berth.ok ? r.berth.median.toFixed(1) : 'failed',
    r.compose.ok ? r.compose.median.toFixed(1) : 'failed',
    r.ratio === null ? '-' : r.ratio.toFixed(3),
    r.ratio === null ? '-' : r.ratio <= TARGET_RATIO ? 'met' : 'missed',
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => String(row[i]).length)));
  const line = (cells) => cells.map((c, i) => pad(c, widths[i], i > 0 && i < 4)).join('  ');
  console.log(line(header));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const row of rows) console.log(line(row));

  const notes = [];
  for (const r of results) {
    if (!r.berth.ok) notes.push(`berth, ${r.n} services: ${r.berth.reason}`);
    if (!r.compose.ok) notes.push(`docker-compose, ${r.n} services: ${r.compose.reason}`);
    for (const [name, x] of [['berth', r.berth], ['docker-compose', r.compose]]) {
      if (x.ok) notes.push(`${name}, ${r.n} services: min ${x.min.toFixed(1)}, max ${x.max.toFixed(1)} ms`);
    }
  }
  if (notes.length) {
    console.log('');
    for (const n of notes) console.log(`  ${n}`);
  }

  if (opts.keep) console.log(`\ngenerated files kept in ${dir}`);
  else rmSync(dir, { recursive: true, force: true });

  const met = results.every((r) => r.ratio !== null && r.ratio <= TARGET_RATIO);
  if (opts.check && !met) process.exit(1);
}

main();
