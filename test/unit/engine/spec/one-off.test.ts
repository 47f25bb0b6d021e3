import { describe, expect, it } from 'vitest';
import { oneOffContainerName } from '../../../../src/engine/spec/container-name.js';
import { oneOffCreateBody, oneOffService, oneOffSlug, type OneOffOverrides } from '../../../../src/engine/spec/one-off.js';
import { project, service, specInput, WEB_LABELS } from './spec-input.js';

const SLUG = '3f9a1c0b7e2d4a6f8b1c3d5e7f9a0b2c4d6e8f0a1b3c5d7e9f1a3b5c7d9e1f3a';
const PLAIN: OneOffOverrides = { ports: [], tty: false, stdinOpen: false };

describe('oneOffSlug', () => {
  it('is 64 random hex digits, whose first 12 end the name', () => {
    const slug = oneOffSlug();
    expect(slug).toMatch(/^[0-9a-f]{64}$/);
    expect(oneOffSlug()).not.toBe(slug);
    expect(oneOffContainerName('shop', 'web', slug)).toBe(`shop-web-run-${slug.slice(0, 12)}`);
  });
});

describe('oneOffService', () => {
  const web = service({
    command: ['serve'],
    environment: { MODE: 'prod', KEEP: 'yes' },
    labels: { team: 'a' },
    ports: [{ mode: 'ingress', target: 80, published: '8080', protocol: 'tcp' }],
    volumes: [{ type: 'volume', source: 'data', target: '/data' }],
    restart: 'always',
    deploy: { replicas: 2, resources: {}, placement: {}, restart_policy: { condition: 'any' } },
    tty: true,
    stdin_open: true,
  });

  it('publishes no ports, keeps no restart policy, and follows the terminal for tty and stdin', () => {
    const changed = oneOffService(web, PLAIN);
    expect(changed.ports).toBeUndefined();
    expect(changed.restart).toBeUndefined();
    expect(changed.deploy).toEqual({ replicas: 2, resources: {}, placement: {} });
    expect(changed.tty).toBeUndefined();
    expect(changed.stdin_open).toBeUndefined();
    expect(changed.command).toEqual(['serve']);
    // The service itself is left as it was.
    expect(web.ports).toHaveLength(1);
    expect(web.restart).toBe('always');
  });

  it('keeps the service ports with -P, or publishes only those of -p', () => {
    expect(oneOffService(web, { ...PLAIN, ports: 'service' }).ports).toEqual(web.ports);
    const published = [{ mode: 'ingress', target: 22, published: '2022', protocol: 'tcp' }];
    expect(oneOffService(web, { ...PLAIN, ports: published }).ports).toEqual(published);
  });

  it('overrides the command, entrypoint, user, working directory, environment and labels', () => {
    const changed = oneOffService(web, {
      ...PLAIN,
      command: ['sh', '-c', 'echo $DEBUG'],
      entrypoint: [],
      user: '1000:1000',
      workingDir: '/app',
      environment: { DEBUG: '1', MODE: 'dev', KEEP: null },
      labels: { team: 'b', extra: '' },
      tty: true,
      stdinOpen: true,
    });
    expect(changed).toMatchObject({
      command: ['sh', '-c', 'echo $DEBUG'],
      entrypoint: [],
      user: '1000:1000',
      working_dir: '/app',
      environment: { MODE: 'dev', KEEP: null, DEBUG: '1' },
      labels: { team: 'b', extra: '' },
      tty: true,
      stdin_open: true,
    });
    expect(oneOffService(web, { ...PLAIN, command: [] }).command).toEqual(['serve']);
  });

  it('adds -v mounts, replacing one at the same target', () => {
    const changed = oneOffService(web, {
      ...PLAIN,
      volumes: [
        { type: 'bind', source: '/host/data', target: '/data', bind: { create_host_path: true } },
        { type: 'volume', target: '/cache' },
      ],
    });
    expect(changed.volumes).toEqual([
      { type: 'bind', source: '/host/data', target: '/data', bind: { create_host_path: true } },
      { type: 'volume', target: '/cache' },
    ]);
  });
});

describe('oneOffCreateBody', () => {
  const web = service({ networks: { default: { aliases: ['www'] } }, ports: [{ mode: 'ingress', target: 80, protocol: 'tcp' }] });
  const name = oneOffContainerName('shop', 'web', SLUG);

  it("carries docker compose's one-off labels: oneoff True, the slug, no container number", () => {
    const body = oneOffCreateBody(specInput(oneOffService(web, PLAIN), { slug: SLUG, name }), { attachStdin: false, autoRemove: false });
    const expected: Record<string, string> = { ...WEB_LABELS, 'com.docker.compose.oneoff': 'True', 'com.docker.compose.slug': SLUG };
    delete expected['com.docker.compose.container-number'];
    expect(body.Labels).toEqual(expected);
    expect(body.HostConfig.PortBindings).toBeUndefined();
    expect(body.HostConfig.AutoRemove).toBeUndefined();
    expect(body.OpenStdin).toBeUndefined();
  });

  it('joins the networks under its own name only, unless --use-aliases', () => {
    const input = specInput(oneOffService(web, PLAIN), { slug: SLUG, name });
    expect(oneOffCreateBody(input, { attachStdin: false, autoRemove: false }).NetworkingConfig?.EndpointsConfig.shop_default?.Aliases).toEqual([name]);
    expect(oneOffCreateBody({ ...input, useNetworkAliases: true }, { attachStdin: false, autoRemove: false }).NetworkingConfig?.EndpointsConfig.shop_default?.Aliases).toEqual([
      name,
      'web',
      'www',
    ]);
  });

  it('opens stdin once for an attached client, with a TTY when asked, and removes itself when detached with --rm', () => {
    const interactive = oneOffService(web, { ...PLAIN, tty: true, stdinOpen: true });
    const attached = oneOffCreateBody(specInput(interactive, { slug: SLUG, name, project: project({ web: interactive }) }), { attachStdin: true, autoRemove: false });
    expect(attached).toMatchObject({ Tty: true, OpenStdin: true, AttachStdin: true, StdinOnce: true });
    const detached = oneOffCreateBody(specInput(interactive, { slug: SLUG, name }), { attachStdin: false, autoRemove: true });
    expect(detached.StdinOnce).toBeUndefined();
    expect(detached.HostConfig.AutoRemove).toBe(true);
  });

  it('is named by the slug when no name is given', () => {
    const body = oneOffCreateBody(specInput(oneOffService(service(), PLAIN), { slug: SLUG }), { attachStdin: false, autoRemove: false });
    expect(body.NetworkingConfig?.EndpointsConfig.shop_default?.Aliases).toEqual(['shop-web-run-3f9a1c0b7e2d']);
  });
});
