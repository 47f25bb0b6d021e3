import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkProject, type CheckContext } from '../../../src/config/check.js';
import { ConfigError } from '../../../src/config/config-error.js';
import type { JsonObject } from '../../../src/config/json.js';
import { parseCompose } from '../../../src/config/parse.js';

/** A normalized project written as YAML, so every value carries its line and column. */
function project(...lines: string[]): JsonObject {
  const [document] = parseCompose(`${lines.join('\n')}\n`, 'compose.yaml');
  if (!document) throw new Error('empty test document');
  return document.data;
}

async function faultOf(root: JsonObject, ctx: CheckContext = { disabledServices: [] }): Promise<ConfigError> {
  try {
    await checkProject(root, ctx);
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

function expectAt(error: ConfigError, line: number, column: number): void {
  expect({ file: error.file, line: error.line, column: error.column }).toEqual({ file: 'compose.yaml', line, column });
}

describe('checkProject', () => {
  it('accepts a sound project and returns no warnings', async () => {
    const root = project(
      'services:',
      '  web:',
      '    image: nginx',
      '    depends_on:',
      '      db: {condition: service_healthy, required: true}',
      '    networks: {front: null}',
      '    volumes:',
      '      - {type: volume, source: data, target: /data}',
      '      - {type: bind, source: /srv, target: /srv}',
      '    secrets: [{source: token, target: /run/secrets/token}]',
      '    configs: [{source: conf, target: /conf}]',
      '    healthcheck: {test: [CMD, curl, -f, http://localhost]}',
      '  db:',
      '    image: postgres',
      '    healthcheck: {test: "pg_isready"}',
      '    container_name: the-db',
      '    scale: 1',
      'networks: {front: {name: p_front}}',
      'volumes: {data: {name: p_data}}',
      'secrets: {token: {name: p_token, file: /run/token}}',
      'configs: {conf: {name: p_conf, file: /run/conf}}',
    );
    await expect(checkProject(root, { disabledServices: [] })).resolves.toEqual([]);
  });

  it('requires an image or a build', async () => {
    const error = await faultOf(project('services:', '  web:', '    command: [echo]'));
    expect(error.message).toBe('compose.yaml:2:3: services.web: service "web" has neither an image nor a build context');
    expectAt(error, 2, 3);
    expect(error.hint).toMatch(/image/);
  });

  it('rejects an undefined network, suggesting the nearest declared one', async () => {
    const error = await faultOf(
      project('services:', '  web:', '    image: nginx', '    networks:', '      fornt: null', 'networks: {front: {}}'),
    );
    expect(error.message).toBe('compose.yaml:5:7: services.web.networks.fornt: service "web" refers to undefined network "fornt"');
    expectAt(error, 5, 7);
    expect(error.hint).toBe('did you mean "front"?');
  });

  it('rejects an undefined named volume, not bind mounts or anonymous volumes', async () => {
    const error = await faultOf(
      project(
        'services:',
        '  web:',
        '    image: nginx',
        '    volumes:',
        '      - {type: bind, source: ./site, target: /site}',
        '      - {type: volume, target: /anon}',
        '      - {type: volume, source: cache, target: /cache}',
      ),
    );
    expect(error.message).toBe('compose.yaml:7:32: services.web.volumes[2].source: service "web" refers to undefined volume "cache"');
    expectAt(error, 7, 32);
  });

  it('rejects an undefined secret', async () => {
    const error = await faultOf(
      project('services:', '  web:', '    image: nginx', '    secrets:', '      - source: tokn', 'secrets: {token: {file: ./t}}'),
    );
    expect(error.message).toBe('compose.yaml:5:17: services.web.secrets[0].source: service "web" refers to undefined secret "tokn"');
    expect(error.hint).toBe('did you mean "token"?');
  });

  it('rejects an undefined config', async () => {
    const error = await faultOf(project('services:', '  web:', '    image: nginx', '    configs:', '      - {source: conf}'));
    expect(error.message).toBe('compose.yaml:5:18: services.web.configs[0].source: service "web" refers to undefined config "conf"');
    expect(error.hint).toBe('declare it under the top-level "configs"');
  });

  it('rejects depends_on on an unknown service with a did-you-mean hint', async () => {
    const error = await faultOf(
      project(
        'services:',
        '  web:',
        '    image: nginx',
        '    depends_on:',
        '      dbb: {condition: service_started, required: false}',
        '  db:',
        '    image: postgres',
      ),
    );
    expect(error.message).toBe('compose.yaml:5:7: services.web.depends_on.dbb: service "web" depends on undefined service "dbb"');
    expect(error.hint).toBe('did you mean "db"?');
  });

  it('rejects a required dependency on a service disabled by profiles', async () => {
    const root = project(
      'services:',
      '  web:',
      '    image: nginx',
      '    depends_on:',
      '      db: {condition: service_started, required: true}',
    );
    const error = await faultOf(root, { disabledServices: ['db'] });
    expect(error.message).toBe(
      'compose.yaml:5:7: services.web.depends_on.db: service "web" depends on "db", which is disabled by profiles',
    );
  });

  it('drops a non-required dependency on a disabled service and warns', async () => {
    const root = project(
      'services:',
      '  web:',
      '    image: nginx',
      '    depends_on:',
      '      db: {condition: service_started, required: false}',
      '      cache: {condition: service_started, required: true}',
      '  cache:',
      '    image: redis',
    );
    const warnings = await checkProject(root, { disabledServices: ['db'] });
    expect(warnings).toEqual([
      'service "web" depends on "db", which is disabled by profiles; the dependency is not required, so it is ignored',
    ]);
    expect(root).toMatchObject({ services: { web: { depends_on: { cache: { required: true } } } } });
    expect(Object.keys((root.services as Record<string, JsonObject>).web?.depends_on as JsonObject)).toEqual(['cache']);
  });

  it('names the whole dependency cycle, from its smallest name', async () => {
    const root = project(
      'services:',
      '  c:',
      '    image: x',
      '    depends_on: {b: {condition: service_started, required: true}}',
      '  b:',
      '    image: x',
      '    depends_on: {a: {condition: service_started, required: true}}',
      '  a:',
      '    image: x',
      '    depends_on: {c: {condition: service_started, required: true}}',
    );
    const error = await faultOf(root);
    expect(error.message).toBe('compose.yaml:10:18: services.a.depends_on.c: dependency cycle detected: a -> c -> b -> a');
    expectAt(error, 10, 18);
  });

  it('rejects a service depending on itself', async () => {
    const error = await faultOf(project('services:', '  a:', '    image: x', '    depends_on:', '      a: {required: true}'));
    expect(error.message).toBe('compose.yaml:5:7: services.a.depends_on.a: dependency cycle detected: a -> a');
  });

  it('rejects container_name with scale above one', async () => {
    const error = await faultOf(project('services:', '  web:', '    image: nginx', '    container_name: web', '    scale: 2'));
    expect(error.message).toBe(
      'compose.yaml:4:21: services.web.container_name: service "web" sets container_name "web" but asks for 2 containers (scale 2); container names must be unique',
    );
    expectAt(error, 4, 21);
  });

  it('rejects container_name with deploy.replicas above one', async () => {
    const error = await faultOf(
      project('services:', '  web:', '    image: nginx', '    deploy: {replicas: 3}', '    container_name: web'),
    );
    expect(error.reason).toMatch(/asks for 3 containers \(deploy\.replicas 3\)/);
    expectAt(error, 5, 21);
  });

  it('rejects scale and deploy.replicas that disagree', async () => {
    const error = await faultOf(project('services:', '  web:', '    image: nginx', '    scale: 2', '    deploy: {replicas: 3}'));
    expect(error.message).toBe('compose.yaml:4:12: services.web.scale: service "web" sets scale 2 but deploy.replicas 3');
  });

  it('rejects network_mode together with networks', async () => {
    const error = await faultOf(
      project('services:', '  web:', '    image: nginx', '    network_mode: host', '    networks: {default: null}', 'networks: {default: {}}'),
    );
    expect(error.message).toBe(
      'compose.yaml:4:19: services.web.network_mode: service "web" sets both network_mode and networks, which exclude each other',
    );
  });

  it('rejects a healthcheck test list that does not start with CMD, CMD-SHELL or NONE', async () => {
    const error = await faultOf(
      project('services:', '  web:', '    image: nginx', '    healthcheck:', '      test: [curl, -f, http://localhost]'),
    );
    expect(error.message).toBe(
      'compose.yaml:5:14: services.web.healthcheck.test[0]: service "web" has a healthcheck test that starts with "curl"; it must start with "CMD", "CMD-SHELL" or "NONE"',
    );
    expect(error.hint).toMatch(/CMD-SHELL/);
  });

  it('rejects an empty healthcheck test list', async () => {
    const error = await faultOf(project('services:', '  web:', '    image: nginx', '    healthcheck:', '      test: []'));
    expect(error.reason).toMatch(/healthcheck test that is empty/);
    expectAt(error, 5, 13);
  });

  it('rejects two mounts on one target, also between volumes and tmpfs', async () => {
    const twice = await faultOf(
      project(
        'services:',
        '  web:',
        '    image: nginx',
        '    volumes:',
        '      - {type: volume, target: /data}',
        '      - {type: bind, source: /srv, target: /data/}',
      ),
    );
    expect(twice.message).toBe(
      'compose.yaml:6:44: services.web.volumes[1].target: service "web" mounts "/data" twice (already mounted by services.web.volumes[0].target)',
    );
    const tmpfs = await faultOf(
      project('services:', '  web:', '    image: nginx', '    volumes: [{type: volume, target: /run}]', '    tmpfs: ["/run:size=64m"]'),
    );
    expect(tmpfs.reason).toMatch(/mounts "\/run" twice/);
    expectAt(tmpfs, 5, 13);
  });

  it('rejects network_mode service:x on a missing or disabled service', async () => {
    const missing = await faultOf(project('services:', '  web:', '    image: nginx', '    network_mode: "service:vpm"', '  vpn:', '    image: x'));
    expect(missing.message).toBe(
      'compose.yaml:4:19: services.web.network_mode: service "web" refers to undefined service "vpm" in network_mode',
    );
    expect(missing.hint).toBe('did you mean "vpn"?');
    const disabled = await faultOf(project('services:', '  web:', '    image: nginx', '    volumes_from: ["vpn:ro"]'), {
      disabledServices: ['vpn'],
    });
    expect(disabled.message).toBe(
      'compose.yaml:4:20: services.web.volumes_from[0]: service "web" refers to "vpn" in volumes_from, which is disabled by profiles',
    );
  });

  describe('build context', () => {
    let dir = '';
    beforeAll(async () => {
      dir = await mkdtemp(path.join(tmpdir(), 'berth-check-'));
      await writeFile(path.join(dir, 'a-file'), '');
    });
    afterAll(async () => {
      await rm(dir, { recursive: true, force: true });
    });

    it('accepts an existing directory and remote contexts', async () => {
      const root = project(
        'services:',
        '  a:',
        `    build: {context: "${dir}"}`,
        '  b:',
        '    build: {context: "https://github.com/acme/app.git#main"}',
        '  c:',
        '    build: {context: "git@github.com:acme/app.git"}',
      );
      await expect(checkProject(root, { disabledServices: [] })).resolves.toEqual([]);
    });

    it('rejects a local context that does not exist', async () => {
      const missing = path.join(dir, 'nope');
      const error = await faultOf(project('services:', '  web:', '    build:', `      context: "${missing}"`));
      expect(error.message).toBe(
        `compose.yaml:4:16: services.web.build.context: service "web" has build context "${missing}", which does not exist`,
      );
    });

    it('rejects a context that is a file, and resolves a relative one against projectDir', async () => {
      const error = await faultOf(project('services:', '  web:', '    build: {context: ./a-file}'), {
        disabledServices: [],
        projectDir: dir,
      });
      expect(error.reason).toBe('service "web" has build context "./a-file", which is not a directory');
      expectAt(error, 3, 22);
    });
  });

  it('reports the first fault of the services in name order', async () => {
    const root = project('services:', '  zed:', '    command: [x]', '  alpha:', '    command: [x]');
    const error = await faultOf(root);
    expect(error.path).toEqual(['services', 'alpha']);
  });
});
