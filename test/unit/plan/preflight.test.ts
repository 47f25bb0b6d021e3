import { describe, expect, it } from 'vitest';
import { up } from '../../../src/api/up.js';
import type { ContainerSummary } from '../../../src/engine/backend.js';
import { PROJECT_LABEL } from '../../../src/engine/labels.js';
import { portAgainstContainers, portAgainstProcess, type WantedPort } from '../../../src/plan/preflight/ports.js';
import { PreflightError, preflightMessage } from '../../../src/plan/preflight/preflight-error.js';
import { unsetVariables } from '../../../src/plan/preflight/preflight.js';
import { engine, projectOptions } from './plan-fixture.js';

const web: WantedPort = { service: 'web', container: 'demo-web-1', protocol: 'tcp', ip: '127.0.0.1', port: 8080 };

function container(name: string, project: string | undefined, port: number, id = name): ContainerSummary {
  return {
    id, name, image: 'busybox', imageId: 'sha256:1', labels: project === undefined ? {} : { [PROJECT_LABEL]: project },
    state: 'running', status: 'Up', created: 0, ports: [{ privatePort: 80, publicPort: port, ip: '0.0.0.0', type: 'tcp' }], networks: {}, mounts: [],
  };
}

describe('pre-flight wording', () => {
  it('names the container and project that publish a port, and lets one the plan replaces go', () => {
    expect(portAgainstContainers(web, [container('other-web-1', 'other', 8080)], 'demo', new Set())).toEqual({
      held: 'problem',
      problem: { kind: 'port', text: 'host port 127.0.0.1:8080 (service web) is published by container other-web-1 of project other' },
    });
    expect(portAgainstContainers(web, [container('stray', undefined, 8080)], 'demo', new Set()).held).toBe('problem');
    expect(portAgainstContainers(web, [container('demo-web-1', 'demo', 8080, 'old')], 'demo', new Set(['old']))).toEqual({ held: 'freed' });
    expect(portAgainstContainers(web, [container('other-web-1', 'other', 9090)], 'demo', new Set())).toEqual({ held: 'no' });
  });

  it('names the process that holds a port, and leaves the engine proxy to the containers', () => {
    expect(portAgainstProcess({ ...web, ip: '' }, { pid: 1234, command: 'python3 -m http.server' })?.text).toBe(
      'host port 8080 (service web) is held by process 1234 (python3 -m http.server)',
    );
    expect(portAgainstProcess(web, {})?.text).toBe('host port 127.0.0.1:8080 (service web) is held by another process');
    expect(portAgainstProcess(web, { pid: 7, command: '/usr/bin/docker-proxy -proto tcp' })).toBeUndefined();
    expect(portAgainstProcess(web, undefined)).toBeUndefined();
  });

  it('puts one problem on one line, several one a line under a count, with unset variables as notes', () => {
    const port = { kind: 'port' as const, text: 'host port 8080 (service web) is held by process 1' };
    const name = { kind: 'name' as const, text: 'container name "db" (service db) is taken by a container outside any project' };
    expect(preflightMessage([port], [])).toBe('cannot start the project: host port 8080 (service web) is held by process 1');
    expect(preflightMessage([port, name], ['DB_PASSWORD'])).toBe(
      [
        'cannot start the project: 2 problems',
        '- host port 8080 (service web) is held by process 1',
        '- container name "db" (service db) is taken by a container outside any project',
        '- note: variable DB_PASSWORD is used but not set (it was replaced by a blank string)',
      ].join('\n'),
    );
    expect(unsetVariables(['The "DB_PASSWORD" variable is not set. Defaulting to a blank string.', 'other'])).toEqual(['DB_PASSWORD']);
  });
});

describe('pre-flight in up', () => {
  it('reports a taken name and an image it may not pull at once, and changes nothing', async () => {
    const backend = engine();
    backend.addImage('busybox:1');
    await backend.createContainer('db', { Image: 'busybox:1', HostConfig: {} });
    backend.clearCalls();
    const yaml = `
services:
  db:
    image: busybox:1
    container_name: db
  app:
    image: example/missing:1
    pull_policy: never
    environment: { PASSWORD: "\${DB_PASSWORD}" }
`;
    const error = await up(projectOptions(backend, yaml)).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(PreflightError);
    expect((error as PreflightError).message).toBe(
      [
        'cannot start the project: 2 problems',
        '- container name "db" (service db) is taken by a container outside any project',
        '- image example/missing:1 (service app) is not present and cannot be pulled or built (pull_policy: never)',
        '- note: variable DB_PASSWORD is used but not set (it was replaced by a blank string)',
      ].join('\n'),
    );
    expect(backend.calls).toEqual([]);
  });

  it('lets a project that has no problem through', async () => {
    const backend = engine();
    backend.addImage('busybox:1');
    await up(projectOptions(backend, 'services:\n  web:\n    image: busybox:1\n'));
    expect(backend.containerNames()).toEqual(['demo-web-1']);
  });
});
