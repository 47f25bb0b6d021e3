import { afterEach, describe, expect, it } from 'vitest';
import { httpText, projectResources, waitFor } from '../support/index.js';
import { BUSYBOX, E2eProject } from './e2e-project.js';

/**
 * web serves a page it writes itself; api and db are plain long-running containers; api depends on
 * db with restart: true. Every container runs under init, so a stop takes no grace period.
 */
const STACK = `
services:
  db:
    image: ${BUSYBOX}
    init: true
    command: ["sleep", "3600"]
    networks:
      back:
        aliases: [database]
  api:
    image: ${BUSYBOX}
    init: true
    command: ["sleep", "3600"]
    environment: { MODE: one }
    networks: [back, default]
    depends_on:
      db: { condition: service_started, restart: true }
  web:
    image: ${BUSYBOX}
    init: true
    command: ["sh", "-c", "mkdir -p /www && echo hello from web > /www/index.html && exec httpd -f -p 80 -h /www"]
    ports: ["127.0.0.1::80"]
    depends_on: [api]
networks:
  back: {}
`;

let project: E2eProject | undefined;
afterEach(async () => {
  await project?.cleanup();
  project = undefined;
});

describe('up and down of a three-service stack', () => {
  it('up must create the networks and start every container; down must remove them all', async () => {
    project = new E2eProject('stack-updown', STACK);
    const stack = await project.up();
    const names = [`${project.name}-api-1`, `${project.name}-db-1`, `${project.name}-web-1`];
    expect((await stack.containers()).map((container) => [container.name, container.state])).toEqual(names.map((name) => [name, 'running']));
    expect((await projectResources(project.name)).networks.sort()).toEqual([`${project.name}_back`, `${project.name}_default`]);
    expect(project.progress).toContain(`Container ${project.name}-web-1 Started`);

    const result = await stack.down();
    expect(result.text).toContain(`remove network ${project.name}_back`);
    expect(await projectResources(project.name)).toEqual({ containers: [], networks: [], volumes: [] });
  });

  it('containers must resolve each other by service name and by alias', async () => {
    project = new E2eProject('stack-dns', STACK);
    const stack = await project.up();
    const byName = await stack.exec('api', ['nslookup', 'db']);
    expect(byName.exitCode, byName.stdout + byName.stderr).toBe(0);
    const byAlias = await stack.exec('api', ['nslookup', 'database']);
    expect(byAlias.exitCode, byAlias.stdout + byAlias.stderr).toBe(0);
    const page = await stack.exec('api', ['wget', '-q', '-O', '-', 'http://web/']);
    expect(page.stdout).toBe('hello from web\n');
  });

  it('a published port must answer on 127.0.0.1', async () => {
    project = new E2eProject('stack-port', STACK);
    const stack = await project.up();
    const { host, port } = await stack.port('web', 80);
    expect(host).toBe('127.0.0.1');
    expect(await waitFor('the web page', () => httpText(`http://${host}:${port}/`))).toBe('hello from web\n');
  });

  it('a second up must change nothing: empty plan, same container ids', async () => {
    project = new E2eProject('stack-noop', STACK);
    await project.up();
    const before = await project.containerIds();
    const again = await project.up();
    expect(again.planText).toBe('');
    expect(await project.containerIds()).toEqual(before);
  });

  it('an edited service must be recreated alone, and its restart: true dependent restarted', async () => {
    project = new E2eProject('stack-edit', STACK);
    await project.up();
    const before = await project.containerIds();
    const apiStarted = await project.inspect(`${project.name}-api-1`, '{{.State.StartedAt}}');
    project.write(STACK.replace('command: ["sleep", "3600"]\n    networks:\n      back:', 'command: ["sleep", "3601"]\n    networks:\n      back:'));
    const stack = await project.up();
    expect(stack.planText).toBe(
      [
        `stop container ${project.name}-api-1 (restart: db recreated)`,
        `recreate container ${project.name}-db-1 (command ["sleep","3600"] -> ["sleep","3601"])`,
        `start container ${project.name}-db-1`,
        `start container ${project.name}-api-1 (restart)`,
      ].join('\n'),
    );
    const after = await project.containerIds();
    expect(after[`${project.name}-db-1`]).not.toBe(before[`${project.name}-db-1`]);
    expect(after[`${project.name}-api-1`]).toBe(before[`${project.name}-api-1`]);
    expect(after[`${project.name}-web-1`]).toBe(before[`${project.name}-web-1`]);
    expect(await project.inspect(`${project.name}-api-1`, '{{.State.StartedAt}}')).not.toBe(apiStarted);
    expect(await project.inspect(`${project.name}-db-1`, '{{.State.Running}}')).toBe('true');
    expect(await project.plan()).toBe('');
  });
});
