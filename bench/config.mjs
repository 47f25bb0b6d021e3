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

import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { configFiles, generateCompose, serviceNames } from './generate-compose.mjs';
import { REPO, benchEnv, composeVersion, ensureDockerCompose, failure, median, pad, parseBenchArgs, runOnceSync as runOnce } from './lib.mjs';

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
  return parseBenchArgs(
    argv,
    { runs: 15, sizes: [20, 200], keep: false, check: false, install: true },
    {
      '--runs': { key: 'runs', int: 1 },
      '--sizes': { key: 'sizes', ints: 1 },
      '--keep': { key: 'keep', set: true },
    '--check': { key: 'check', set: true },
      '--no-install': { key: 'install', set: false },
    },
    usage,
  );
}

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

function main() {
  const opts = parseArgs(process.argv.slice(2));
  // No engine to reach: `config` needs none, and a tool that tried would fail, not look fast.
  const env = benchEnv({ engine: false });

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
    console.log(`docker-compose: ${dc} ${composeVersion(dc, env)}`);
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
