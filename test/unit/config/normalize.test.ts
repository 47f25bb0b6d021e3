import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { canonicalize } from '../../../src/config/canonical.js';
import { ConfigError } from '../../../src/config/config-error.js';
import type { Environment } from '../../../src/config/environment.js';
import type { JsonObject } from '../../../src/config/json.js';
import { normalizeProject } from '../../../src/config/normalize.js';
import { parseCompose } from '../../../src/config/parse.js';
import { resolveProjectPaths } from '../../../src/config/paths.js';
import { locate } from '../../../src/config/source-map.js';
import type { ComposeProject } from '../../../src/model/index.js';

let dir = '';

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'berth-normalize-'));
  await writeFile(path.join(dir, 'a.env'), 'FROM_A=a\nSHARED=from-a\nGREETING="hi ${NAME}"\n');
  await writeFile(path.join(dir, 'b.env'), 'SHARED=from-b\nCHAIN=${FROM_A}-b\nINHERITED\nMISSING\n');
  await writeFile(path.join(dir, 'raw.env'), "RAW='kept $AS is'\n# comment\n");
  await writeFile(path.join(dir, 'app.labels'), 'com.example.team=shop\ncom.example.tier=file\n');
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

function environment(values: Record<string, string>): Environment {
  const map = new Map(Object.entries(values));
  return { get: (name) => map.get(name), values: map, origins: new Map(), files: [] };
}

async function normalize(text: string, env: Record<string, string> = {}): Promise<JsonObject> {
  const [document] = parseCompose(text, path.join(dir, 'compose.yaml'));
  if (!document) throw new Error('no document');
  const tree = canonicalize(document.data);
  resolveProjectPaths(tree, dir);
  return normalizeProject(tree, { projectName: 'shop', projectDir: dir, environment: environment(env) });
}

async function service(text: string, env: Record<string, string> = {}): Promise<JsonObject> {
  const project = await normalize(text, env);
  const found = (project.services as Record<string, JsonObject>).web;
  if (!found) throw new Error('no service web');
  return found;
}

describe('normalizeProject', () => {
  it('prints a minimal project the way docker compose does', async () => {
    const project = await normalize('services:\n  web:\n    image: nginx\n');
    expect(project).toEqual({
      name: 'shop',
      services: { web: { command: null, entrypoint: null, image: 'nginx', networks: { default: null } } },
      networks: { default: { name: 'shop_default', ipam: {} } },
    });
    const typed = project as unknown as ComposeProject;
    expect(typed.services.web?.networks).toEqual({ default: null });
  });

  it('sorts services and their keys, and puts name first', async () => {
    const project = await normalize('services:\n  b:\n    image: x\n    environment: {Z: "1", A: "2"}\n  a:\n    image: y\nname: ignored\n');
    expect(Object.keys(project)).toEqual(['name', 'services', 'networks']);
    expect(project.name).toBe('shop');
    const services = project.services as Record<string, JsonObject>;
    expect(Object.keys(services)).toEqual(['a', 'b']);
    expect(Object.keys(services.b ?? {})).toEqual(['command', 'entrypoint', 'environment', 'image', 'networks']);
    expect(Object.keys((services.b?.environment ?? {}) as JsonObject)).toEqual(['A', 'Z']);
  });

  it('defaults ports, in docker compose key order', async () => {
    const web = await service('services:\n  web:\n    ports: ["8080:80", "127.0.0.1::53/udp", {target: "9000", published: 9001, mode: host}]\n');
    expect(web.ports).toEqual([
      { mode: 'ingress', target: 80, published: '8080', protocol: 'tcp' },
      { mode: 'ingress', host_ip: '127.0.0.1', target: 53, protocol: 'udp' },
      { mode: 'host', target: 9000, published: '9001', protocol: 'tcp' },
    ]);
    expect(Object.keys((web.ports as JsonObject[])[0] ?? {})).toEqual(['mode', 'target', 'published', 'protocol']);
  });

  it('resolves bind sources and creates host paths by default', async () => {
    const web = await service(`
services:
  web:
    volumes:
      - ./src:/app:ro
      - data:/data
      - type: bind
        source: ./keep
        target: /keep
        bind: {create_host_path: false}
volumes:
  data:
`);
    expect(web.volumes).toEqual([
      { type: 'bind', source: path.join(dir, 'src'), target: '/app', read_only: true, bind: { create_host_path: true } },
      { type: 'volume', source: 'data', target: '/data', volume: {} },
      { type: 'bind', source: path.join(dir, 'keep'), target: '/keep', bind: { create_host_path: false } },
    ]);
  });

  it('does not invent an undeclared named volume', async () => {
    const project = await normalize('services:\n  web:\n    volumes: ["ghost:/data"]\n');
    expect(project.volumes).toBeUndefined();
  });

  it('defaults build and looks bare build args up', async () => {
    const web = await service('services:\n  web:\n    build:\n      context: ./web\n      args: [VERSION, UNSET, FIXED=1]\n', {
      VERSION: '3',
    });
    expect(web.build).toEqual({
      context: path.join(dir, 'web'),
      dockerfile: 'Dockerfile',
      args: { FIXED: '1', UNSET: null, VERSION: '3' },
    });
    const inline = await service('services:\n  web:\n    build:\n      dockerfile_inline: FROM alpine\n');
    expect(inline.build).toEqual({ context: dir, dockerfile_inline: 'FROM alpine' });
  });

  it('splits string commands into words and keeps lists and empty overrides', async () => {
    const web = await service(`services:\n  web:\n    command: sh -c 'echo "a b"'\n    entrypoint: []\n`);
    expect(web.command).toEqual(['sh', '-c', 'echo "a b"']);
    expect(web.entrypoint).toEqual([]);
    const empty = await service(`services:\n  web:\n    command: ''\n    entrypoint: ["/init"]\n`);
    expect(empty.command).toEqual([]);
    expect(empty.entrypoint).toEqual(['/init']);
  });

  it('reports an unsplittable command where it was written', async () => {
    await expect(service(`services:\n  web:\n    image: a\n    command: echo "oops\n`)).rejects.toMatchObject({
      line: 4,
      reason: expect.stringMatching(/unterminated double quote/) as unknown,
    });
  });

  it('looks bare environment names up, leaving unknown ones null', async () => {
    const web = await service('services:\n  web:\n    environment: [HOME_DIR, NOPE, SET=x]\n', { HOME_DIR: '/home/u' });
    expect(web.environment).toEqual({ HOME_DIR: '/home/u', NOPE: null, SET: 'x' });
  });

  it('reads env_file contents under environment, in order, the service winning', async () => {
    const web = await service(
      `services:
  web:
    env_file: [a.env, b.env, {path: raw.env, format: raw}, {path: none.env, required: false}]
    environment:
      SHARED: mine
      FROM_A:
`,
      { NAME: 'bob', INHERITED: 'from-os' },
    );
    expect(web.env_file).toBeUndefined();
    expect(web.environment).toEqual({
      CHAIN: 'a-b',
      FROM_A: null,
      GREETING: 'hi bob',
      INHERITED: 'from-os',
      RAW: "'kept $AS is'",
      SHARED: 'mine',
    });
  });

  it('reports a missing required env_file at its entry', async () => {
    const text = 'services:\n  web:\n    image: a\n    env_file:\n      - ok.env\n      - missing.env\n';
    await writeFile(path.join(dir, 'ok.env'), 'A=1\n');
    const error = await service(text).then(
      () => undefined,
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).line).toBe(6);
    expect((error as ConfigError).reason).toMatch(/missing\.env not found/);
  });

  it('reads label_file under labels, and prints unset labels as empty strings', async () => {
    const web = await service('services:\n  web:\n    label_file: app.labels\n    labels: [com.example.tier=own, com.example.flag]\n');
    expect(web.label_file).toBeUndefined();
    expect(web.labels).toEqual({ 'com.example.flag': '', 'com.example.team': 'shop', 'com.example.tier': 'own' });
  });

  it('joins the default network only without networks and network_mode', async () => {
    const project = await normalize(`
services:
  web:
    image: a
    networks: [front]
  host:
    image: a
    network_mode: host
networks:
  front:
`);
    const services = project.services as Record<string, JsonObject>;
    expect(services.web?.networks).toEqual({ front: null });
    expect(services.host?.networks).toBeUndefined();
    expect(project.networks).toEqual({ front: { name: 'shop_front', ipam: {} } });
  });

  it('names resources after the project unless named or external', async () => {
    const project = await normalize(`
services:
  web: {image: a}
networks:
  default: {driver: bridge}
  outside: {external: true}
  legacy: {external: {name: real-net}}
volumes:
  data:
  custom: {name: my-data}
  shared: {external: true, name: shared-data}
secrets:
  token: {file: ./token}
  ext: {external: true}
configs:
  conf: {content: "x"}
`);
    expect(project.networks).toEqual({
      default: { name: 'shop_default', driver: 'bridge', ipam: {} },
      legacy: { name: 'real-net', ipam: {}, external: true },
      outside: { name: 'outside', ipam: {}, external: true },
    });
    expect(project.volumes).toEqual({
      custom: { name: 'my-data' },
      data: { name: 'shop_data' },
      shared: { name: 'shared-data', external: true },
    });
    expect(project.secrets).toEqual({
      ext: { name: 'ext', external: true },
      token: { name: 'shop_token', file: path.join(dir, 'token') },
    });
    expect(project.configs).toEqual({ conf: { name: 'shop_conf', content: 'x' } });
  });

  it('defaults depends_on and adds the dependencies links, service: modes and volumes_from imply', async () => {
    const web = await service(`
services:
  web:
    image: a
    depends_on:
      db: {condition: service_healthy, restart: false}
      cache: {required: false}
    links: ["db:database", "search:es"]
    network_mode: service:proxy
    ipc: service:shm
    pid: host
    volumes_from: [files, "logs:ro", "container:other", "db"]
`);
    expect(web.depends_on).toEqual({
      cache: { condition: 'service_started', required: false },
      db: { condition: 'service_healthy', required: true },
      files: { condition: 'service_started', required: true },
      logs: { condition: 'service_started', required: true },
      proxy: { condition: 'service_started', restart: true, required: true },
      search: { condition: 'service_started', restart: true, required: true },
      shm: { condition: 'service_started', restart: true, required: true },
    });
    expect(web.networks).toBeUndefined();
  });

  it('points implied dependencies at what implied them', async () => {
    const project = await normalize('services:\n  web:\n    image: a\n    links:\n      - db\n');
    expect(locate(project, ['services', 'web', 'depends_on', 'db'])?.line).toBe(5);
  });

  it('defaults missing secret and config targets, and keeps written ones as written', async () => {
    const web = await service(`
services:
  web:
    secrets: [token, {source: cert, target: server.crt}, {source: key, target: /etc/key}]
    configs: [nginx, {source: app, target: /etc/app.conf, mode: 0440}, {source: rel, target: rel.conf}]
`);
    expect(web.secrets).toEqual([
      { source: 'token', target: '/run/secrets/token' },
      { source: 'cert', target: 'server.crt' },
      { source: 'key', target: '/etc/key' },
    ]);
    expect(web.configs).toEqual([
      { source: 'nginx', target: '/nginx' },
      { source: 'app', target: '/etc/app.conf', mode: 440 },
      { source: 'rel', target: 'rel.conf' },
    ]);
  });

  it('prints byte sizes as a count of bytes in a string, and cpus as a number', async () => {
    const web = await service(`
services:
  web:
    image: a
    mem_limit: 1gb
    mem_reservation: 1024
    memswap_limit: -1
    shm_size: 64m
    cpus: "1.5"
    build: {context: ., shm_size: 2g}
    volumes:
      - {type: tmpfs, target: /tmp, tmpfs: {size: 1.5k, mode: 1777}}
    blkio_config:
      device_read_bps: [{path: /dev/sda, rate: 12mb}]
      device_write_bps: [{path: /dev/sda, rate: 0}]
      device_read_iops: [{path: /dev/sda, rate: 120}]
`);
    expect(web.mem_limit).toBe('1073741824');
    expect(web.mem_reservation).toBe('1024');
    expect(web.memswap_limit).toBe('-1');
    expect(web.shm_size).toBe('67108864');
    expect(web.cpus).toBe(1.5);
    expect((web.build as JsonObject).shm_size).toBe('2147483648');
    expect(web.volumes).toEqual([{ type: 'tmpfs', target: '/tmp', tmpfs: { size: '1536', mode: 1777 } }]);
    expect(web.blkio_config).toEqual({
      device_read_bps: [{ path: '/dev/sda', rate: '12582912' }],
      device_write_bps: [{ path: '/dev/sda', rate: '0' }],
      device_read_iops: [{ path: '/dev/sda', rate: '120' }],
    });
  });

  it('leaves out zero sizes and cpus, as docker compose does', async () => {
    const web = await service('services:\n  web:\n    image: a\n    shm_size: 0\n    mem_limit: "0b"\n    cpus: 0\n');
    expect(web).not.toHaveProperty('shm_size');
    expect(web).not.toHaveProperty('mem_limit');
    expect(web).not.toHaveProperty('cpus');
  });

  it('always prints deploy resources and placement, with amounts in their printed form', async () => {
    const web = await service(`
services:
  web:
    image: a
    deploy:
      labels: {tier: 1, flag: true}
      resources:
        limits: {cpus: "0.5", memory: 512M, pids: 10}
        reservations:
          cpus: 0.25
          memory: 128M
          devices: [{capabilities: [gpu], options: {level: 3}}]
`);
    expect(web.deploy).toEqual({
      labels: { flag: 'true', tier: '1' },
      resources: {
        limits: { cpus: 0.5, memory: '536870912', pids: 10 },
        reservations: { cpus: 0.25, memory: '134217728', devices: [{ capabilities: ['gpu'], options: { level: '3' } }] },
      },
      placement: {},
    });
    expect(Object.keys(web.deploy as JsonObject)).toEqual(['labels', 'resources', 'placement']);
    const limits = ((web.deploy as JsonObject).resources as JsonObject).limits as JsonObject;
    expect(Object.keys(limits)).toEqual(['cpus', 'memory', 'pids']);
    const bare = await service('services:\n  web:\n    image: a\n    deploy: {replicas: 2}\n');
    expect(bare.deploy).toEqual({ replicas: 2, resources: {}, placement: {} });
    const kept = await service('services:\n  web:\n    image: a\n    deploy: {placement: {constraints: [node.role==worker]}}\n');
    expect(kept.deploy).toEqual({ resources: {}, placement: { constraints: ['node.role==worker'] } });
    const none = await service('services:\n  web:\n    image: a\n    deploy:\n');
    expect(none).not.toHaveProperty('deploy');
  });

  it('prints option and label mappings as text', async () => {
    const project = await normalize(`
services:
  web:
    image: a
    logging: {driver: json-file, options: {max-file: 10, compress: true, tag: null}}
    storage_opt: {size: 20}
    networks:
      back: {driver_opts: {mtu: 1400}}
    volumes:
      - {type: volume, source: data, target: /data, volume: {labels: {copies: 2}}}
networks:
  back:
    driver_opts: {mtu: 1500}
    labels: {rank: 1, note: null}
    ipam: {config: [{subnet: 10.0.0.0/24, aux_addresses: {host1: 10.0.0.5}}]}
volumes:
  data:
    driver_opts: {size: 5}
    labels: {}
`);
    const web = (project.services as Record<string, JsonObject>).web ?? {};
    expect(web.logging).toEqual({ driver: 'json-file', options: { compress: 'true', 'max-file': '10', tag: '' } });
    expect(Object.keys((web.logging as JsonObject).options as JsonObject)).toEqual(['compress', 'max-file', 'tag']);
    expect(web.storage_opt).toEqual({ size: '20' });
    expect(web.networks).toEqual({ back: { driver_opts: { mtu: '1400' } } });
    expect(web.volumes).toEqual([{ type: 'volume', source: 'data', target: '/data', volume: { labels: { copies: '2' } } }]);
    expect(project.networks).toEqual({
      back: {
        name: 'shop_back',
        driver_opts: { mtu: '1500' },
        ipam: { config: [{ subnet: '10.0.0.0/24', aux_addresses: { host1: '10.0.0.5' } }] },
        labels: { note: '', rank: '1' },
      },
    });
    expect(project.volumes).toEqual({ data: { name: 'shop_data', driver_opts: { size: '5' } } });
  });

  it('prints healthchecks, durations and extra hosts as docker compose does', async () => {
    const web = await service(`
services:
  web:
    healthcheck:
      test: curl -f http://localhost
      interval: 90s
      timeout: 10s
      start_period: 1h
      retries: 3
    stop_grace_period: 1m
    extra_hosts: ["b=10.0.0.2", "a=10.0.0.1", "a=::1"]
`);
    expect(web.healthcheck).toEqual({
      test: ['CMD-SHELL', 'curl -f http://localhost'],
      timeout: '10s',
      interval: '1m30s',
      retries: 3,
      start_period: '1h0m0s',
    });
    expect(Object.keys(web.healthcheck as JsonObject)).toEqual(['test', 'timeout', 'interval', 'retries', 'start_period']);
    expect(web.stop_grace_period).toBe('1m0s');
    expect(web.extra_hosts).toEqual(['a=10.0.0.1', 'a=::1', 'b=10.0.0.2']);
  });

  it('omits what docker compose omits: empty collections, false flags, extends, version, include', async () => {
    const project = await normalize(`
version: "3.9"
include: [other.yaml]
services:
  web:
    image: a
    extends: {service: base}
    ports: []
    environment: {}
    privileged: false
    tty: true
    networks: []
`);
    expect(project).toEqual({
      name: 'shop',
      services: {
        web: { command: null, entrypoint: null, image: 'a', networks: { default: null }, tty: true },
      },
      networks: { default: { name: 'shop_default', ipam: {} } },
    });
  });

  it('keeps extensions and positions, and leaves its input untouched', async () => {
    const [document] = parseCompose('x-common: {a: 1}\nservices:\n  web:\n    image: a\n    x-note: hi\n', 'c.yaml');
    if (!document) throw new Error('no document');
    const input = canonicalize(document.data);
    const before = JSON.stringify(input);
    const project = await normalizeProject(input, { projectName: 'p', projectDir: dir, environment: environment({}) });
    expect(JSON.stringify(input)).toBe(before);
    expect(project['x-common']).toEqual({ a: 1 });
    expect((project.services as Record<string, JsonObject>).web?.['x-note']).toBe('hi');
    expect(locate(project, ['services', 'web', 'image'])).toEqual({ file: 'c.yaml', line: 4, column: 12 });
  });
});
