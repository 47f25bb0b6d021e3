import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../../src/config/config-error.js';
import { parseCompose } from '../../../src/config/parse.js';
import { locate, mergeTagOf, positionOf } from '../../../src/config/source-map.js';

describe('parseCompose', () => {
  it('keeps the line and column of every value', () => {
    const [doc] = parseCompose('services:\n  web:\n    image: nginx\n    ports:\n      - "80:80"\n', 'c.yaml');
    expect(doc?.data).toEqual({ services: { web: { image: 'nginx', ports: ['80:80'] } } });
    expect(locate(doc?.data ?? null, ['services', 'web', 'image'])).toEqual({ file: 'c.yaml', line: 3, column: 12 });
    expect(locate(doc?.data ?? null, ['services', 'web', 'ports', 0])).toEqual({ file: 'c.yaml', line: 5, column: 9 });
    expect(locate(doc?.data ?? null, ['services', 'web', 'ports', '80'])).toEqual({ file: 'c.yaml', line: 5, column: 9 });
  });

  it('expands aliases into independent copies and applies merge keys', () => {
    const text = [
      'x-base: &base',
      '  image: busybox',
      '  environment: {A: "1"}',
      'services:',
      '  a:',
      '    <<: *base',
      '    image: alpine',
      '  b: *base',
    ].join('\n');
    const [doc] = parseCompose(text, 'c.yaml');
    const services = doc?.data.services as Record<string, Record<string, unknown>>;
    expect(services.a).toEqual({ image: 'alpine', environment: { A: '1' } });
    expect(services.b).toEqual({ image: 'busybox', environment: { A: '1' } });
    expect(services.a?.environment).not.toBe(services.b?.environment);
  });

  it('records !reset and !override', () => {
    const [doc] = parseCompose('services:\n  a:\n    ports: !reset []\n    environment: !override {A: b}\n', 'c.yaml');
    const a = (doc?.data.services as Record<string, Record<string, never>>).a ?? {};
    expect(mergeTagOf(a, 'ports')).toBe('reset');
    expect(mergeTagOf(a, 'environment')).toBe('override');
    expect(positionOf(a, 'ports')).toMatchObject({ line: 3 });
  });

  it('returns one document per YAML document', () => {
    expect(parseCompose('a: 1\n---\nb: 2\n', 'c.yaml').map((d) => d.data)).toEqual([{ a: 1 }, { b: 2 }]);
  });

  it('rejects duplicate keys naming both lines', () => {
    expect(() => parseCompose('services:\n  a: {}\n  a: {}\n', 'c.yaml')).toThrowError(
      'c.yaml:3:3: duplicate key "a" (first defined at line 2, column 3)',
    );
  });

  it('reports bad YAML with file, line and column', () => {
    try {
      parseCompose('services:\n  web:\n    image: "nginx\n', 'bad.yaml');
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      const e = error as ConfigError;
      expect(e.file).toBe('bad.yaml');
      expect(e.line).toBe(4);
      expect(e.message).toMatch(/^bad\.yaml:4:1: invalid YAML: Missing closing "quote/);
    }
  });

  it('rejects a top level that is not a mapping', () => {
    expect(() => parseCompose('- a\n', 'c.yaml')).toThrowError('c.yaml:1:1: the top level of a compose file must be a mapping');
  });

  it('reads keys as strings', () => {
    expect(parseCompose('8080: x\ntrue: y\n', 'c.yaml')[0]?.data).toEqual({ '8080': 'x', true: 'y' });
  });
});

describe('parseCompose tagged scalars', () => {
  it('keeps the type of a plain scalar behind !override or !reset', () => {
    const [doc] = parseCompose('a: !override null\nb: !override 3\nc: !reset true\nd: !override "null"\n', 'c.yaml');
    expect(doc?.data).toEqual({ a: null, b: 3, c: true, d: 'null' });
  });
});
