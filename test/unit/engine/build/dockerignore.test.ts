import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import {
  DockerignoreError,
  IgnoreMatcher,
  cleanPath,
  literalPattern,
  parseDockerignore,
  readIgnoreFile,
  type IgnorePattern,
} from '../../../../src/engine/build/dockerignore.js';

/** The patterns as `!`-prefixed strings, to compare with what buildkit's reader returns. */
function lines(patterns: IgnorePattern[]): string[] {
  return patterns.map((p) => `${p.exception ? '!' : ''}${p.pattern}`);
}

function matcher(text: string): IgnoreMatcher {
  return new IgnoreMatcher(parseDockerignore(text));
}

describe('parseDockerignore', () => {
  const cases: [string, string, string[]][] = [
    ['drops a BOM, comments and blank lines, and trims', '\uFEFF# build output\n  foo  \n\n\t\nbar\n', ['foo', 'bar']],
    ['takes # as a comment only in the first column', '  # not a comment\n#comment', ['# not a comment']],
    ['trims the pattern after a !', '!  bar \n', ['!bar']],
    ['cleans patterns like filepath.Clean', './a\na/\na//b\na/../b\na/./b/.\n', ['a', 'a', 'a/b', 'b', 'a/b']],
    ['removes a leading /, also after !', '/abs/x\n!/inverted/abs/path\n/../up\n', ['abs/x', '!inverted/abs/path', 'up']],
    ['keeps a leading .. (it matches nothing)', '../up\n', ['../up']],
    ['keeps a lone / (it matches nothing)', '/\n', ['/']],
    ['reads CRLF line ends', 'a\r\nb\r\n', ['a', 'b']],
    ['keeps the order of the lines', '*.log\n!important.log\n*.log\n', ['*.log', '!important.log', '*.log']],
  ];
  it.each(cases)('%s', (_name, text, expected) => {
    expect(lines(parseDockerignore(text))).toEqual(expected);
  });

  const errors: [string, RegExp][] = [
    ['!', /:1: illegal exclusion pattern "!"/],
    ['ok\n! \n', /:2: illegal exclusion pattern "!"/],
    ['!/', /illegal exclusion pattern/],
    ['[', /syntax error in pattern "\["/],
    ['a\\', /syntax error in pattern/],
    ['[]', /syntax error in pattern/],
    ['[a-]', /syntax error in pattern/],
    ['[z-a]', /reversed/],
  ];
  it.each(errors)('rejects %j', (text, message) => {
    expect(() => parseDockerignore(text, '/ctx/.dockerignore')).toThrow(DockerignoreError);
    expect(() => parseDockerignore(text, '/ctx/.dockerignore')).toThrow(message);
  });

  it('names the file and line of a bad pattern', () => {
    expect(() => parseDockerignore('a\n\n[b\n', '/ctx/.dockerignore')).toThrow('/ctx/.dockerignore:3: syntax error');
  });
});

describe('IgnoreMatcher.matches', () => {
  // [patterns, path, excluded]
  const cases: [string, string, boolean][] = [
    ['*.log', 'a.log', true],
    ['*.log', 'dir/a.log', false], // * does not cross /
    ['**/*.log', 'a.log', true], // ** spans zero segments too
    ['**/*.log', 'x/y/a.log', true],
    ['*.log\n!important.log', 'important.log', false], // the last match wins
    ['*.log\n!important.log', 'debug.log', true],
    ['!important.log\n*.log', 'important.log', true],
    ['a\n!a\na', 'a', true],
    ['dir/**', 'dir/x/y', true],
    ['dir/**', 'dir', false], // a prefix test: the directory itself is sent, empty
    ['**', 'a', true],
    ['**', 'a/b/c', true],
    ['/abs', 'abs', true],
    ['/abs', 'abs/inner/file', true], // a parent matches
    ['/abs', 'x/abs', false], // patterns are anchored at the context
    ['a/../b', 'b', true],
    ['a/../b', 'a/b', false],
    ['./a/', 'a', true],
    ['a//b', 'a/b', true],
    ['\\*', '*', true], // an escaped wildcard is literal
    ['\\*', 'x', false],
    ['a\\?b', 'a?b', true],
    ['a\\?b', 'axb', false],
    ['[a-c]at', 'bat', true],
    ['[a-c]at', 'dat', false],
    ['[^a]at', 'bat', true],
    ['[^a]at', 'aat', false],
    ['[!a]at', '!at', true], // Go's classes negate with ^ only: [!a] is ! or a
    ['[!a]at', 'bat', false],
    ['[\\]]x', ']x', true],
    ['?at', 'cat', true],
    ['?at', 'at', false],
    ['?at', 'x/at', false],
    ['?', 'ü', true], // ? is one character, not one byte
    ['ü*', 'über', true],
    ['dir', 'dir/sub/file', true],
    ['dir\n!dir/keep', 'dir/keep', false],
    ['dir\n!dir/keep', 'dir/keep/inner', false],
    ['dir\n!dir/keep', 'dir/other', true],
    ['*/temp*', 'a/temporary', true],
    ['*/temp*', 'temp', false],
    ['*/temp*', 'a/b/temp', false],
    ['**/node_modules', 'node_modules', true],
    ['**/node_modules', 'a/node_modules/x', true],
    ['**.txt', 'a/b/c.txt', true], // a leading ** with nothing special after it is a suffix test
    ['foo**', 'foobar/x', true], // and a trailing one a prefix test
    ['a/**/b', 'a/b', true],
    ['a/**/b', 'a/x/y/b', true],
    ['a/**/b', 'a/xb', false],
    ['*', 'a/b', true],
    ['.', 'a', false],
    ['a.b', 'axb', false], // regular expression characters are literal
    ['a+(b)|{c}$', 'a+(b)|{c}$', true],
    ['  # not a comment', '# not a comment', true],
    ['# a comment', '# a comment', false],
  ];
  it.each(cases)('%j against %j is %s', (patterns, file, excluded) => {
    expect(matcher(patterns).matches(file)).toBe(excluded);
  });

  it('never excludes the context itself', () => {
    expect(matcher('*\n**\n.').matches('.')).toBe(false);
  });
});

describe('IgnoreMatcher.matchChild', () => {
  it('agrees with matches when walked from the top', () => {
    const m = matcher('node_modules\n!node_modules/keep\n*.log\n!**/important.log');
    const walkFrom = (file: string): boolean => {
      const segments = file.split('/');
      let state = m.matchChild(segments[0] ?? '', undefined);
      for (let i = 1; i < segments.length; i++) state = m.matchChild(segments.slice(0, i + 1).join('/'), state.state);
      return state.excluded;
    };
    for (const file of ['node_modules', 'node_modules/x', 'node_modules/keep', 'node_modules/keep/y', 'a.log', 'x/a.log', 'important.log', 'x/important.log']) {
      expect(walkFrom(file), file).toBe(m.matches(file));
    }
  });

  it('keeps the docker CLI corner: a pattern passed over for a directory does not apply through it', () => {
    const m = matcher('a\n!a/f\na');
    expect(m.matches('a/f')).toBe(true);
    const parent = m.matchChild('a', undefined);
    expect(parent.excluded).toBe(true);
    expect(m.matchChild('a/f', parent.state).excluded).toBe(false);
  });
});

describe('IgnoreMatcher.mayReincludeUnder', () => {
  const cases: [string, string, boolean][] = [
    ['node_modules\n!node_modules/keep.txt', 'node_modules', true],
    ['node_modules\n!node_modules/keep.txt', 'other', false],
    ['node_modules\n!node_modules/deep/keep.txt', 'node_modules/deep', true],
    ['node_modules', 'node_modules', false],
    // The CLI compares the text of the exception: a wildcard before the directory opens nothing.
    ['node_modules\n!**/keep.txt', 'node_modules', false],
    ['node_modules\n!*/keep.txt', 'node_modules', false],
  ];
  it.each(cases)('%j, %j: %s', (patterns, dir, expected) => {
    expect(matcher(patterns).mayReincludeUnder(dir)).toBe(expected);
  });

  it('compares literal patterns as they are, wildcards and all', () => {
    const m = new IgnoreMatcher([...parseDockerignore('*'), literalPattern('build[1]/Dockerfile', true)]);
    expect(m.matches('build[1]/Dockerfile')).toBe(false);
    expect(m.matches('build1/Dockerfile')).toBe(true);
    expect(m.mayReincludeUnder('build[1]')).toBe(true);
  });
});

describe('cleanPath', () => {
  it.each([
    ['', '.'],
    ['a/b/../../..', '..'],
    ['/../a', '/a'],
    ['a/./b//c/', 'a/b/c'],
  ])('%j is %j', (input, expected) => {
    expect(cleanPath(input)).toBe(expected);
  });
});

describe('readIgnoreFile', () => {
  function context(files: Record<string, string>): string {
    const dir = mkdtempSync(path.join(tmpdir(), 'berth-ignore-'));
    onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
    for (const [name, content] of Object.entries(files)) {
      mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
      writeFileSync(path.join(dir, name), content);
    }
    return dir;
  }

  it('prefers <Dockerfile>.dockerignore next to the Dockerfile', async () => {
    const dir = context({ '.dockerignore': 'a', 'Foo.Dockerfile.dockerignore': 'b', 'Foo.Dockerfile': '' });
    const ignore = await readIgnoreFile(dir, 'Foo.Dockerfile');
    expect(ignore.path).toBe(path.join(dir, 'Foo.Dockerfile.dockerignore'));
    expect(lines(ignore.patterns)).toEqual(['b']);
  });

  it('looks next to a Dockerfile in a subdirectory, or outside the context', async () => {
    const dir = context({ '.dockerignore': 'a', 'sub/Foo.Dockerfile.dockerignore': 'c', 'out/Bar.Dockerfile.dockerignore': 'd' });
    expect((await readIgnoreFile(dir, 'sub/Foo.Dockerfile')).path).toBe(path.join(dir, 'sub/Foo.Dockerfile.dockerignore'));
    const outside = path.join(dir, 'out/Bar.Dockerfile');
    expect(lines((await readIgnoreFile(path.join(dir, 'sub'), outside)).patterns)).toEqual(['d']);
  });

  it('falls back to the context .dockerignore, and to nothing', async () => {
    const dir = context({ '.dockerignore': '*.log\n', 'Dockerfile.dockerignore': 'x' });
    expect(lines((await readIgnoreFile(dir, 'Other.Dockerfile')).patterns)).toEqual(['*.log']);
    // An inline Dockerfile has no file of its own to sit next to.
    expect((await readIgnoreFile(dir)).path).toBe(path.join(dir, '.dockerignore'));
    const empty = context({});
    expect(await readIgnoreFile(empty, 'Dockerfile')).toEqual({ path: undefined, patterns: [] });
  });

  it('names the file of a bad pattern', async () => {
    const dir = context({ '.dockerignore': 'ok\n[oops\n' });
    await expect(readIgnoreFile(dir, 'Dockerfile')).rejects.toThrow(`${path.join(dir, '.dockerignore')}:2: syntax error`);
  });
});
