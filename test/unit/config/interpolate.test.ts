import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../../src/config/config-error.js';
import {
  interpolateDocument,
  interpolateString,
  InterpolationError,
  listVariables,
  type Lookup,
} from '../../../src/config/interpolate.js';
import type { JsonObject, PathSegment } from '../../../src/config/json.js';
import { parseCompose } from '../../../src/config/parse.js';
import { positionOf } from '../../../src/config/source-map.js';

const env: Record<string, string> = { FOO: 'foo', EMPTY: '', FOO_BAR: 'foobar', B: 'bee' };
const lookup: Lookup = (name) => env[name];
const expand = (text: string): string => interpolateString(text, lookup).value;

function reasonOf(action: () => unknown): string {
  try {
    action();
  } catch (error) {
    if (error instanceof InterpolationError) return error.reason;
    throw error;
  }
  throw new Error('expected an InterpolationError');
}

function documentOf(text: string): JsonObject {
  const [document] = parseCompose(text, 'compose.yaml');
  if (!document) throw new Error('no document');
  return document.data;
}

describe('interpolateString', () => {
  it('turns $$ into a literal $ without looking anything up', () => {
    const result = interpolateString('$$FOO and $${FOO}', lookup);
    expect(result).toMatchObject({ value: '$FOO and ${FOO}', used: [], substituted: false });
  });

  it('reads $NAME as the longest name', () => {
    expect(expand('$FOO-bar')).toBe('foo-bar');
    expect(expand('$FOO_BAR')).toBe('foobar');
    expect(expand('x$FOO.y')).toBe('xfoo.y');
  });

  it('expands ${NAME}', () => {
    expect(expand('a${FOO}b')).toBe('afoob');
  });

  it('keeps a $ that does not start a reference', () => {
    expect(expand('5$ and $ and $1 and $-x and end$')).toBe('5$ and $ and $1 and $-x and end$');
  });

  it('gives an empty string for an unset variable without operator and reports it', () => {
    expect(interpolateString('[${NOPE}][$NOPE2]', lookup)).toEqual({
      value: '[][]',
      unset: ['NOPE', 'NOPE2'],
      used: ['NOPE', 'NOPE2'],
      substituted: true,
    });
  });

  it('uses the :- default when unset or empty', () => {
    expect(expand('${NOPE:-d}|${EMPTY:-d}|${FOO:-d}')).toBe('d|d|foo');
  });

  it('uses the - default only when unset', () => {
    expect(expand('${NOPE-d}|${EMPTY-d}|${FOO-d}')).toBe('d||foo');
  });

  it('fails for :? when unset or empty, with the message', () => {
    expect(reasonOf(() => expand('${NOPE:?set NOPE}'))).toBe('required variable NOPE is missing a value: set NOPE');
    expect(reasonOf(() => expand('${EMPTY:?}'))).toBe('required variable EMPTY is missing a value');
    expect(expand('${FOO:?x}')).toBe('foo');
  });

  it('fails for ? only when unset', () => {
    expect(reasonOf(() => expand('${NOPE?needed}'))).toBe('required variable NOPE is missing a value: needed');
    expect(expand('[${EMPTY?x}]')).toBe('[]');
  });

  it('uses the :+ alternative when set and non-empty', () => {
    expect(expand('${FOO:+alt}|${EMPTY:+alt}|${NOPE:+alt}')).toBe('alt||');
  });

  it('uses the + alternative when set, even empty', () => {
    expect(expand('${FOO+alt}|${EMPTY+alt}|${NOPE+alt}')).toBe('alt|alt|');
  });

  it('lets the earliest operator win', () => {
    expect(expand('${NOPE-a?b}')).toBe('a?b');
    expect(expand('${NOPE:-a:+b}')).toBe('a:+b');
    expect(expand('${FOO+x:-y}')).toBe('x:-y');
  });

  it('counts braces, so a default may hold JSON', () => {
    expect(expand('${NOPE:-{"json":{"a":1}}}!')).toBe('{"json":{"a":1}}!');
  });

  it('expands nested references in an argument', () => {
    expect(expand('${NOPE:-${NADA:-x}}')).toBe('x');
    expect(expand('${NOPE:-$B-${FOO}}')).toBe('bee-foo');
    expect(reasonOf(() => expand('${NOPE?need $B}'))).toBe('required variable NOPE is missing a value: need bee');
  });

  it('expands an argument only when it is used', () => {
    const result = interpolateString('${FOO:-${MISSING}}${FOO:?${ALSO}}', lookup);
    expect(result).toMatchObject({ value: 'foofoo', unset: [], used: ['FOO', 'FOO'] });
    // Not even checked when unused: only a used argument can be malformed.
    expect(expand('${FOO-${ }}')).toBe('foo');
    expect(() => expand('${NOPE-${ }}')).toThrow(InterpolationError);
  });

  it.each(['${}', '${ foo}', '${foo!}', '${A.B}', '${FOO:x}', '${9X}'])('rejects %s as an invalid format', (text) => {
    expect(reasonOf(() => expand(`x ${text} y`))).toBe(`invalid interpolation format "${text}"`);
  });

  it('rejects a reference without its closing brace', () => {
    expect(reasonOf(() => expand('a ${FOO'))).toBe('invalid interpolation format "${FOO": missing closing brace');
  });
});

describe('listVariables', () => {
  it('lists each reference with its operator argument as written, nested ones too', () => {
    expect(listVariables('$A ${B:-${C}} ${D?msg} ${E:?} ${F+alt} ${G:+x} $$H')).toEqual([
      { name: 'A', required: false },
      { name: 'B', required: false, defaultValue: '${C}' },
      { name: 'C', required: false },
      { name: 'D', required: true },
      { name: 'E', required: true },
      { name: 'F', required: false, alternateValue: 'alt' },
      { name: 'G', required: false, alternateValue: 'x' },
    ]);
  });

  it('rejects an invalid format', () => {
    expect(() => listVariables('${A.B}')).toThrow(InterpolationError);
  });
});

describe('interpolateDocument', () => {
  it('expands every string value in place and never a key', () => {
    const data = documentOf(
      ['services:', '  web:', '    image: "app:${FOO}"', '    labels:', '      $FOO: "$B"', '    command: [echo, $FOO]'].join('\n'),
    );
    interpolateDocument(data, lookup, {});
    expect(data).toEqual({
      services: { web: { image: 'app:foo', labels: { $FOO: 'bee' }, command: ['echo', 'foo'] } },
    });
  });

  it('keeps the position of a replaced value', () => {
    const data = documentOf('services:\n  web:\n    image: $FOO\n');
    interpolateDocument(data, lookup, {});
    const web = (data.services as JsonObject).web as JsonObject;
    expect(positionOf(web, 'image')).toEqual({ file: 'compose.yaml', line: 3, column: 12 });
  });

  it('reports unset variables and used variables with their path', () => {
    const data = documentOf('services:\n  web:\n    image: ${NOPE}\n    ports: ["${FOO:-80}:80"]\n');
    const unset: [string, PathSegment[]][] = [];
    const used: [string, PathSegment[]][] = [];
    interpolateDocument(data, lookup, {
      onUnset: (name, path) => unset.push([name, path]),
      onUse: (name, path) => used.push([name, path]),
    });
    expect(unset).toEqual([['NOPE', ['services', 'web', 'image']]]);
    expect(used).toEqual([
      ['NOPE', ['services', 'web', 'image']],
      ['FOO', ['services', 'web', 'ports', 0]],
    ]);
  });

  it('names file, line, column and path for a required variable without a value', () => {
    const data = documentOf('services:\n  web:\n    build: .\n    image: ${TAG:?set TAG}\n');
    let caught: unknown;
    try {
      interpolateDocument(data, lookup, {});
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ConfigError);
    expect(caught).toMatchObject({
      message: 'compose.yaml:4:12: services.web.image: required variable TAG is missing a value: set TAG',
      file: 'compose.yaml',
      line: 4,
      column: 12,
    });
  });

  it('names file, line, column and path for an invalid format', () => {
    const data = documentOf('services:\n  web:\n    environment:\n      - "A=${ foo}"\n');
    expect(() => interpolateDocument(data, lookup, {})).toThrowError(
      'compose.yaml:4:9: services.web.environment[0]: invalid interpolation format "${ foo}"',
    );
  });

  it('casts an interpolated value to the type of its field', () => {
    const data = documentOf(
      ['services:', '  web:', '    privileged: ${ON:-yes}', '    deploy:', '      replicas: ${N:-3}', '    scale: "2"'].join('\n'),
    );
    interpolateDocument(data, lookup, {});
    expect((data.services as JsonObject).web).toEqual({ privileged: true, deploy: { replicas: 3 }, scale: '2' });
  });

  it('names file, line, column and path for a value that cannot be cast', () => {
    const data = documentOf('services:\n  web:\n    tty: ${FOO}\n');
    expect(() => interpolateDocument(data, lookup, {})).toThrowError(
      'compose.yaml:3:10: services.web.tty: expected a boolean (true, false, yes, no, on or off), got "foo" (from "${FOO}")',
    );
  });
});
