#!/usr/bin/env node
// The latency of `berth watch`'s sync: from a file written on the host to its content being visible
// inside the container, median and 95th percentile over N edits. See bench/README.md.
//
//   node bench/watch.mjs [--edits N] [--poll] [--check] [--keep]
//
// The container runs a loop that reads the synced file every 10 ms and prints its content when it
// changes; the benchmark follows the container's output and times each edit from the write to the
// line that shows it. So a figure is an upper bound: it includes up to 10 ms (5 on average) of the
// loop's interval and the engine's log delivery (a few ms), besides the watch's own work. A faster
// loop would measure itself: on a small machine its forks slow the engine down.

import { spawn } from 'node:child_process';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { clearTimeout, setTimeout } from 'node:timers';
import { REPO, benchEnv, docker, lines, median, parseBenchArgs, which } from './lib.mjs';

const IMAGE = 'berth-test/busybox:latest';
// A fixed name, so a run that was killed outright leaves nothing the next run does not remove.
const PROJECT = 'berth-bench-watch';
const TARGET_MEDIAN_MS = 300;

function usage(code) {
  const out = code === 0 ? console.log : console.error;
  out(`usage: node bench/watch.mjs [options]
  --edits N   timed edits (default 50)
  --poll      watch by polling instead of native events
  --check     exit 1 when the median misses ${TARGET_MEDIAN_MS} ms
  --keep      keep the project directory and print where it is`);
  process.exit(code);
}

function parseArgs(argv) {
  return parseBenchArgs(
    argv,
    { edits: 50, poll: false, check: false, keep: false },
    {
      '--edits': { key: 'edits', int: 5 },
      '--poll': { key: 'poll', set: true },
      '--keep': { key: 'keep', set: true },
    '--check': { key: 'check', set: true },
    },
    usage,
  );
}

// The probe prints `seen <content>` each time the file's content changes. PID 1 traps TERM so the
// stop at the end is immediate. Its `$` are doubled in the compose file, which would interpolate them.
const PROBE = `trap 'exit 0' TERM; last=; while :; do c=$(cat /app/probe.txt 2>/dev/null); if [ "$c" != "$last" ]; then echo "seen $c"; last=$c; fi; usleep 10000; done`;

const COMPOSE = `services:
  probe:
    image: ${IMAGE}
    command: ["sh", "-c", ${JSON.stringify(PROBE.replaceAll('$', '$$$$'))}]
    develop:
      watch:
        - path: ./src
          action: sync
          target: /app
`;

/** A process whose output lines are collected, and waited on by a predicate. */
function follow(cmd, args, options) {
  const child = spawn(cmd, args, { ...options, stdio: ['ignore', 'pipe', 'pipe'] });
  const seen = [];
  const waiters = [];
  let partial = '';
  const onData = (chunk) => {
    const pieces = (partial + chunk.toString('utf8')).split('\n');
    partial = pieces.pop() ?? '';
    const now = performance.now();
    for (const line of pieces) {
      seen.push({ line, at: now });
      for (const waiter of [...waiters]) {
        if (waiter.test(line)) {
          waiters.splice(waiters.indexOf(waiter), 1);
          clearTimeout(waiter.timer);
          waiter.resolve(now);
        }
      }
    }
  };
  child.stdout.on('data', onData);
  child.stderr.on('data', onData);
  const exited = new Promise((resolve) => child.on('close', resolve));
  return {
    child,
    exited,
    lines: () => seen.map((entry) => entry.line),
    /** Resolves with the time the first line matching `test` arrives (from now on). */
    waitFor(test, timeoutMs = 10_000) {
      return new Promise((resolve, reject) => {
        const waiter = { test, resolve, timer: setTimeout(() => reject(new Error(`no line matching ${test} within ${timeoutMs} ms`)), timeoutMs) };
        waiters.push(waiter);
      });
    },
  };
}

function removeProject() {
  const filter = `label=com.docker.compose.project=${PROJECT}`;
  const ids = lines(docker(['ps', '--all', '--quiet', '--filter', filter]));
  if (ids.length) docker(['rm', '--force', '--volumes', ...ids]);
  const networks = lines(docker(['network', 'ls', '--quiet', '--filter', filter]));
  if (networks.length) docker(['network', 'rm', ...networks]);
}

function percentile(xs, p) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)];
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

async function measure(opts, dir, env) {
  const watchArgs = [join(REPO, 'bin/berth'), '-p', PROJECT, 'watch', '--progress', 'quiet', ...(opts.poll ? ['--poll'] : [])];
  const berth = follow(process.execPath, watchArgs, { cwd: dir, env });
  let logs;
  try {
    await berth.waitFor((line) => line.startsWith('watching '), 60_000);
    const mode = berth.lines().find((line) => line.startsWith('watching ')) ?? '';
    logs = follow('docker', ['logs', '--follow', '--since', '0s', `${PROJECT}-probe-1`], { env: benchEnv() });
    const latencies = [];
    for (let i = 0; i < opts.edits + 3; i++) {
      const content = `edit-${i}-${Date.now()}`;
      const shown = logs.waitFor((line) => line === `seen ${content}`);
      const written = performance.now();
      writeFileSync(join(dir, 'src', 'probe.txt'), content);
      const at = await shown;
      // The first three are a warm-up: connections, the engine's caches, node's JIT.
      if (i >= 3) latencies.push(at - written);
      // Each edit its own burst, as a developer's saves are.
      await sleep(250);
    }
    const reported = berth
      .lines()
      .map((line) => /^probe: synced 1 file in (\d+) ms$/.exec(line))
      .filter((match) => match !== null)
      .map((match) => Number(match[1]))
      .slice(3);
    return { latencies, reported, mode };
  } finally {
    logs?.child.kill('SIGKILL');
    berth.child.kill('SIGINT');
    await Promise.race([berth.exited, sleep(5000)]);
    berth.child.kill('SIGKILL');
  }
}

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  const env = benchEnv();
  removeProject();
  const dir = mkdtempSync(join(tmpdir(), 'berth-bench-watch-'));
  mkdirSync(join(dir, 'src'));
  writeFileSync(join(dir, 'compose.yaml'), COMPOSE);
  writeFileSync(join(dir, 'src', 'probe.txt'), 'start');
  let result;
  try {
    result = await measure(opts, dir, env);
  } finally {
    removeProject();
    if (opts.keep) console.error(`project kept in ${dir}`);
    else rmSync(dir, { recursive: true, force: true });
  }

  const { latencies, reported, mode } = result;
  const fmt = (ms) => `${ms.toFixed(0)} ms`;
  console.log(`berth watch, ${opts.poll ? 'polling' : 'default'} (${mode.replace(/^watching probe: /, '')})`);
  console.log(`  write → visible in the container, ${latencies.length} edits:`);
  console.log(`    median ${fmt(median(latencies))}   p95 ${fmt(percentile(latencies, 95))}   min ${fmt(Math.min(...latencies))}   max ${fmt(Math.max(...latencies))}`);
  if (reported.length > 0) console.log(`  berth's own report of each sync (archive and engine call): median ${fmt(median(reported))}`);
  console.log(`  target: median under ${TARGET_MEDIAN_MS} ms`);

  const composeV2 = which('docker') !== null && (await new Promise((resolve) => {
    const child = spawn('docker', ['compose', 'version'], { stdio: 'ignore', env });
    child.on('close', (code) => resolve(code === 0));
    child.on('error', () => resolve(false));
  }));
  if (!composeV2) {
    console.log('docker compose v2: not installed here (docker-compose 1.29 has no watch), so its figure cannot be measured');
  } else {
    console.log('docker compose v2: installed, but not measured by this script yet (run `docker compose watch` on the same project by hand)');
  }
  if (opts.check && median(latencies) >= TARGET_MEDIAN_MS) process.exit(1);
}

main().catch((error) => {
  console.error(`bench/watch.mjs: ${error.message}`);
  process.exit(1);
});
