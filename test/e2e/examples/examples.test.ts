// The projects in examples/ must come up and go down on the real engine as their comments promise.
// Each runs from a copy in a temporary directory (bind mounts create host paths), under a project
// name of its own, on host ports that are free now.

import { cpSync, mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { up, type UpOptions } from '../../../src/api/up.js';
import type { Stack } from '../../../src/api/stack.js';
import { connectDocker } from '../../../src/engine/docker/docker-backend.js';
import {
  httpText,
  projectResources,
  removeProjectDir,
  removeProjectLeftovers,
  REPO_DIR,
  uniqueProjectName,
  waitFor,
} from '../support/index.js';

const cleanups: (() => Promise<void>)[] = [];

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** A copy of examples/<name> and a unique project name, removed (with all it made) after the test. */
function exampleCopy(name: string): { dir: string; projectName: string } {
  const dir = path.join(mkdtempSync(path.join(tmpdir(), 'berth-example-')), name);
  cpSync(path.join(REPO_DIR, 'examples', name), dir, { recursive: true });
  const projectName = uniqueProjectName(`example-${name}`);
  cleanups.push(async () => {
    await removeProjectLeftovers(projectName);
    removeProjectDir(path.dirname(dir));
  });
  return { dir, projectName };
}

async function upExample(dir: string, projectName: string, env: Record<string, string>): Promise<Stack> {
  const options: UpOptions = {
    workingDir: dir,
    projectName,
    env,
    backend: await connectDocker({}),
    wait: true,
    waitTimeoutSeconds: 120,
    timeoutSeconds: 2,
  };
  return up(options);
}

/** A TCP port nothing listens on at this moment. */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

async function runningServices(projectName: string): Promise<string[]> {
  const { containers } = await projectResources(projectName);
  return containers.map((name) => name.replace(`${projectName}-`, '').replace(/-\d+$/, '')).sort();
}

describe('examples', () => {
  it('webapp: web, cache and db come up healthy, the page counts visits, down -v removes it all', async () => {
    const { dir, projectName } = exampleCopy('webapp');
    const port = await freePort();
    const stack = await upExample(dir, projectName, { WEB_PORT: String(port) });
    expect(await runningServices(projectName)).toEqual(['cache', 'db', 'web']);
    const published = await stack.port('web', 8080);
    expect(published).toEqual({ host: '127.0.0.1', port });
    const first = await waitFor('the web page', () => httpText(`http://127.0.0.1:${port}/`));
    expect(first).toMatch(/cache hits: \d+, visits stored in postgres: \d+/);
    await stack.down({ volumes: true, timeoutSeconds: 2 });
    expect(await projectResources(projectName)).toEqual({ containers: [], networks: [], volumes: [] });
  });

  it('profiles-override: app and worker by default, the debug toolbox only with its profile', async () => {
    const { dir, projectName } = exampleCopy('profiles-override');
    const stack = await upExample(dir, projectName, {});
    expect(await runningServices(projectName)).toEqual(['app', 'worker']);
    await upExample(dir, projectName, { COMPOSE_PROFILES: 'debug' });
    expect(await runningServices(projectName)).toEqual(['app', 'toolbox', 'worker']);
    await stack.down({ volumes: true, removeOrphans: true, timeoutSeconds: 1 });
    expect((await projectResources(projectName)).containers).toEqual([]);
  });

  it('extends-include: the extended api answers on its .env port, the included probe reaches it', async () => {
    const { dir, projectName } = exampleCopy('extends-include');
    const port = await freePort();
    const stack = await upExample(dir, projectName, { API_PORT: String(port) });
    expect(await runningServices(projectName)).toEqual(['api', 'probe', 'scheduler']);
    expect(await waitFor('the api page', () => httpText(`http://127.0.0.1:${port}/`))).not.toBe('');
    const probe = await stack.exec('probe', ['wget', '-q', '-O', '-', 'http://api:8080/']);
    expect(probe.exitCode).toBe(0);
    await stack.down({ volumes: true, timeoutSeconds: 1 });
    expect((await projectResources(projectName)).containers).toEqual([]);
  });
});
