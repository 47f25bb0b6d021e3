import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../../src/config/config-error.js';
import type { Json, JsonObject } from '../../../src/config/json.js';
import { parseCompose } from '../../../src/config/parse.js';
import {
  keyPositionOf,
  locate,
  mergeTagOf,
  ownPositionOf,
  positionOf,
} from '../../../src/config/source-map.js';

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
      expect(e.column).toBe(1);
      // The quoted scalar runs on to line 4, which is not indented enough to continue it.
      expect(e.message).toBe('bad.yaml:4:1: invalid YAML: deficient indentation');
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

/** The one document of `text` (file `c.yaml`). */
function parseOne(text: string): JsonObject {
  const docs = parseCompose(text, 'c.yaml');
  expect(docs).toHaveLength(1);
  return docs[0]?.data ?? {};
}

/** What `fn` throws, as a ConfigError. */
function configError(fn: () => unknown): ConfigError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return error as ConfigError;
  }
  return expect.unreachable();
}

const at = (line: number, column: number) => ({ file: 'c.yaml', line, column });

describe('parseCompose scalars', () => {
  it('reads plain scalars by the YAML 1.2 core schema', () => {
    const data = parseOne(
      [
        'nulls: [null, Null, NULL, ~, ]',
        'empty:',
        'bools: [true, True, TRUE, false, False, FALSE]',
        'ints: [42, -7, +3, 012, 0o17, 0x1F]',
        'floats: [1.5, .5, 1., 1e3, -2.5E-1, .inf, -.Inf, +.INF]',
        'nan: .NaN',
      ].join('\n'),
    );
    expect(data.nulls).toEqual([null, null, null, null]);
    expect(data.empty).toBeNull();
    expect(data.bools).toEqual([true, true, true, false, false, false]);
    expect(data.ints).toEqual([42, -7, 3, 12, 15, 31]);
    expect(data.floats).toEqual([1.5, 0.5, 1, 1000, -0.25, Infinity, -Infinity, Infinity]);
    expect(data.nan).toBeNaN();
  });

  it('keeps YAML 1.1 forms and near misses as strings', () => {
    const data = parseOne('a: [yes, no, on, off, y, n, 1_000, 0b101, 0O17, 0X1F, 2001-12-14, 1:30, nulls, trUE, .5.5]');
    expect(data.a).toEqual(['yes', 'no', 'on', 'off', 'y', 'n', '1_000', '0b101', '0O17', '0X1F', '2001-12-14', '1:30', 'nulls', 'trUE', '.5.5']);
  });

  it('keeps quoted and block scalars as strings', () => {
    const data = parseOne('a: "1"\nb: \'true\'\nc: "null"\nd: |\n  42\ne: >-\n  null\nf: ""\n');
    expect(data).toEqual({ a: '1', b: 'true', c: 'null', d: '42\n', e: 'null', f: '' });
  });

  it('reads a scalar behind an unknown tag as if untagged, and !!str as a string', () => {
    expect(parseOne('a: !custom 5\nb: !custom [1]\nc: !!str 5\nd: !!str\n')).toEqual({ a: 5, b: [1], c: '5', d: '' });
  });

  it('strips a byte order mark', () => {
    const [doc] = parseCompose('\uFEFFa: 1\n', 'c.yaml');
    expect(doc?.data).toEqual({ a: 1 });
    expect(positionOf(doc?.data ?? {}, 'a')).toEqual(at(1, 4));
  });
});

describe('parseCompose keys', () => {
  it('keeps the source text of a plain key and decodes a quoted one', () => {
    expect(parseOne('1.0: a\n0x10: b\nnull_ish: c\n"quoted key": d\n\'~\': e\n? explicit\n: f\n')).toEqual({
      '1.0': 'a',
      '0x10': 'b',
      null_ish: 'c',
      'quoted key': 'd',
      '~': 'e',
      explicit: 'f',
    });
  });

  it('rejects a null key at its position', () => {
    expect(() => parseCompose('a: 1\n~: 2\n', 'c.yaml')).toThrowError('c.yaml:2:1: a mapping key must not be null');
    expect(() => parseCompose('a:\n  null: 2\n', 'c.yaml')).toThrowError('c.yaml:2:3: a mapping key must not be null');
  });

  it('rejects a collection or an alias as a key at its position', () => {
    expect(() => parseCompose('a:\n  ? [x]\n  : 1\n', 'c.yaml')).toThrowError('c.yaml:2:5: a mapping key must be a scalar');
    expect(() => parseCompose('a: &k x\n*k : 1\n', 'c.yaml')).toThrowError('c.yaml:2:1: a mapping key must be a scalar');
  });

  it('keeps a __proto__ key as an ordinary entry', () => {
    const data = parseOne('__proto__: 1\nb: 2\n');
    expect(Object.keys(data)).toEqual(['__proto__', 'b']);
    expect(Object.getPrototypeOf(data)).toBe(Object.prototype);
  });

  it('names both keys of a duplicate in a flow mapping', () => {
    expect(() => parseCompose('a: {b: 1, c: 2, b: 3}\n', 'c.yaml')).toThrowError(
      'c.yaml:1:17: duplicate key "b" (first defined at line 1, column 5)',
    );
  });
});

describe('parseCompose positions', () => {
  it('records where each key and value starts', () => {
    const data = parseOne('services:\n  web:\n    image: "nginx"\n    command: |\n      run\n    ports:\n      - 80\n');
    const web = (data.services as JsonObject).web as JsonObject;
    expect(keyPositionOf(data, 'services')).toEqual(at(1, 1));
    expect(positionOf(data, 'services')).toEqual(at(2, 3));
    expect(keyPositionOf(web, 'image')).toEqual(at(3, 5));
    expect(positionOf(web, 'image')).toEqual(at(3, 12));
    expect(positionOf(web, 'command')).toEqual(at(4, 14));
    expect(keyPositionOf(web, 'ports')).toEqual(at(6, 5));
    expect(positionOf(web, 'ports')).toEqual(at(7, 7));
    expect(ownPositionOf(web.ports as Json[])).toEqual(at(7, 7));
    expect(positionOf(web.ports as Json[], 0)).toEqual(at(7, 9));
    expect(ownPositionOf(data)).toEqual(at(1, 1));
  });

  it('records positions inside flow collections', () => {
    const data = parseOne('a: [1, "two", {b: c, d: [e]}]\n');
    const a = data.a as Json[];
    expect(positionOf(data, 'a')).toEqual(at(1, 4));
    expect(ownPositionOf(a)).toEqual(at(1, 4));
    expect(positionOf(a, 0)).toEqual(at(1, 5));
    expect(positionOf(a, 1)).toEqual(at(1, 8));
    expect(positionOf(a, 2)).toEqual(at(1, 15));
    const inner = a[2] as JsonObject;
    expect(ownPositionOf(inner)).toEqual(at(1, 15));
    expect(keyPositionOf(inner, 'd')).toEqual(at(1, 22));
    expect(positionOf(inner, 'd')).toEqual(at(1, 25));
    expect(positionOf(inner.d as Json[], 0)).toEqual(at(1, 26));
  });

  it('places an empty value at its key, and an empty item at its dash', () => {
    const data = parseOne('volumes:\n  data:\nlist:\n  - a\n  -\n');
    const volumes = data.volumes as JsonObject;
    expect(volumes.data).toBeNull();
    expect(positionOf(volumes, 'data')).toEqual(at(2, 3));
    expect(data.list).toEqual(['a', null]);
    expect(positionOf(data.list as Json[], 1)).toEqual(at(5, 3));
  });

  it('counts lines after CRLF line ends', () => {
    const data = parseOne('a: 1\r\nb:\r\n  c: 2\r\n');
    expect(positionOf(data.b as JsonObject, 'c')).toEqual(at(3, 6));
  });
});

describe('parseCompose anchors and aliases', () => {
  it('gives every alias its own deep copy, with the anchored positions', () => {
    const data = parseOne('x: &base\n  env: {A: "1"}\n  list: [1, [2]]\na: *base\nb: *base\n');
    const a = data.a as JsonObject;
    const b = data.b as JsonObject;
    expect(a).toEqual({ env: { A: '1' }, list: [1, [2]] });
    expect(a).not.toBe(data.x);
    expect(a.env).not.toBe(b.env);
    expect((a.list as Json[])[1]).not.toBe((b.list as Json[])[1]);
    (a.env as JsonObject).A = 'changed';
    expect(b.env).toEqual({ A: '1' });
    expect(positionOf(data, 'a')).toEqual(at(4, 4));
    expect(positionOf(a.env as JsonObject, 'A')).toEqual(at(2, 12));
  });

  it('uses the most recent anchor of a name', () => {
    expect(parseOne('a: &v 1\nb: *v\nc: &v [2]\nd: *v\ne: &v {f: &v 3}\ng: *v\n')).toEqual({
      a: 1,
      b: 1,
      c: [2],
      d: [2],
      e: { f: 3 },
      g: 3,
    });
  });

  it('keeps anchors inside their document', () => {
    expect(() => parseCompose('a: &v 1\n---\nb: *v\n', 'c.yaml')).toThrowError('c.yaml:3:4: unknown alias *v');
  });

  it('rejects an unknown alias and an alias inside its own anchor at the alias', () => {
    expect(() => parseCompose('a:\n  b: *nope\n', 'c.yaml')).toThrowError('c.yaml:2:6: unknown alias *nope');
    expect(() => parseCompose('a: &x [1, *x]\n', 'c.yaml')).toThrowError('c.yaml:1:11: alias *x refers to itself');
  });
});

describe('parseCompose merge keys', () => {
  it('merges a sequence of sources, earlier ones first, the mapping itself over all', () => {
    const text = ['x: &a {p: a, q: a}', 'y: &b {q: b, r: b, s: b}', 'z:', '  <<: [*a, *b]', '  s: own', ''].join('\n');
    const data = parseOne(text);
    const z = data.z as JsonObject;
    expect(z).toEqual({ s: 'own', p: 'a', q: 'a', r: 'b' });
    expect(Object.keys(z)).toEqual(['s', 'p', 'q', 'r']);
    expect(positionOf(z, 'p')).toEqual(at(1, 11));
    expect(keyPositionOf(z, 'r')).toEqual(at(2, 14));
    expect(positionOf(z, 's')).toEqual(at(5, 6));
  });

  it('lets the mapping win over a merge key written after its own key', () => {
    expect(parseOne('a: &a {k: 1}\nb:\n  k: 2\n  <<: *a\n').b).toEqual({ k: 2 });
  });

  it('merges inline mappings and nested merge keys', () => {
    const text = [
      'base: &base',
      '  image: busybox',
      '  logging: &log',
      '    driver: json-file',
      'services:',
      '  a:',
      '    <<: *base',
      '    logging:',
      '      <<: *log',
      '      options: {max-size: 1m}',
      '  b:',
      '    <<: {restart: always}',
      '    <<: *base',
      '',
    ].join('\n');
    const services = parseOne(text).services as JsonObject;
    expect(services.a).toEqual({ logging: { driver: 'json-file', options: { 'max-size': '1m' } }, image: 'busybox' });
    expect(services.b).toEqual({ restart: 'always', image: 'busybox', logging: { driver: 'json-file' } });
    const a = services.a as JsonObject;
    expect(positionOf(a.logging as JsonObject, 'driver')).toEqual(at(4, 13));
  });

  it('treats a quoted "<<" as an ordinary key', () => {
    expect(parseOne('"<<": {a: 1}\n')).toEqual({ '<<': { a: 1 } });
  });

  it('rejects a merge source that is not a mapping, at the source', () => {
    expect(() => parseCompose('a:\n  <<: [{x: 1}, 2]\n', 'c.yaml')).toThrowError(
      'c.yaml:2:16: a merge key (<<) takes a mapping or a list of mappings',
    );
    expect(() => parseCompose('s: &s str\na:\n  <<: *s\n', 'c.yaml')).toThrowError(
      'c.yaml:3:7: a merge key (<<) takes a mapping or a list of mappings',
    );
  });
});

describe('parseCompose tags', () => {
  it('records !reset and !override on scalars, collections and sequence items', () => {
    const data = parseOne('a: !reset\nb: !override "x"\nc: !reset {}\nd:\n  - !override [1]\n  - !reset 2\n');
    expect(data).toEqual({ a: null, b: 'x', c: {}, d: [[1], 2] });
    expect(mergeTagOf(data, 'a')).toBe('reset');
    expect(mergeTagOf(data, 'b')).toBe('override');
    expect(mergeTagOf(data, 'c')).toBe('reset');
    expect(mergeTagOf(data.d as Json[], 0)).toBe('override');
    expect(mergeTagOf(data.d as Json[], 1)).toBe('reset');
    expect(positionOf(data, 'a')).toEqual(at(1, 4));
    expect(positionOf(data, 'c')).toEqual(at(3, 11));
  });

  it('records no merge tag for other tags', () => {
    const data = parseOne('a: !custom [1]\n');
    expect(mergeTagOf(data, 'a')).toBeUndefined();
  });
});

describe('parseCompose documents and errors', () => {
  it('skips empty documents', () => {
    const docs = parseCompose('---\n# nothing\n---\na: 1\n...\n--- ~\n---\nb: 2\n', 'c.yaml');
    expect(docs.map((d) => d.data)).toEqual([{ a: 1 }, { b: 2 }]);
    expect(positionOf(docs[1]?.data ?? {}, 'b')).toEqual(at(8, 4));
    expect(parseCompose('', 'c.yaml')).toEqual([]);
    expect(parseCompose('# only a comment\n', 'c.yaml')).toEqual([]);
  });

  it('rejects a top level that is a scalar or sequence, at that node', () => {
    expect(() => parseCompose('a: 1\n---\njust text\n', 'c.yaml')).toThrowError(
      'c.yaml:3:1: the top level of a compose file must be a mapping',
    );
    expect(() => parseCompose('--- [1]\n', 'c.yaml')).toThrowError('c.yaml:1:5: the top level of a compose file must be a mapping');
  });

  it('reports syntax errors at the line and column where the parser stopped', () => {
    const cases: [string, string][] = [
      ['a: [1, 2', 'c.yaml:1:9: invalid YAML: unexpected end of the stream within a flow collection'],
      ['a:\n\tb: 1\n', 'c.yaml:2:1: invalid YAML: tab characters must not be used in indentation'],
      ['a: 1\n  b: 2\n', 'c.yaml:2:4: invalid YAML: bad indentation of a mapping entry'],
    ];
    for (const [text, message] of cases) {
      const error = configError(() => parseCompose(text, 'c.yaml'));
      expect(error.message).toBe(message);
      expect(error.file).toBe('c.yaml');
    }
  });
});
