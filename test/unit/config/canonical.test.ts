import { describe, expect, it } from 'vitest';
import { canonicalize } from '../../../src/config/canonical.js';
import { ConfigError } from '../../../src/config/config-error.js';
import type { JsonObject } from '../../../src/config/json.js';
import { parseCompose } from '../../../src/config/parse.js';
import { locate, mergeTagOf } from '../../../src/config/source-map.js';

function parse(text: string): JsonObject {
  const [document] = parseCompose(text, 'compose.yaml');
  if (!document) throw new Error('no document');
  return document.data;
}

function canonicalService(text: string): JsonObject {
  const tree = canonicalize(parse(text));
  const services = tree.services as Record<string, JsonObject>;
  const web = services.web;
  if (!web) throw new Error('no service web');
  return web;
}

const FULL = `
name: shop
include:
  - ./common.yaml
  - path: [a.yaml, b.yaml]
    env_file: a.env
services:
  web:
    build: ./web
    extends: base
    ports:
      - 80
      - "8080:80"
      - "127.0.0.1:3000-3001:3000-3001/udp"
      - target: "443"
        published: 8443
    expose: [3000, "4000-4001/udp"]
    volumes:
      - ./src:/app:ro
      - data:/data
      - /cache
      - type: tmpfs
        target: /tmp
    environment:
      - A=1
      - B
      - C=
    labels:
      com.example.n: 1
      com.example.flag: true
    extra_hosts:
      - "db=10.0.0.2"
      - "db:10.0.0.3"
      - "v6=[::1]"
    env_file: .env.web
    label_file: web.labels
    depends_on: [db]
    networks: [front, back]
    secrets: [token, {source: cert, target: server.crt}]
    configs: [nginx]
    devices: ["/dev/sda:/dev/xvda:rwm"]
    dns: 8.8.8.8
    tmpfs: /run
    cap_add: [NET_ADMIN]
    sysctls: ["net.core.somaxconn=1024"]
    command: npm start
    healthcheck:
      test: curl -f http://localhost
  db:
    image: postgres
    build:
      context: .
      args: [VERSION=16, DEBUG]
      extra_hosts: {mirror: 10.0.0.9}
    depends_on:
      cache:
        condition: service_healthy
        required: "false"
networks:
  front:
  back: {driver: bridge, labels: [tier=back]}
volumes:
  data:
secrets:
  token: {file: ./token.txt}
`;

describe('canonicalize', () => {
  it('rewrites every short syntax of a full document into the long syntax', () => {
    const tree = canonicalize(parse(FULL));
    expect(tree).toEqual({
      name: 'shop',
      include: [{ path: ['./common.yaml'] }, { path: ['a.yaml', 'b.yaml'], env_file: ['a.env'] }],
      services: {
        web: {
          build: { context: './web' },
          extends: { service: 'base' },
          ports: [
            { target: 80 },
            { target: 80, published: '8080' },
            { target: 3000, published: '3000', host_ip: '127.0.0.1', protocol: 'udp' },
            { target: 3001, published: '3001', host_ip: '127.0.0.1', protocol: 'udp' },
            { target: 443, published: '8443' },
          ],
          expose: ['3000', '4000-4001/udp'],
          volumes: [
            { type: 'bind', source: './src', target: '/app', read_only: true, bind: { create_host_path: true } },
            { type: 'volume', source: 'data', target: '/data', volume: {} },
            { type: 'volume', target: '/cache', volume: {} },
            { type: 'tmpfs', target: '/tmp' },
          ],
          environment: { A: '1', B: null, C: '' },
          labels: { 'com.example.n': '1', 'com.example.flag': 'true' },
          extra_hosts: { db: ['10.0.0.2', '10.0.0.3'], v6: ['::1'] },
          env_file: [{ path: '.env.web', required: true }],
          label_file: ['web.labels'],
          depends_on: { db: { condition: 'service_started', required: true } },
          networks: { front: null, back: null },
          secrets: [{ source: 'token' }, { source: 'cert', target: 'server.crt' }],
          configs: [{ source: 'nginx' }],
          devices: [{ source: '/dev/sda', target: '/dev/xvda', permissions: 'rwm' }],
          dns: ['8.8.8.8'],
          tmpfs: ['/run'],
          cap_add: ['NET_ADMIN'],
          sysctls: { 'net.core.somaxconn': '1024' },
          command: 'npm start',
          healthcheck: { test: 'curl -f http://localhost' },
        },
        db: {
          image: 'postgres',
          build: { context: '.', args: { VERSION: '16', DEBUG: null }, extra_hosts: { mirror: ['10.0.0.9'] } },
          depends_on: { cache: { condition: 'service_healthy', required: false } },
        },
      },
      networks: { front: {}, back: { driver: 'bridge', labels: { tier: 'back' } } },
      volumes: { data: {} },
      secrets: { token: { file: './token.txt' } },
    });
  });

  it('leaves its input untouched', () => {
    const input = parse(FULL);
    const before = JSON.stringify(input);
    canonicalize(input);
    expect(JSON.stringify(input)).toBe(before);
  });

  it('keeps where each value was written, also for values it rewrote', () => {
    const tree = canonicalize(parse(FULL));
    const at = (...path: (string | number)[]): number | undefined => locate(tree, path)?.line;
    expect(at('services', 'web', 'ports', 1)).toBe(13);
    // Both ports of a range point at the range.
    expect(at('services', 'web', 'ports', 2, 'published')).toBe(14);
    expect(at('services', 'web', 'ports', 3)).toBe(14);
    expect(at('services', 'web', 'ports', 4, 'target')).toBe(15);
    expect(at('services', 'web', 'volumes', 1, 'source')).toBe(20);
    expect(at('services', 'web', 'environment', 'B')).toBe(26);
    expect(at('services', 'web', 'extra_hosts', 'v6')).toBe(34);
    expect(at('services', 'web', 'networks', 'back')).toBe(38);
    expect(at('services', 'web', 'depends_on', 'db', 'condition')).toBe(37);
    expect(at('services', 'web', 'build', 'context')).toBe(9);
    expect(at('services', 'web', 'dns', 0)).toBe(42);
  });

  it('carries merge tags', () => {
    const tree = canonicalize(parse('services:\n  web:\n    image: a\n    ports: !reset []\n    environment: !override\n      - A=1\n'));
    const web = (tree.services as Record<string, JsonObject>).web ?? {};
    expect(mergeTagOf(web, 'ports')).toBe('reset');
    expect(mergeTagOf(web, 'environment')).toBe('override');
    expect(web.environment).toEqual({ A: '1' });
  });

  it('keeps the long forms as written, with numbers made the expected type', () => {
    const web = canonicalService(`
services:
  web:
    ports:
      - {target: 80, published: "8000-8010", host_ip: "[::1]", mode: host, protocol: udp, name: http}
    volumes:
      - {type: bind, source: ./x, target: /x, read_only: "yes", bind: {create_host_path: false}}
    env_file:
      - {path: a.env, required: "false", format: raw}
      - b.env
    extra_hosts: {a: "1.2.3.4", b: ["[::2]", "10.0.0.1"]}
    depends_on:
      db: {condition: service_healthy, restart: "true"}
`);
    expect(web.ports).toEqual([
      { target: 80, published: '8000-8010', host_ip: '::1', mode: 'host', protocol: 'udp', name: 'http' },
    ]);
    expect(web.volumes).toEqual([
      { type: 'bind', source: './x', target: '/x', read_only: true, bind: { create_host_path: false } },
    ]);
    expect(web.env_file).toEqual([
      { path: 'a.env', required: false, format: 'raw' },
      { path: 'b.env', required: true },
    ]);
    expect(web.extra_hosts).toEqual({ a: ['1.2.3.4'], b: ['::2', '10.0.0.1'] });
    expect(web.depends_on).toEqual({ db: { condition: 'service_healthy', restart: true } });
  });

  it('leaves a value of an unexpected type as it is', () => {
    const web = canonicalService('services:\n  web:\n    ports: 80\n    environment: 3\n    volumes: [[1]]\n    depends_on: 7\n');
    expect(web).toEqual({ ports: 80, environment: 3, volumes: [[1]], depends_on: 7 });
  });

  it.each([
    ['ports', '    ports: ["80:80:80:80/tcpx"]', 4, /unknown protocol/],
    ['ports', '    ports:\n      - "8080:80"\n      - "70000:80"', 6, /between 0 and 65535/],
    ['volumes', '    volumes: ["a:b:c:d"]', 4, /too many colons/],
    ['extra_hosts', '    extra_hosts: [nohost]', 4, /expected HOST=IP/],
    ['devices', '    devices: ["/a:/b:q"]', 4, /permissions/],
    ['environment', '    environment: ["=x"]', 4, /no name/],
  ])('reports a malformed %s entry where it was written', (_key, lines, line, message) => {
    const text = `services:\n  web:\n    image: a\n${lines}\n`;
    let caught: unknown;
    try {
      canonicalize(parse(text));
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ConfigError);
    const error = caught as ConfigError;
    expect(error.file).toBe('compose.yaml');
    expect(error.line).toBe(line);
    expect(error.reason).toMatch(message);
  });
});
