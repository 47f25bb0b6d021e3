import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { canonicalJson, configRecordHash, serviceConfigHash, serviceConfigRecord } from '../../../src/model/config-hash.js';

function service(): Record<string, unknown> {
  return {
    image: 'nginx:1.27',
    command: ['nginx', '-g', 'daemon off;'],
    environment: { B: '2', A: '1' },
    ports: [{ target: 80, published: '8080', protocol: 'tcp', mode: 'ingress' }],
    networks: { default: null },
    deploy: { replicas: 2, resources: { limits: { memory: '1g' } } },
    build: { context: '/app', dockerfile: 'Dockerfile' },
    pull_policy: 'always',
    scale: 2,
    depends_on: { db: { condition: 'service_started', required: true } },
    profiles: ['web'],
  };
}

describe('serviceConfigHash', () => {
  it('is a sha256 hex of the canonical JSON', () => {
    const expected = createHash('sha256').update('{"image":"x"}').digest('hex');
    expect(serviceConfigHash({ image: 'x' })).toBe(expected);
    expect(serviceConfigHash(service())).toMatch(/^[0-9a-f]{64}$/);
  });

  it('does not depend on key order, at any depth', () => {
    const reordered = Object.fromEntries(Object.entries(service()).reverse());
    reordered.environment = { A: '1', B: '2' };
    expect(serviceConfigHash(reordered)).toBe(serviceConfigHash(service()));
  });

  it('ignores build, pull_policy, scale, deploy.replicas, depends_on and profiles', () => {
    const base = serviceConfigHash(service());
    const changed = {
      ...service(),
      build: { context: '/other' },
      pull_policy: 'never',
      scale: 5,
      deploy: { replicas: 5, resources: { limits: { memory: '1g' } } },
      depends_on: {},
      profiles: ['other'],
    };
    expect(serviceConfigHash(changed)).toBe(base);
    const without = Object.fromEntries(
      Object.entries(service()).filter(([key]) => !['build', 'pull_policy', 'scale', 'depends_on', 'profiles'].includes(key)),
    );
    expect(serviceConfigHash({ ...without, deploy: { resources: { limits: { memory: '1g' } } } })).toBe(base);
  });

  it('treats a deploy block holding only replicas like none', () => {
    expect(serviceConfigHash({ image: 'x', deploy: { replicas: 3 } })).toBe(serviceConfigHash({ image: 'x' }));
    const printed = { image: 'x', deploy: { replicas: 3, resources: {}, placement: {} } };
    expect(serviceConfigHash(printed)).toBe(serviceConfigHash({ image: 'x' }));
    const placed = { image: 'x', deploy: { replicas: 3, resources: {}, placement: { constraints: ['a'] } } };
    expect(serviceConfigHash(placed)).not.toBe(serviceConfigHash({ image: 'x' }));
  });

  it('changes with any other field', () => {
    const base = serviceConfigHash(service());
    const variants: Record<string, unknown>[] = [
      { ...service(), image: 'nginx:1.28' },
      { ...service(), command: ['nginx'] },
      { ...service(), environment: { A: '1', B: '3' } },
      { ...service(), ports: [{ target: 81, published: '8080', protocol: 'tcp', mode: 'ingress' }] },
      { ...service(), deploy: { replicas: 2, resources: { limits: { memory: '2g' } } } },
      { ...service(), labels: { a: 'b' } },
      { ...service(), networks: { default: null, back: null } },
    ];
    for (const variant of variants) expect(serviceConfigHash(variant)).not.toBe(base);
  });

  it('keeps array order significant', () => {
    expect(serviceConfigHash({ command: ['a', 'b'] })).not.toBe(serviceConfigHash({ command: ['b', 'a'] }));
  });

  it('does not modify its input', () => {
    const input = service();
    serviceConfigHash(input);
    expect(input).toEqual(service());
  });

  it('is the hash of the record, which holds the hashed fields only', () => {
    const record = serviceConfigRecord(service());
    expect(configRecordHash(record)).toBe(serviceConfigHash(service()));
    expect(Object.keys(JSON.parse(record) as object)).toEqual(['command', 'deploy', 'environment', 'image', 'networks', 'ports']);
  });
});

describe('canonicalJson', () => {
  it('sorts every key by code point, integer-like ones included', () => {
    expect(canonicalJson({ b: 1, 10: 'x', 9: 'y', a: { d: [3, { z: 1, y: 2 }], c: null } })).toBe(
      '{"10":"x","9":"y","a":{"c":null,"d":[3,{"y":2,"z":1}]},"b":1}',
    );
  });

  it('leaves out undefined members and writes them as null in arrays', () => {
    expect(canonicalJson({ a: undefined, b: [undefined] })).toBe('{"b":[null]}');
  });
});
