// `.dockerignore` files, read and matched as the docker CLI does it (buildkit's ignore-file reader,
// moby's patternmatcher, and the walk of moby's archive package), so that berth sends the engine the
// context docker compose would send. Where the semantics are odd they are kept: the point is the
// same archive, not a nicer rule set.

import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { BerthError } from '../../errors.js';

/** A fault in an ignore file: a pattern the matcher cannot use, or a file it cannot read. */
export class DockerignoreError extends BerthError {
  constructor(message: string, options: { hint?: string; cause?: unknown } = {}) {
    super('dockerignore', message, options);
  }
}

/** One line of an ignore file, cleaned. */
export interface IgnorePattern {
  /** The pattern without its `!`, cleaned as a path, with no leading `/`. */
  pattern: string;
  /** A `!` line: re-includes what earlier lines excluded. */
  exception: boolean;
  /** 1-based, in the file it came from; absent for patterns berth adds. */
  line?: number;
  /** Compared as it is, with no wildcards: a path berth adds, whatever characters its name has. */
  literal?: boolean;
}

/**
 * The patterns of an ignore file's text. A BOM is dropped; a line starting with `#` is a comment
 * (only in the first column: the check comes before trimming, as in buildkit); blank lines are
 * skipped; patterns are cleaned like Go's `filepath.Clean` and lose a leading `/`. A pattern the
 * matcher would reject (a lone `!`, an unclosed `[`, a trailing `\`) is an error here, before any
 * file is walked, naming `source` and the line.
 */
export function parseDockerignore(text: string, source = '.dockerignore'): IgnorePattern[] {
  const patterns: IgnorePattern[] = [];
  const lines = (text.startsWith('\uFEFF') ? text.slice(1) : text).split('\n');
  // A last line ending in a newline leaves an empty string behind, which is skipped as blank anyway.
  for (let index = 0; index < lines.length; index++) {
    let line = lines[index] ?? '';
    if (line.endsWith('\r')) line = line.slice(0, -1);
    if (line.startsWith('#')) continue;
    let pattern = trimSpace(line);
    if (pattern === '') continue;
    const exception = pattern.startsWith('!');
    if (exception) pattern = trimSpace(pattern.slice(1));
    if (pattern !== '') {
      pattern = cleanPath(pattern);
      if (pattern.length > 1 && pattern.startsWith('/')) pattern = pattern.slice(1);
    }
    // The matcher cleans the whole line once more, `!` included: so `!/` is a lone `!` to it.
    if (exception && cleanPath(`!${pattern}`) === '!') pattern = '';
    const where = `${source}:${index + 1}`;
    if (exception && pattern === '') {
      throw new DockerignoreError(`${where}: illegal exclusion pattern "!"`, {
        hint: 'a `!` line needs the pattern it re-includes after it',
      });
    }
    const syntaxError = patternSyntaxError(pattern);
    if (syntaxError !== undefined) {
      throw new DockerignoreError(`${where}: syntax error in pattern "${line.trim()}": ${syntaxError}`);
    }
    patterns.push({ pattern, exception, line: index + 1 });
  }
  return patterns;
}

/**
 * A pattern that matches exactly `relativePath`, for the exceptions the CLI adds so that the
 * Dockerfile and `.dockerignore` are always sent. The CLI adds the name as a pattern; a name with
 * `[` in it would then be a syntax error, so berth compares it as it is.
 */
export function literalPattern(relativePath: string, exception: boolean): IgnorePattern {
  return { pattern: relativePath, exception, literal: true };
}

/** Which patterns matched a directory, handed down to its entries (see `matchChild`). */
export type MatchState = readonly boolean[];

type CompiledKind = 'exact' | 'prefix' | 'suffix' | 'regexp';

interface CompiledPattern {
  source: IgnorePattern;
  test: (path: string) => boolean;
}

/** The patterns of one ignore file, asked about paths relative to the context (`/`-separated). */
export class IgnoreMatcher {
  private readonly compiled: CompiledPattern[];
  private readonly exceptionPrefixes: string[];

  constructor(patterns: readonly IgnorePattern[]) {
    this.compiled = patterns.map((source) => ({
      source,
      test: source.literal === true ? (path: string) => path === source.pattern : compile(source.pattern),
    }));
    this.exceptionPrefixes = patterns.filter((p) => p.exception).map((p) => `${p.pattern}/`);
  }

  /** No patterns: nothing is ever excluded, and the walk can skip matching altogether. */
  get isEmpty(): boolean {
    return this.compiled.length === 0;
  }

  get hasExceptions(): boolean {
    return this.exceptionPrefixes.length > 0;
  }

  /**
   * Whether `relativePath` is excluded: it or one of its parent directories matches a pattern, and
   * the last pattern that matches is not an exception (patternmatcher's `MatchesOrParentMatches`).
   * The context's root (`.`, ``) is never excluded.
   */
  matches(relativePath: string): boolean {
    const file = normalizeQuery(relativePath);
    if (file === '.') return false;
    const parents = parentDirectories(file);
    let matched = false;
    for (const { source, test } of this.compiled) {
      // Once excluded only an exception can change the answer, and only an exclusion before that.
      if (source.exception !== matched) continue;
      if (test(file) || parents.some(test)) matched = !source.exception;
    }
    return matched;
  }

  /**
   * The answer of `matches` as the archive walk computes it: from the state of the parent
   * directory (undefined for the context's own entries) rather than by testing every parent again
   * (patternmatcher's `MatchesUsingParentResults`). It differs from `matches` in one corner that the
   * docker CLI has too: a pattern passed over for a directory (because the answer was already what
   * it would give) is not applied to the entries below it through that directory.
   */
  matchChild(relativePath: string, parent: MatchState | undefined): { excluded: boolean; state: MatchState } {
    const state: boolean[] = new Array<boolean>(this.compiled.length).fill(false);
    let matched = false;
    let parents: string[] | undefined;
    for (let index = 0; index < this.compiled.length; index++) {
      const compiled = this.compiled[index];
      if (compiled === undefined) continue;
      let hit = parent?.[index] ?? false;
      if (!hit) {
        if (compiled.source.exception !== matched) continue;
        hit = compiled.test(relativePath);
        if (!hit && parent === undefined) {
          parents ??= parentDirectories(relativePath);
          hit = parents.some(compiled.test);
        }
      }
      state[index] = hit;
      if (hit) matched = !compiled.source.exception;
    }
    return { excluded: matched, state };
  }

  /**
   * Whether the walk must go into the excluded directory `relativeDir` because an exception may
   * re-include something below it. As in the docker CLI this looks at the text of the exceptions:
   * `!dir/keep` opens `dir`, but `!**\/keep` or `!*\/keep` opens nothing that is already excluded.
   */
  mayReincludeUnder(relativeDir: string): boolean {
    const dirSlash = `${relativeDir}/`;
    return this.exceptionPrefixes.some((prefix) => prefix.startsWith(dirSlash));
  }
}

/** The ignore file that applies to a build, and its patterns; `path` is undefined when there is none. */
export interface IgnoreFile {
  path: string | undefined;
  patterns: IgnorePattern[];
}

/**
 * The ignore file of a build: `<Dockerfile>.dockerignore` next to the Dockerfile when there is one
 * (BuildKit's rule, which docker compose follows), else the context's `.dockerignore`. `dockerfile`
 * is relative to the context or absolute; leave it out for an inline Dockerfile.
 */
export async function readIgnoreFile(contextDir: string, dockerfile?: string): Promise<IgnoreFile> {
  const candidates: string[] = [];
  if (dockerfile !== undefined) candidates.push(`${path.resolve(contextDir, dockerfile)}.dockerignore`);
  candidates.push(path.join(contextDir, '.dockerignore'));
  for (const candidate of candidates) {
    let text: string;
    try {
      text = await readFile(candidate, 'utf8');
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ENOENT' || code === 'ENOTDIR') continue;
      throw new DockerignoreError(`cannot read ${candidate}: ${(error as Error).message}`, { cause: error });
    }
    return { path: candidate, patterns: parseDockerignore(text, candidate) };
  }
  return { path: undefined, patterns: [] };
}

/** Go's `filepath.Clean` on a `/`-separated path: no empty or `.` segments, `..` resolved where it can be. */
export function cleanPath(value: string): string {
  if (value === '') return '.';
  const rooted = value.startsWith('/');
  const out: string[] = [];
  for (const segment of value.split('/')) {
    if (segment === '' || segment === '.') continue;
    if (segment === '..') {
      if (out.length > 0 && out[out.length - 1] !== '..') out.pop();
      else if (!rooted) out.push('..');
      continue;
    }
    out.push(segment);
  }
  const joined = out.join('/');
  if (rooted) return `/${joined}`;
  return joined === '' ? '.' : joined;
}

function normalizeQuery(relativePath: string): string {
  const cleaned = cleanPath(relativePath);
  return cleaned.startsWith('/') ? cleanPath(cleaned.slice(1)) : cleaned;
}

function parentDirectories(file: string): string[] {
  const parents: string[] = [];
  for (let at = file.indexOf('/'); at !== -1; at = file.indexOf('/', at + 1)) parents.push(file.slice(0, at));
  return parents;
}

// Go's strings.TrimSpace: Unicode White_Space. JavaScript's trim() differs on U+FEFF and U+0085.
const SPACE = '[\\t\\n\\v\\f\\r \\u0085\\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000]';
const SURROUNDING_SPACE = new RegExp(`^${SPACE}+|${SPACE}+$`, 'gu');

function trimSpace(text: string): string {
  return text.replace(SURROUNDING_SPACE, '');
}

/**
 * The syntax check of Go's `filepath.Match` (which patternmatcher runs on every pattern): character
 * classes closed and not empty, no range bound missing, no trailing `\`. Also a range whose bounds
 * are reversed, which Go's matcher accepts but the regular expression patternmatcher builds from it
 * does not, failing the build at the first path it is asked about.
 */
function patternSyntaxError(pattern: string): string | undefined {
  const chars = Array.from(pattern);
  let at = 0;
  const classBound = (): string | { error: string } => {
    let char = chars[at];
    if (char === undefined || char === '-' || char === ']') return { error: 'a character class is empty or not closed' };
    if (char === '\\') {
      at++;
      char = chars[at];
      if (char === undefined) return { error: 'a character class is not closed' };
    }
    at++;
    if (at >= chars.length) return { error: 'a character class is not closed' };
    return char;
  };
  while (at < chars.length) {
    const char = chars[at];
    if (char === '\\') {
      if (at + 1 >= chars.length) return 'it ends with an escaping \\';
      at += 2;
    } else if (char === '[') {
      at++;
      if (chars[at] === '^') at++;
      let ranges = 0;
      for (;;) {
        if (chars[at] === ']' && ranges > 0) {
          at++;
          break;
        }
        const low = classBound();
        if (typeof low !== 'string') return low.error;
        let high = low;
        if (chars[at] === '-') {
          at++;
          const bound = classBound();
          if (typeof bound !== 'string') return bound.error;
          high = bound;
        }
        if ((low.codePointAt(0) ?? 0) > (high.codePointAt(0) ?? 0)) return `the range ${low}-${high} is reversed`;
        ranges++;
      }
    } else {
      at++;
    }
  }
  return undefined;
}

/**
 * A pattern as patternmatcher matches it. It sorts patterns into four kinds, and the shortcuts
 * are part of the semantics: `dir/**` (nothing special before a trailing `**`) is a plain prefix
 * test, so it matches `dir/x` but not `dir`; a leading `**` followed by nothing special is a plain
 * suffix test, so `**.log` matches `a/b.log` though `**` otherwise spans whole segments; a pattern
 * with nothing special is compared as it is.
 */
function compile(pattern: string): (path: string) => boolean {
  const chars = Array.from(pattern);
  let kind: CompiledKind = 'exact';
  let regexp = '^';
  for (let at = 0; at < chars.length; ) {
    const first = at === 0;
    const char = chars[at] ?? '';
    at++;
    if (char === '*') {
      if (chars[at] !== '*') {
        regexp += '[^/]*';
        kind = 'regexp';
        continue;
      }
      at++;
      if (chars[at] === '/') at++;
      if (at >= chars.length) {
        if (kind === 'exact') {
          kind = 'prefix';
        } else {
          regexp += '[^\\n]*';
          kind = 'regexp';
        }
      } else {
        // Any number of whole segments, none included: `a/**/b` matches `a/b`.
        regexp += '(?:[^\\n]*/)?';
        kind = 'regexp';
      }
      if (first) kind = 'suffix';
    } else if (char === '?') {
      regexp += '[^/]';
      kind = 'regexp';
    } else if (char === '\\') {
      regexp += escapeRegExpChar(chars[at] ?? '\\');
      at++;
      kind = 'regexp';
    } else if (char === '[') {
      const parsed = characterClass(chars, at);
      regexp += parsed.regexp;
      at = parsed.end;
      kind = 'regexp';
    } else if (char === ']') {
      // Literal, but it makes the pattern a regular expression in patternmatcher, which matters
      // when it follows a leading `**` (no longer a plain suffix test).
      regexp += '\\]';
      kind = 'regexp';
    } else {
      regexp += escapeRegExpChar(char);
    }
  }
  switch (kind) {
    case 'exact':
      return (path) => path === pattern;
    case 'prefix': {
      const prefix = pattern.slice(0, -2);
      return (path) => path.startsWith(prefix);
    }
    case 'suffix': {
      const suffix = pattern.slice(2);
      const bare = suffix.startsWith('/') ? suffix.slice(1) : undefined;
      return (path) => path.endsWith(suffix) || path === bare;
    }
    case 'regexp': {
      const compiled = new RegExp(`${regexp}$`, 'u');
      return (path) => compiled.test(path);
    }
  }
}

/** A `[...]` class (already checked by `patternSyntaxError`) as a regular expression class. */
function characterClass(chars: readonly string[], start: number): { regexp: string; end: number } {
  let at = start;
  let out = '[';
  if (chars[at] === '^') {
    out += '^';
    at++;
  }
  let ranges = 0;
  const bound = (): string => {
    if (chars[at] === '\\') at++;
    const char = chars[at] ?? '';
    at++;
    return char;
  };
  while (at < chars.length) {
    if (chars[at] === ']' && ranges > 0) {
      at++;
      break;
    }
    const low = bound();
    out += escapeClassChar(low);
    if (chars[at] === '-') {
      at++;
      out += `-${escapeClassChar(bound())}`;
    }
    ranges++;
  }
  return { regexp: `${out}]`, end: at };
}

function escapeRegExpChar(char: string): string {
  return /[\^$\\.*+?()[\]{}|/]/.test(char) ? `\\${char}` : char;
}

function escapeClassChar(char: string): string {
  return /[\\\][^-]/.test(char) ? `\\${char}` : char;
}
