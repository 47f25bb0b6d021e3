// Pre-flight: up finds every host port in the way (a plain process, another project's container)
// before it changes anything, says who holds each in one error, and converges once they are free.

import { describe, expect, it } from 'vitest';
import { holdPort, httpText, waitFor } from '../support/index.js';
import { BUSYBOX, projectsCleanedAfterEach } from './cli-project.js';

const project = projectsCleanedAfterEach();

/** A port free now (bound and released at once), for a container to publish. */
async function freePort(): Promise<number> {
  const held = await holdPort();
  await held.release();
  return held.port;
}

const service = (name: string, port: number): string => `
  ${name}:
    image: ${BUSYBOX}
    command: ["sh", "-c", "mkdir -p /www && echo ${name} > /www/index.html && exec httpd -f -p 80 -h /www"]
    init: true
    ports: ["127.0.0.1:${String(port)}:80"]
`;

describe('up pre-flight', () => {
  it('names the process holding a port, and creates nothing', async () => {
    const held = await holdPort();
    const stack = project(`services:${service('web', held.port)}`);
    const failed = await stack.berth(['up', '-d', '--progress', 'quiet']);
    expect(failed.exitCode).toBe(1);
    expect(failed.stderr).toMatch(
      new RegExp(`^error: cannot start the project: host port 127\\.0\\.0\\.1:${String(held.port)} \\(service web\\) is held by process ${String(process.pid)} \\(`),
    );
    expect(failed.stderr).not.toMatch(/\n\s+at /);
    expect(await stack.containers()).toEqual([]);
  });

  it('names the other project publishing a port, reports both problems at once, then converges', async () => {
    const otherPort = await freePort();
    const other = project(`services:${service('web', otherPort)}`);
    await other.ok(['up', '-d', '--progress', 'quiet']);
    const held = await holdPort();

    const stack = project(`services:${service('web', held.port)}${service('api', otherPort)}`);
    const failed = await stack.berth(['up', '-d', '--progress', 'quiet']);
    expect(failed.exitCode).toBe(1);
    expect(failed.stderr).not.toMatch(/\n\s+at /);
    const lines = failed.stderr.trimEnd().split('\n');
    expect(lines[0]).toBe('error: cannot start the project: 2 problems');
    expect(lines).toContain(`- host port 127.0.0.1:${String(otherPort)} (service api) is published by container ${other.name}-web-1 of project ${other.name}`);
    expect(lines.some((line) => line.startsWith(`- host port 127.0.0.1:${String(held.port)} (service web) is held by process ${String(process.pid)} (`))).toBe(true);
    expect(await stack.containers()).toEqual([]);

    await held.release();
    await other.ok(['down']);
    await stack.ok(['up', '-d', '--progress', 'quiet']);
    expect(await waitFor('web', () => httpText(`http://127.0.0.1:${String(held.port)}/`))).toBe('web\n');
    expect(await waitFor('api', () => httpText(`http://127.0.0.1:${String(otherPort)}/`))).toBe('api\n');
    // A second up keeps the running containers and their ports: pre-flight has nothing to say.
    await stack.ok(['up', '-d', '--progress', 'quiet']);
  });
});
