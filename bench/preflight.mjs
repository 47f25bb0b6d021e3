#!/usr/bin/env node
// Times the pre-flight check `up` runs before it changes anything, on the 20-service stack of
// bench/up.mjs with fixed host ports, against the real engine (nothing is created):
//
//   node bench/preflight.mjs [--runs N] [--services N]
//
// Two cases: every port free (the usual one), and one port held by a local process (which makes
// pre-flight scan /proc/*/fd for its owner). Needs `npm run build` first (it imports dist/).

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { REPO, median } from './lib.mjs';
import { generateUpCompose } from './up.mjs';

const args = process.argv.slice(2);
const option = (name, fallback) => {
  const index = args.indexOf(name);
  return index >= 0 ? Number(args[index + 1]) : fallback;
};
const runs = option('--runs', 20);
const services = option('--services', 20);
const BASE_PORT = 41000;

const { planUp } = await import(pathToFileURL(join(REPO, 'dist', 'api', 'up.js')).href);
const { openProject } = await import(pathToFileURL(join(REPO, 'dist', 'api', 'project-context.js')).href);
const { preflightProblems } = await import(pathToFileURL(join(REPO, 'dist', 'plan', 'preflight', 'preflight.js')).href);

let next = BASE_PORT;
const compose = generateUpCompose(services).replaceAll('127.0.0.1::80', () => `127.0.0.1:${next++}:80`);
const dir = mkdtempSync(join(tmpdir(), 'berth-bench-preflight-'));
writeFileSync(join(dir, 'compose.yaml'), compose);

async function timeCase(label) {
  const options = { workingDir: dir, projectName: 'berth-bench-preflight' };
  const { project, plan } = await planUp(options);
  const { backend } = await openProject(options);
  const input = { backend, projectName: project.name, model: project.model, plan };
  await preflightProblems(input); // warm up
  const times = [];
  let problems = [];
  for (let run = 0; run < runs; run++) {
    const start = process.hrtime.bigint();
    problems = await preflightProblems(input);
    times.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  console.log(`${label.padEnd(28)} median ${median(times).toFixed(1)} ms, max ${Math.max(...times).toFixed(1)} ms over ${runs} runs (${plan.nodes.length} plan steps, ${problems.length} problems)`);
}

try {
  await timeCase(`${services} services, ports free`);
  const server = createServer();
  await new Promise((resolve) => server.listen(BASE_PORT, '127.0.0.1', resolve));
  try {
    await timeCase(`${services} services, one held`);
  } finally {
    await new Promise((resolve) => server.close(resolve));
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
