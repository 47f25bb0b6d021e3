import { ConfigError } from './config-error.js';
import { interpolateString, InterpolationError, type Lookup } from './interpolate.js';

/** One `KEY=value` statement of an env file. */
export interface DotEnvEntry {
  key: string;
  /** undefined for a key written alone that the environment does not set. */
  value: string | undefined;
  /** 1-based line where the statement starts (a quoted value may run over several lines). */
  line: number;
}

const KEY_CHARS = /[\p{L}\p{N}_.\-[\]]+/uy;
const EXPORT_PREFIX = /export[ \t]+/y;
const INLINE_SPACE = /[ \t\v\f]/;
const DOUBLE_QUOTE_ESCAPES: Readonly<Record<string, string>> = {
  n: '\n',
  t: '\t',
  r: '\r',
  a: '\x07',
  b: '\b',
  f: '\f',
  v: '\v',
  '\\': '\\',
  '"': '"',
  // Doubling keeps the dollar literal through the interpolation that follows.
  $: '$$',
};

/**
 * Parses the text of an env file (`.env`, `--env-file`, a service's `env_file`). Unquoted and
 * double-quoted values are interpolated: a name is looked up in `lookup` first, then in the earlier
 * lines of this file, then in `fallback` (values of env files read before this one). Throws
 * ConfigError with file, line and column for an unterminated quote or a malformed key.
 */
export function parseDotEnv(text: string, file: string, lookup: Lookup, fallback?: Lookup): DotEnvEntry[] {
  return new DotEnvParser(text, file, lookup, fallback).parse();
}

class DotEnvParser {
  private readonly text: string;
  private position = 0;
  private line = 1;
  private lineStart = 0;
  private readonly earlier = new Map<string, string>();
  private readonly entries: DotEnvEntry[] = [];

  constructor(
    text: string,
    private readonly file: string,
    private readonly lookup: Lookup,
    private readonly fallback: Lookup | undefined,
  ) {
    // A byte-order mark and Windows line ends are artefacts of the editor, not part of any value.
    this.text = text.replace(/^\uFEFF/, '').replace(/\r\n/g, '\n');
  }

  parse(): DotEnvEntry[] {
    for (;;) {
      this.skipBlank();
      if (this.position >= this.text.length) return this.entries;
      if (this.peek() === '#') {
        this.skipRestOfLine();
        continue;
      }
      this.statement();
    }
  }

  private statement(): void {
    const line = this.line;
    this.skipExportPrefix();
    const keyStart = this.position;
    const key = this.match(KEY_CHARS) ?? '';
    const afterKey = this.position;
    this.skipInlineSpace();
    const next = this.peek();
    if (next === '=' || next === ':') {
      if (key === '') throw this.error('missing variable name before "="', keyStart);
      this.position++;
      const value = this.value();
      this.earlier.set(key, value);
      this.entries.push({ key, value, line });
      return;
    }
    const commentAfterSpace = next === '#' && this.position > afterKey;
    if (key !== '' && (next === undefined || next === '\n' || commentAfterSpace)) {
      // A key alone takes its value from the environment, and stays unset when that has none.
      this.skipRestOfLine();
      const value = this.lookup(key);
      if (value !== undefined) this.earlier.set(key, value);
      this.entries.push({ key, value, line });
      return;
    }
    if (key !== '' && this.position > afterKey) {
      throw this.error(`variable name "${key} ${this.keyTail()}" must not contain a space`, afterKey);
    }
    throw this.error(`unexpected character "${next ?? ''}" in variable name`, this.position);
  }

  private value(): string {
    const afterEquals = this.position;
    this.skipInlineSpace();
    const quote = this.peek();
    if (quote === '"' || quote === "'") return this.quotedValue(quote);

    const end = this.endOfLine();
    let raw = this.text.slice(afterEquals, end);
    // A `#` starts a comment only after a space, so `a#b` is a value and `a #b` is `a`.
    const comment = /[ \t]#/.exec(raw);
    if (comment) raw = raw.slice(0, comment.index);
    const valueStart = this.position;
    this.moveTo(end);
    return this.interpolate(raw.trim(), valueStart);
  }

  private quotedValue(quote: '"' | "'"): string {
    const open = this.position;
    let close = -1;
    for (let index = open + 1; index < this.text.length; index++) {
      const char = this.text[index];
      if (char === '\\') index++;
      else if (char === quote) {
        close = index;
        break;
      }
    }
    if (close === -1) throw this.error(`unterminated quoted value: no closing ${quote} found`, open);
    const raw = this.text.slice(open + 1, close);
    this.moveTo(close + 1);
    this.skipInlineSpace();
    const after = this.peek();
    if (after === '#') this.skipRestOfLine();
    else if (after !== undefined && after !== '\n') {
      throw this.error(`unexpected "${after}" after the closing quote`, this.position);
    }
    if (quote === "'") return raw.replace(/\\'/g, "'");
    return this.interpolate(expandEscapes(raw), open + 1);
  }

  /** Expands references in a value whose text starts at offset `start`. */
  private interpolate(template: string, start: number): string {
    const lookup: Lookup = (name) => this.lookup(name) ?? this.earlier.get(name) ?? this.fallback?.(name);
    try {
      return interpolateString(template, lookup).value;
    } catch (error) {
      if (error instanceof InterpolationError) {
        const { line, column } = this.locationOf(start);
        throw new ConfigError(
          error.reason,
          { file: this.file, line, column },
          { hint: error.hint, cause: error },
        );
      }
      throw error;
    }
  }

  private skipBlank(): void {
    for (;;) {
      const char = this.peek();
      if (char === '\n') this.moveTo(this.position + 1);
      else if (char !== undefined && INLINE_SPACE.test(char)) this.position++;
      else return;
    }
  }

  private skipInlineSpace(): void {
    for (;;) {
      const char = this.peek();
      if (char === undefined || !INLINE_SPACE.test(char)) return;
      this.position++;
    }
  }

  private skipExportPrefix(): void {
    EXPORT_PREFIX.lastIndex = this.position;
    const prefix = EXPORT_PREFIX.exec(this.text);
    if (!prefix) return;
    const after = this.position + prefix[0].length;
    KEY_CHARS.lastIndex = after;
    // `export=1` and a bare `export` are a variable named export, not the prefix.
    if (KEY_CHARS.exec(this.text)) this.position = after;
  }

  private skipRestOfLine(): void {
    this.moveTo(this.endOfLine());
  }

  private endOfLine(): number {
    const end = this.text.indexOf('\n', this.position);
    return end === -1 ? this.text.length : end;
  }

  private match(pattern: RegExp): string | undefined {
    pattern.lastIndex = this.position;
    const found = pattern.exec(this.text);
    if (!found) return undefined;
    this.position += found[0].length;
    return found[0];
  }

  private keyTail(): string {
    KEY_CHARS.lastIndex = this.position;
    return KEY_CHARS.exec(this.text)?.[0] ?? '';
  }

  private peek(): string | undefined {
    return this.text[this.position];
  }

  /** Advances to `target`, counting the line ends passed. */
  private moveTo(target: number): void {
    for (let index = this.position; index < target; index++) {
      if (this.text[index] === '\n') {
        this.line++;
        this.lineStart = index + 1;
      }
    }
    this.position = target;
  }

  /** Line and column of an offset on or after the start of the current line. */
  private locationOf(offset: number): { line: number; column: number } {
    let line = this.line;
    let lineStart = this.lineStart;
    // The offset may lie before lines already passed (a multi-line quoted value): count back.
    while (offset < lineStart) {
      line--;
      lineStart = lineStart < 2 ? 0 : this.text.lastIndexOf('\n', lineStart - 2) + 1;
    }
    return { line, column: offset - lineStart + 1 };
  }

  private error(reason: string, offset: number): ConfigError {
    const { line, column } = this.locationOf(offset);
    return new ConfigError(reason, { file: this.file, line, column });
  }
}

/** Expands the backslash escapes of a double-quoted value; unknown ones stay as written. */
function expandEscapes(raw: string): string {
  return raw.replace(/\\([\s\S])/g, (whole, char: string) => DOUBLE_QUOTE_ESCAPES[char] ?? whole);
}
