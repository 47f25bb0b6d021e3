import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../../src/config/config-error.js';
import { parseDotEnv, type DotEnvEntry } from '../../../src/config/dotenv.js';
import type { Lookup } from '../../../src/config/interpolate.js';

const outer: Record<string, string> = { HOME: '/home/me', SHARED: 'from-os' };
const lookup: Lookup = (name) => outer[name];

function parse(text: string, fallback?: Lookup): DotEnvEntry[] {
  return parseDotEnv(text, '.env', lookup, fallback);
}

/** The key → value view of a parse, the later line winning as it does when applied. */
function values(text: string, fallback?: Lookup): Record<string, string | undefined> {
  return Object.fromEntries(parse(text, fallback).map((entry) => [entry.key, entry.value]));
}

function errorOf(text: string): ConfigError {
  try {
    parse(text);
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('parseDotEnv', () => {
  it('reads KEY=value with the line of each statement', () => {
    expect(parse('A=1\n\nB=2\n')).toEqual([
      { key: 'A', value: '1', line: 1 },
      { key: 'B', value: '2', line: 3 },
    ]);
  });

  it('strips a byte-order mark', () => {
    expect(parse('\uFEFFA=1')).toEqual([{ key: 'A', value: '1', line: 1 }]);
  });

  it('accepts Windows line ends', () => {
    expect(values('A=1\r\nB="x"\r\n')).toEqual({ A: '1', B: 'x' });
  });

  it('skips blank lines and comment lines, indented ones too', () => {
    expect(parse('# note\n   \n  # indented\nA=1\n')).toEqual([{ key: 'A', value: '1', line: 4 }]);
  });

  it('drops an export prefix', () => {
    expect(values('export A=1\nexport\tB=2')).toEqual({ A: '1', B: '2' });
  });

  it('treats export as a name when nothing follows it', () => {
    expect(values('export=1')).toEqual({ export: '1' });
  });

  it('accepts letters, digits, _ . - [ ] in keys', () => {
    expect(values('a.b-c_D[0]=1\nÉTÉ=2')).toEqual({ 'a.b-c_D[0]': '1', ÉTÉ: '2' });
  });

  it('ends a key at : as well as =', () => {
    expect(values('A: 1')).toEqual({ A: '1' });
  });

  it('allows spaces around =', () => {
    expect(values('A = 1 ')).toEqual({ A: '1' });
  });

  it('inherits a key written alone from the environment, unset when absent', () => {
    expect(parse('HOME\nNOPE # not set\n')).toEqual([
      { key: 'HOME', value: '/home/me', line: 1 },
      { key: 'NOPE', value: undefined, line: 2 },
    ]);
  });

  it('gives an empty value for KEY=', () => {
    expect(values('A=\nB=2')).toEqual({ A: '', B: '2' });
  });

  it('cuts an unquoted value at a # after a space and trims it', () => {
    expect(values('A=v #c\nB=v# not a comment\nC= # only a comment\nD=  padded  ')).toEqual({
      A: 'v',
      B: 'v# not a comment',
      C: '',
      D: 'padded',
    });
  });

  it('keeps backslashes in unquoted values literally', () => {
    expect(values('A=some\\tvalue')).toEqual({ A: 'some\\tvalue' });
  });

  it('interpolates unquoted values', () => {
    expect(values('A=$HOME/x\nB=${NOPE:-d}')).toEqual({ A: '/home/me/x', B: 'd' });
  });

  it('takes single-quoted values literally, with \\\' for a quote', () => {
    expect(values("A='$HOME \\t #x'\nB='Let\\'s go!'")).toEqual({ A: '$HOME \\t #x', B: "Let's go!" });
  });

  it('lets a single-quoted value span lines', () => {
    expect(parse("A='one\ntwo'\nB=3")).toEqual([
      { key: 'A', value: 'one\ntwo', line: 1 },
      { key: 'B', value: '3', line: 3 },
    ]);
  });

  it('expands escapes in double-quoted values', () => {
    expect(values('A="a\\tb\\nc\\\\d\\"e\\q"')).toEqual({ A: 'a\tb\nc\\d"e\\q' });
  });

  it('lets a double-quoted value span lines', () => {
    expect(parse('A="one\ntwo"\nB=3')).toEqual([
      { key: 'A', value: 'one\ntwo', line: 1 },
      { key: 'B', value: '3', line: 3 },
    ]);
  });

  it('interpolates double-quoted values after the escapes, \\$ staying literal', () => {
    expect(values('A="$HOME # not a comment"\nB="\\$HOME"\nC="{\\"k\\": \\"${SHARED}\\"}"')).toEqual({
      A: '/home/me # not a comment',
      B: '$HOME',
      C: '{"k": "from-os"}',
    });
  });

  it('allows a comment after the closing quote', () => {
    expect(values('A="v" # comment\nB=\'w\'   ')).toEqual({ A: 'v', B: 'w' });
  });

  it('looks up the outer environment first, then earlier lines, then the fallback', () => {
    const fallback: Lookup = (name) => ({ SHARED: 'earlier-file', ONLY_EARLIER: 'e', A: 'earlier-file' })[name];
    expect(values('SHARED=mine\nA=here\nX=${SHARED}|${A}|${ONLY_EARLIER}|${LATER}\nLATER=1', fallback)).toMatchObject({
      X: 'from-os|here|e|',
    });
  });

  it('fails for an unterminated quote, pointing at the opening quote', () => {
    const error = errorOf('A=1\nB = "open\nC=2\n');
    expect(error).toMatchObject({ file: '.env', line: 2, column: 5 });
    expect(error.message).toBe('.env:2:5: unterminated quoted value: no closing " found');
  });

  it('fails for a space inside a key', () => {
    const error = errorOf('\nMY VAR=1');
    expect(error).toMatchObject({ file: '.env', line: 2, column: 3 });
    expect(error.message).toBe('.env:2:3: variable name "MY VAR" must not contain a space');
  });

  it('fails for a character a key may not hold', () => {
    expect(errorOf('A$B=1').message).toBe('.env:1:2: unexpected character "$" in variable name');
    expect(errorOf('=1').message).toBe('.env:1:1: missing variable name before "="');
  });

  it('fails for text after a closing quote', () => {
    expect(errorOf('A="x"y').message).toBe('.env:1:6: unexpected "y" after the closing quote');
  });

  it('fails for a required variable, at the value', () => {
    const error = errorOf('A=1\nB=${NEED:?set it}');
    expect(error).toMatchObject({ file: '.env', line: 2, column: 3 });
    expect(error.message).toBe('.env:2:3: required variable NEED is missing a value: set it');
  });

  it('locates an error in a value that follows a multi-line one', () => {
    expect(errorOf("A='x\ny'\nB=${ bad}").message).toBe('.env:3:3: invalid interpolation format "${ bad}"');
    expect(errorOf('A="x\n${ bad}"').message).toBe('.env:1:4: invalid interpolation format "${ bad}"');
  });
});
