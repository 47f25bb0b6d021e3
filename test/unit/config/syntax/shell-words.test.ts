import { describe, expect, it } from 'vitest';
import { splitShellWords } from '../../../../src/config/syntax/shell-words.js';
import { ShortSyntaxError } from '../../../../src/config/syntax/short-syntax-error.js';

describe('splitShellWords', () => {
  it('splits on blanks, collapsing runs of them', () => {
    expect(splitShellWords('bundle exec  thin\t-p 3000\n')).toEqual(['bundle', 'exec', 'thin', '-p', '3000']);
  });

  it('gives nothing for an empty or blank string', () => {
    expect(splitShellWords('')).toEqual([]);
    expect(splitShellWords('   ')).toEqual([]);
  });

  it('keeps single-quoted text literally', () => {
    expect(splitShellWords(`/bin/sh -c 'echo "hello $$HOSTNAME"'`)).toEqual([
      '/bin/sh',
      '-c',
      'echo "hello $$HOSTNAME"',
    ]);
    expect(splitShellWords(`'a\\b'`)).toEqual(['a\\b']);
  });

  it('honours the escapes of double quotes and keeps other backslashes', () => {
    expect(splitShellWords(`echo "a \\"b\\" \\$c \\d"`)).toEqual(['echo', 'a "b" $c \\d']);
  });

  it('joins adjacent quoted and plain parts into one word, and keeps empty quoted words', () => {
    expect(splitShellWords(`--name="my app"x ''`)).toEqual(['--name=my appx', '']);
  });

  it('makes an escaped character plain outside quotes', () => {
    expect(splitShellWords('a\\ b c\\"d')).toEqual(['a b', 'c"d']);
  });

  it('leaves shell operators as ordinary words', () => {
    expect(splitShellWords('a && b | c')).toEqual(['a', '&&', 'b', '|', 'c']);
  });

  it.each([`echo 'oops`, `echo "oops`])('rejects an unterminated quote in %s', (text) => {
    expect(() => splitShellWords(text)).toThrow(ShortSyntaxError);
  });
});
