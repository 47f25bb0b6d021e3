import { describe, expect, it } from 'vitest';
import { planUp } from '../../../src/api/up.js';
import { ImageNotFoundError } from '../../../src/engine/engine-errors.js';
import { ExternalResourceNotFoundError, ForeignResourceError } from '../../../src/plan/plan-errors.js';
import { applied, engine, lines, planned, progressOf, projectOptions } from './plan-fixture.js';

const EXTERNAL = `
services:
  app:
    image: busybox:1
    networks: [shared, own]
    volumes: [archive:/archive]
networks:
  shared: { external: true, name: corp-net }
  own: {}
volumes:
  archive: { external: true }
`;

describe('networks and volumes', () => {
  it('never creates an external network or volume, and says clearly when one is missing', async () => {
    const backend = engine();
    await expect(planned(backend, EXTERNAL)).rejects.toThrow(ExternalResourceNotFoundError);
    await expect(planned(backend, EXTERNAL)).rejects.toThrow('network corp-net declared as external, but could not be found');
    await backend.createNetwork({ Name: 'corp-net' });
    await expect(planned(backend, EXTERNAL)).rejects.toThrow('volume archive declared as external, but could not be found');
    await backend.createVolume({ Name: 'archive' });
    expect(await planned(backend, EXTERNAL)).toBe(
      lines('create network demo_own', 'create container demo-app-1', 'start container demo-app-1'),
    );
  });

  it('reuses the networks and volumes it made', async () => {
    const backend = engine();
    const yaml = 'services:\n  app:\n    image: busybox:1\n    volumes: [data:/data]\nvolumes:\n  data: {}\n';
    await applied(backend, yaml);
    await backend.removeContainer('demo-app-1', { force: true });
    expect(await planned(backend, yaml)).toBe(lines('create container demo-app-1', 'start container demo-app-1'));
  });

  it('uses a network of the same name that nobody labelled, with a warning', async () => {
    const backend = engine();
    await backend.createNetwork({ Name: 'demo_default' });
    const warnings: string[] = [];
    const { text } = await planUp(projectOptions(backend, 'services:\n  app:\n    image: busybox:1\n', warnings));
    expect(text).toBe(lines('create container demo-app-1', 'start container demo-app-1'));
    expect(warnings).toEqual([
      'a network named demo_default exists but was not created for project demo; it is used as it is (declare it external: true to say so)',
    ]);
  });

  it("refuses a network of the same name that is another project's", async () => {
    const backend = engine();
    await backend.createNetwork({ Name: 'demo_default', Labels: { 'com.docker.compose.project': 'other', 'com.docker.compose.network': 'default' } });
    await expect(planned(backend, 'services:\n  app:\n    image: busybox:1\n')).rejects.toThrow(ForeignResourceError);
    await expect(planned(backend, 'services:\n  app:\n    image: busybox:1\n')).rejects.toThrow(
      'network demo_default was found but has incorrect label com.docker.compose.project set to "other"',
    );
  });

  it('creates only the networks of the services in scope', async () => {
    const yaml = `
services:
  a:
    image: busybox:1
    networks: [one]
  b:
    image: busybox:1
    networks: [two]
networks:
  one: {}
  two: {}
`;
    expect(await planned(engine(), yaml, { services: ['a'] })).toBe(
      lines('create network demo_one', 'create container demo-a-1', 'start container demo-a-1'),
    );
  });
});

describe('images', () => {
  const PULLED = 'services:\n  app:\n    image: example/app:1\n';

  it('pulls an image that is missing, before creating the containers that use it', async () => {
    const backend = engine();
    backend.registry.set('example/app:1', 'sha256:aaaa');
    const { plan } = await planUp(projectOptions(backend, PULLED));
    expect(plan.nodes.map((node) => node.id + (node.reason === undefined ? '' : ` (${node.reason})`))).toEqual([
      'create network demo_default',
      'pull image example/app:1 (not present locally)',
      'create container demo-app-1',
      'start container demo-app-1',
    ]);
    expect(plan.nodes[2]?.dependsOn).toEqual(['create network demo_default', 'pull image example/app:1']);
    expect(await progressOf(backend, PULLED)).toEqual([
      'Image example/app:1 Pulling',
      'Image example/app:1 Pulling',
      'Image example/app:1 Pulled',
      'Network demo_default Creating',
      'Network demo_default Created',
      'Container demo-app-1 Creating',
      'Container demo-app-1 Created',
      'Container demo-app-1 Starting',
      'Container demo-app-1 Started',
    ]);
    expect(backend.container('demo-app-1').imageId).toBe('sha256:aaaa');
  });

  it('recreates the containers whose image a pull changed', async () => {
    const backend = engine();
    backend.registry.set('example/app:1', 'sha256:aaaa');
    await applied(backend, PULLED);
    backend.registry.set('example/app:1', 'sha256:bbbb');
    backend.clearCalls();
    expect(await applied(backend, PULLED, { pull: 'always' })).toBe(
      lines('pull image example/app:1 (--pull always)', 'recreate container demo-app-1 (image changed: aaaa -> bbbb)', 'start container demo-app-1'),
    );
  });

  it('follows pull_policy, and --pull over it', async () => {
    const backend = engine();
    const always = 'services:\n  app:\n    image: busybox:1\n    pull_policy: always\n';
    backend.registry.set('busybox:1', backend.images.get('busybox:1')?.id ?? '');
    expect(await planned(backend, always)).toContain('pull image busybox:1 (pull_policy: always)');
    expect(await planned(backend, always, { pull: 'missing' })).not.toContain('pull image');
  });

  it('with policy never, a missing image is an ImageNotFoundError with a hint', async () => {
    const never = 'services:\n  app:\n    image: example/app:1\n    pull_policy: never\n';
    await expect(planned(engine(), never)).rejects.toThrow(ImageNotFoundError);
    await expect(planned(engine(), never)).rejects.toThrow(
      'image example/app:1 not found: not present locally, and service "app" has pull_policy: never',
    );
    await expect(planned(engine(), PULLED, { pull: 'never' })).rejects.toThrow('--pull never was given');
  });

  it('pulls first a missing image that a service could also build, and builds nothing when it is present', async () => {
    const yaml = 'services:\n  app:\n    image: example/app:1\n    build: .\n';
    expect(await planned(engine(), yaml)).toContain('pull image example/app:1 (not present locally)');
    const backend = engine();
    backend.addImage('example/app:1');
    expect(await planned(backend, yaml)).toContain('create container demo-app-1');
  });
});
