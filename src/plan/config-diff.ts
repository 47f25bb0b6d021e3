import { canonicalJson } from '../model/config-hash.js';

/** Longer values are cut to this many characters: a reason is one line of a plan, not a dump. */
const MAX_VALUE_LENGTH = 40;

/**
 * The fields that differ between two configurations (the recorded one and the current one, as the
 * plain JSON of `serviceConfigRecord`), one line each, in key order:
 *
 * - a changed value: `environment.GREETING "hello" -> "changed"`, `ports[0].published "8080" -> "8081"`
 * - a key that is new or gone: `environment.DEBUG added "1"`, `labels.x removed`
 * - a list of plain values, whole: `command ["a"] -> ["b"]`
 *
 * Lists of objects (ports, mounts) are compared item by item, so the line names the item's field;
 * items beyond the shorter list are added or removed. A section that is new or gone is told by its
 * fields. Pure, and empty when the two are equal.
 */
export function configDifferences(before: unknown, after: unknown): string[] {
  const differences: string[] = [];
  compare(before, after, '', differences);
  return differences;
}

function compare(before: unknown, after: unknown, path: string, out: string[]): void {
  if (isObject(before) && isObject(after)) {
    const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort(compareKeys);
    for (const key of keys) {
      const inner = memberPath(path, key);
      if (!Object.hasOwn(after, key)) {
        if (isExpandable(before[key])) compare(before[key], emptyLike(before[key]), inner, out);
        else out.push(`${inner} removed`);
      } else if (!Object.hasOwn(before, key)) {
        if (isExpandable(after[key])) compare(emptyLike(after[key]), after[key], inner, out);
        else out.push(`${inner} added ${isSecretName(key) || holdsSecret(after[key]) ? HIDDEN : shortValue(after[key])}`);
      } else if (isSecretName(key) && !isObject(after[key]) && canonicalJson(before[key]) !== canonicalJson(after[key])) {
        out.push(`${inner} changed ${HIDDEN}`);
      } else compare(before[key], after[key], inner, out);
    }
    return;
  }
  if (Array.isArray(before) && Array.isArray(after) && (hasObjects(before) || hasObjects(after))) {
    const shared = Math.min(before.length, after.length);
    for (let index = 0; index < shared; index += 1) compare(before[index], after[index], `${path}[${String(index)}]`, out);
    for (let index = shared; index < after.length; index += 1) {
      out.push(`${path}[${String(index)}] added ${holdsSecret(after[index]) ? HIDDEN : shortValue(after[index])}`);
    }
    for (let index = shared; index < before.length; index += 1) out.push(`${path}[${String(index)}] removed`);
    return;
  }
  if (canonicalJson(before) === canonicalJson(after)) return;
  out.push(holdsSecret(before) || holdsSecret(after) ? `${path} changed ${HIDDEN}` : `${path} ${shortValue(before)} -> ${shortValue(after)}`);
}

/**
 * A whole section added or removed (`environment` where there was none) is told field by field,
 * as if it had been there empty: `environment.DEBUG added "1"`. An empty one has no fields to tell.
 */
function isExpandable(value: unknown): boolean {
  return (isObject(value) && Object.keys(value).length > 0) || (Array.isArray(value) && hasObjects(value));
}

function emptyLike(value: unknown): unknown {
  return Array.isArray(value) ? [] : {};
}

function hasObjects(list: readonly unknown[]): boolean {
  return list.some(isObject);
}

/**
 * `parent.key`, or `parent["key"]` for a key that would not read as one step of a path (labels
 * such as `com.example.role`, environment names with dots).
 */
function memberPath(parent: string, key: string): string {
  if (/^[A-Za-z_][A-Za-z0-9_-]*$/.test(key)) return parent === '' ? key : `${parent}.${key}`;
  return `${parent}[${JSON.stringify(key)}]`;
}

// Plans are printed in CI logs and terminals: values whose names say they are secret, and values that
// hold one whatever their name, are not shown.
const SECRET_NAME = /pass(?:word|wd)?|secret|token|api[_-]?key|private[_-]?key|credential|auth/i;
const HIDDEN = '(value hidden)';

function isSecretName(key: string): boolean {
  return SECRET_NAME.test(key);
}

// A secret under an innocent name: a URL with a password in it (`postgres://app:pw@db/app`), or a
// PEM block (a private key pasted into the environment).
const URL_WITH_PASSWORD = /[a-z][a-z0-9+.-]*:\/\/[^\s/@:]*:[^\s/@]+@/i;
const PEM_BLOCK = /-----BEGIN [A-Z ]+-----/;

function holdsSecret(value: unknown): boolean {
  if (typeof value === 'string') return URL_WITH_PASSWORD.test(value) || PEM_BLOCK.test(value);
  if (Array.isArray(value)) return value.some(holdsSecret);
  return isObject(value) && Object.values(value).some(holdsSecret);
}

/** A value as JSON, cut short with `...` past MAX_VALUE_LENGTH characters. */
export function shortValue(value: unknown): string {
  const text = canonicalJson(value);
  return text.length <= MAX_VALUE_LENGTH ? text : `${text.slice(0, MAX_VALUE_LENGTH - 3)}...`;
}

function compareKeys(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
