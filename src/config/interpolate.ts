import { castInterpolated, TypeCastError } from './cast.js';
import { configErrorAt } from './config-error.js';
import type { Json, JsonObject, PathSegment } from './json.js';

/** Answers the value of a variable, or undefined when it is unset (an empty string is set). */
export type Lookup = (name: string) => string | undefined;

/** A malformed `${...}` or a required variable without a value; `reason` is the one-line cause. */
export class InterpolationError extends Error {
  /** What is wrong, without any location. */
  readonly reason: string;
  /** What the user can do about it, when there is something to say. */
  readonly hint: string | undefined;

  constructor(reason: string, hint?: string) {
    super(reason);
    this.name = new.target.name;
    this.reason = reason;
    this.hint = hint;
  }
}

/** The outcome of expanding one string. */
export interface InterpolationResult {
  value: string;
  /** Variables referenced without an operator that had no value (each occurrence, in order). */
  unset: string[];
  /** Every variable actually looked up, in order (an operator's argument counts only when used). */
  used: string[];
  /** Whether the text held at least one variable reference (`$$` alone does not count). */
  substituted: boolean;
}

/** One variable reference as written, for listing what a file depends on. */
export interface VariableUse {
  name: string;
  /** Written with `?` or `:?`: loading fails without it. */
  required: boolean;
  /** The argument of `-` or `:-`, as written (not expanded). */
  defaultValue?: string;
  /** The argument of `+` or `:+`, as written (not expanded). */
  alternateValue?: string;
}

/**
 * What a variable reference turned into: the variable's own `value`; the `default` of `-`/`:-`;
 * the `alternate` of `+`/`:+`; `empty` for `+`/`:+` without the variable; `unset` for a plain
 * reference to a variable that has no value (it became an empty string).
 */
export type ReferenceOutcome = 'value' | 'default' | 'alternate' | 'empty' | 'unset';

/** One variable reference as expansion resolved it. */
export interface ResolvedReference {
  name: string;
  outcome: ReferenceOutcome;
  /** The operator's argument as written, when the reference has one. */
  argument?: string;
}

/** What `interpolateDocument` reports while it walks the tree. */
export interface InterpolationHooks {
  /** A variable referenced without an operator has no value: it became an empty string. */
  onUnset?(name: string, path: PathSegment[]): void;
  /** A variable was looked up while expanding the value at `path`. */
  onUse?(name: string, path: PathSegment[]): void;
  /**
   * Every reference in the value at `container[key]` (path `path`), with what it resolved to, for
   * telling where a value came from. Costs nothing when absent.
   */
  onResolve?(references: readonly ResolvedReference[], at: { container: JsonObject | Json[]; key: PathSegment; path: PathSegment[] }): void;
}

type Operator = ':-' | '-' | ':?' | '?' | ':+' | '+';

// Two-character operators first, so `:-` is not read as an unknown `:` followed by `-`.
const OPERATORS: readonly Operator[] = [':-', ':?', ':+', '-', '?', '+'];

const NAME_AT_START = /^[_A-Za-z][_A-Za-z0-9]*/;

type Token =
  | { kind: 'text'; text: string; end: number }
  | { kind: 'variable'; name: string; operator?: Operator; argument?: string; end: number };

const INVALID_HINT = 'to write a literal $, double it: $$';

function invalidFormat(source: string, detail?: string): InterpolationError {
  const suffix = detail === undefined ? '' : `: ${detail}`;
  return new InterpolationError(`invalid interpolation format "${source}"${suffix}`, INVALID_HINT);
}

function isNameStart(char: string | undefined): boolean {
  return char !== undefined && /[_A-Za-z]/.test(char);
}

function isNameChar(char: string | undefined): boolean {
  return char !== undefined && /[_A-Za-z0-9]/.test(char);
}

/** Reads what starts at the `$` found at `at`. */
function readToken(text: string, at: number): Token {
  const next = text[at + 1];
  if (next === '$') return { kind: 'text', text: '$', end: at + 2 };
  if (isNameStart(next)) {
    let end = at + 2;
    while (isNameChar(text[end])) end++;
    return { kind: 'variable', name: text.slice(at + 1, end), end };
  }
  if (next === '{') return readBraced(text, at);
  // A lone `$` (before a space, a digit, the end...) is not a reference: it stays as written.
  return { kind: 'text', text: '$', end: at + 1 };
}

/** Reads `${...}`, counting braces so a default may hold JSON or another `${...}`. */
function readBraced(text: string, at: number): Token {
  let depth = 0;
  let close = -1;
  for (let index = at + 1; index < text.length; index++) {
    const char = text[index];
    if (char === '{') depth++;
    else if (char === '}') {
      depth--;
      if (depth === 0) {
        close = index;
        break;
      }
    }
  }
  if (close === -1) throw invalidFormat(text.slice(at), 'missing closing brace');
  const source = text.slice(at, close + 1);
  const inner = text.slice(at + 2, close);
  const name = NAME_AT_START.exec(inner)?.[0];
  if (name === undefined) throw invalidFormat(source);
  const rest = inner.slice(name.length);
  if (rest === '') return { kind: 'variable', name, end: close + 1 };
  // The operator must follow the name directly, which makes the earliest operator the one that counts.
  const operator = OPERATORS.find((candidate) => rest.startsWith(candidate));
  if (operator === undefined) throw invalidFormat(source);
  return { kind: 'variable', name, operator, argument: rest.slice(operator.length), end: close + 1 };
}

function requiredError(name: string, message: string): InterpolationError {
  const detail = message === '' ? '' : `: ${message}`;
  return new InterpolationError(`required variable ${name} is missing a value${detail}`);
}

class Expander {
  readonly unset: string[] = [];
  readonly used: string[] = [];
  substituted = false;
  /** Filled only when asked for (see InterpolationHooks.onResolve). */
  readonly references: ResolvedReference[] | undefined;

  constructor(
    private readonly lookup: Lookup,
    recordReferences = false,
  ) {
    this.references = recordReferences ? [] : undefined;
  }

  expand(text: string): string {
    let out = '';
    let index = 0;
    for (;;) {
      const dollar = text.indexOf('$', index);
      if (dollar === -1) return out + text.slice(index);
      out += text.slice(index, dollar);
      const token = readToken(text, dollar);
      out += token.kind === 'text' ? token.text : this.resolve(token.name, token.operator, token.argument ?? '');
      index = token.end;
    }
  }

  private resolve(name: string, operator: Operator | undefined, argument: string): string {
    this.substituted = true;
    this.used.push(name);
    const value = this.lookup(name);
    const isSet = value !== undefined;
    const isNonEmpty = isSet && value !== '';
    if (this.references) this.references.push(referenceOutcome(name, operator, argument, isSet, isNonEmpty));
    switch (operator) {
      case undefined:
        if (!isSet) this.unset.push(name);
        return value ?? '';
      case ':-':
        return isNonEmpty ? value : this.expand(argument);
      case '-':
        return isSet ? value : this.expand(argument);
      case ':?':
        if (!isNonEmpty) throw requiredError(name, this.expand(argument));
        return value;
      case '?':
        if (!isSet) throw requiredError(name, this.expand(argument));
        return value;
      case ':+':
        return isNonEmpty ? this.expand(argument) : '';
      case '+':
        return isSet ? this.expand(argument) : '';
    }
  }
}

function referenceOutcome(
  name: string,
  operator: Operator | undefined,
  argument: string,
  isSet: boolean,
  isNonEmpty: boolean,
): ResolvedReference {
  const withArgument = (outcome: ReferenceOutcome): ResolvedReference => ({ name, outcome, argument });
  switch (operator) {
    case undefined:
      return { name, outcome: isSet ? 'value' : 'unset' };
    case ':-':
      return withArgument(isNonEmpty ? 'value' : 'default');
    case '-':
      return withArgument(isSet ? 'value' : 'default');
    case ':?':
    case '?':
      return withArgument('value');
    case ':+':
      return withArgument(isNonEmpty ? 'alternate' : 'empty');
    case '+':
      return withArgument(isSet ? 'alternate' : 'empty');
  }
}

/**
 * Expands `$NAME`, `${NAME}` and `${NAME<op>arg}` in one string. Throws InterpolationError for a
 * malformed reference or a required variable without a value.
 */
export function interpolateString(text: string, lookup: Lookup): InterpolationResult {
  const expander = new Expander(lookup);
  const value = expander.expand(text);
  return { value, unset: expander.unset, used: expander.used, substituted: expander.substituted };
}

/** interpolateString, also telling what each reference resolved to (nested ones included). */
export function interpolateStringTraced(
  text: string,
  lookup: Lookup,
): InterpolationResult & { references: readonly ResolvedReference[] } {
  const expander = new Expander(lookup, true);
  const value = expander.expand(text);
  return { value, unset: expander.unset, used: expander.used, substituted: expander.substituted, references: expander.references ?? [] };
}

/**
 * Every variable reference in `text`, in order of appearance, including those nested in an operator's
 * argument. Nothing is looked up. Throws InterpolationError for a malformed reference.
 */
export function listVariables(text: string): VariableUse[] {
  const uses: VariableUse[] = [];
  let index = 0;
  for (;;) {
    const dollar = text.indexOf('$', index);
    if (dollar === -1) return uses;
    const token = readToken(text, dollar);
    index = token.end;
    if (token.kind === 'text') continue;
    const use: VariableUse = { name: token.name, required: token.operator === '?' || token.operator === ':?' };
    if (token.operator === '-' || token.operator === ':-') use.defaultValue = token.argument;
    if (token.operator === '+' || token.operator === ':+') use.alternateValue = token.argument;
    uses.push(use);
    if (token.argument !== undefined) uses.push(...listVariables(token.argument));
  }
}

/**
 * Expands every string value under `root` in place (mapping keys are never touched), then gives a
 * value that held a reference the type its field expects (see cast.ts). A failure becomes a
 * ConfigError naming the file, line, column and key path of the value.
 */
export function interpolateDocument(root: JsonObject, lookup: Lookup, hooks: InterpolationHooks = {}): void {
  visitContainer(root, root, [], lookup, hooks);
}

function visitContainer(
  root: JsonObject,
  container: JsonObject | Json[],
  path: PathSegment[],
  lookup: Lookup,
  hooks: InterpolationHooks,
): void {
  if (Array.isArray(container)) {
    container.forEach((item, index) => {
      const replacement = visitValue(root, item, container, index, [...path, index], lookup, hooks);
      if (replacement !== undefined) container[index] = replacement;
    });
    return;
  }
  for (const [key, item] of Object.entries(container)) {
    const replacement = visitValue(root, item, container, key, [...path, key], lookup, hooks);
    if (replacement !== undefined) container[key] = replacement;
  }
}

/** Returns the new value for a string, or undefined when nothing is to be replaced. */
function visitValue(
  root: JsonObject,
  value: Json,
  container: JsonObject | Json[],
  key: PathSegment,
  path: PathSegment[],
  lookup: Lookup,
  hooks: InterpolationHooks,
): Json | undefined {
  if (typeof value === 'object' && value !== null) {
    visitContainer(root, value, path, lookup, hooks);
    return undefined;
  }
  if (typeof value !== 'string' || !value.includes('$')) return undefined;
  let result: InterpolationResult;
  try {
    if (hooks.onResolve) {
      const traced = interpolateStringTraced(value, lookup);
      if (traced.references.length > 0) hooks.onResolve(traced.references, { container, key, path });
      result = traced;
    } else {
      result = interpolateString(value, lookup);
    }
  } catch (error) {
    if (error instanceof InterpolationError) {
      throw configErrorAt(root, path, error.reason, { hint: error.hint, cause: error });
    }
    throw error;
  }
  for (const name of result.used) hooks.onUse?.(name, path);
  for (const name of result.unset) hooks.onUnset?.(name, path);
  if (!result.substituted) return result.value;
  try {
    return castInterpolated(result.value, path);
  } catch (error) {
    if (error instanceof TypeCastError) {
      throw configErrorAt(root, path, `${error.reason} (from "${value}")`, { cause: error });
    }
    throw error;
  }
}
