import { describe, expect, it } from 'vitest';
import { serviceConfigRecord } from '../../../src/model/config-hash.js';
import { configDifferences } from '../../../src/plan/config-diff.js';

describe('configDifferences', () => {
  it('is empty for equal configurations, whatever their key order', () => {
    expect(configDifferences({ a: 1, b: { c: [1, 2] } }, { b: { c: [1, 2] }, a: 1 })).toEqual([]);
  });

  it('a changed scalar: its path, old and new value', () => {
    expect(configDifferences({ environment: { GREETING: 'hello' } }, { environment: { GREETING: 'changed' } })).toEqual([
      'environment.GREETING "hello" -> "changed"',
    ]);
    expect(configDifferences({ init: true, stop_signal: null }, { init: false, stop_signal: 'SIGINT' })).toEqual([
      'init true -> false',
      'stop_signal null -> "SIGINT"',
    ]);
  });

  it('a key added or removed', () => {
    expect(configDifferences({ environment: { A: '1' }, labels: { x: 'y' } }, { environment: { A: '1', DEBUG: '1' }, labels: {} })).toEqual([
      'environment.DEBUG added "1"',
      'labels.x removed',
    ]);
  });

  it('a whole section added or removed is told by its fields', () => {
    expect(configDifferences({ image: 'x' }, { image: 'x', environment: { DEBUG: '1', MODE: 'dev' } })).toEqual([
      'environment.DEBUG added "1"',
      'environment.MODE added "dev"',
    ]);
    expect(configDifferences({ image: 'x', environment: { DEBUG: '1' } }, { image: 'x' })).toEqual(['environment.DEBUG removed']);
    expect(configDifferences({ image: 'x', tmpfs: [] }, { image: 'x' })).toEqual(['tmpfs removed']);
    expect(configDifferences({}, { command: ['a'] })).toEqual(['command added ["a"]']);
  });

  it('a list of plain values, whole', () => {
    expect(configDifferences({ command: ['a'] }, { command: ['b'] })).toEqual(['command ["a"] -> ["b"]']);
    expect(configDifferences({ command: ['a'] }, { command: ['a', 'b'] })).toEqual(['command ["a"] -> ["a","b"]']);
    expect(configDifferences({ command: null }, { command: ['a'] })).toEqual(['command null -> ["a"]']);
  });

  it('a list of objects, item by item, then the items one list has beyond the other', () => {
    const port = (published: string): Record<string, unknown> => ({ mode: 'ingress', target: 80, published, protocol: 'tcp' });
    expect(configDifferences({ ports: [port('8080')] }, { ports: [port('8081')] })).toEqual(['ports[0].published "8080" -> "8081"']);
    expect(configDifferences({ ports: [port('8080')] }, { ports: [port('8080'), port('9090')] })).toEqual([
      'ports[1] added {"mode":"ingress","protocol":"tcp","p...',
    ]);
    expect(configDifferences({ ports: [port('8080'), port('9090')] }, { ports: [port('8080')] })).toEqual(['ports[1] removed']);
  });

  it('nested objects, to the field', () => {
    expect(
      configDifferences(
        { deploy: { resources: { limits: { memory: '1g' } } }, healthcheck: { test: ['CMD', 'true'], interval: '5s' } },
        { deploy: { resources: { limits: { memory: '2g', cpus: '0.5' } } }, healthcheck: { test: ['CMD', 'false'], interval: '5s' } },
      ),
    ).toEqual([
      'deploy.resources.limits.cpus added "0.5"',
      'deploy.resources.limits.memory "1g" -> "2g"',
      'healthcheck.test ["CMD","true"] -> ["CMD","false"]',
    ]);
  });

  it('a type change is one line, old value to new', () => {
    expect(configDifferences({ networks: { front: null } }, { networks: { front: { aliases: ['web'] } } })).toEqual([
      'networks.front null -> {"aliases":["web"]}',
    ]);
  });

  it('quotes keys that would not read as one step of a path', () => {
    expect(configDifferences({ labels: { 'com.example.role': 'front' } }, { labels: { 'com.example.role': 'back' } })).toEqual([
      'labels["com.example.role"] "front" -> "back"',
    ]);
  });

  it('cuts long values short', () => {
    const long = 'x'.repeat(100);
    const [line = ''] = configDifferences({ environment: { KEY: long } }, { environment: { KEY: 'short' } });
    expect(line).toBe(`environment.KEY "${'x'.repeat(36)}... -> "short"`);
  });

  it('reads the records the config hash is made of: the ignored fields never show', () => {
    const before = JSON.parse(serviceConfigRecord({ image: 'x', scale: 1, environment: { A: '1' } })) as unknown;
    const after = JSON.parse(serviceConfigRecord({ image: 'x', scale: 3, environment: { A: '2' } })) as unknown;
    expect(configDifferences(before, after)).toEqual(['environment.A "1" -> "2"']);
  });
});

describe('configDifferences and secrets', () => {
  it('does not print the values of keys named like secrets', () => {
    const before = { environment: { DB_PASSWORD: 'old-secret', API_TOKEN: 'a', MODE: 'dev' } };
    const after = { environment: { DB_PASSWORD: 'new-secret', API_TOKEN: 'a', MODE: 'prod', GITHUB_AUTH: 'x' } };
    const lines = configDifferences(before, after);
    expect(lines).toEqual([
      'environment.DB_PASSWORD changed (value hidden)',
      'environment.GITHUB_AUTH added (value hidden)',
      'environment.MODE "dev" -> "prod"',
    ]);
    expect(lines.join('\n')).not.toContain('secret');
  });

  it('does not print values that hold a password or a key, whatever their names', () => {
    const before = {
      environment: { DATABASE_URL: 'postgres://app:old-pw@db/app', PLAIN_URL: 'http://db/app' },
      command: ['serve', '--db', 'mysql://root:old-pw@db'],
    };
    const after = {
      environment: { DATABASE_URL: 'postgres://app:new-pw@db/app', PLAIN_URL: 'http://db:8080/app', TLS: '-----BEGIN PRIVATE KEY-----\nMIIE' },
      command: ['serve', '--db', 'mysql://root:new-pw@db'],
    };
    const lines = configDifferences(before, after);
    expect(lines).toEqual([
      'command changed (value hidden)',
      'environment.DATABASE_URL changed (value hidden)',
      'environment.PLAIN_URL "http://db/app" -> "http://db:8080/app"',
      'environment.TLS added (value hidden)',
    ]);
    expect(lines.join('\n')).not.toContain('-pw');
  });
});
