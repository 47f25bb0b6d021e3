import { ShortSyntaxError } from './short-syntax-error.js';

/** One `KEY=VALUE` entry of a list-form mapping; `value` is null when the entry is a bare `KEY`. */
export interface KeyValueEntry {
  key: string;
  value: string | null;
}

/**
 * Splits `KEY=VALUE` at the first `=` (the value may hold more). A bare `KEY` has no value at all,
 * which is not the same as `KEY=` (an empty string): the first is looked up, the second set empty.
 */
export function parseKeyValue(entry: string): KeyValueEntry {
  const at = entry.indexOf('=');
  const key = at === -1 ? entry : entry.slice(0, at);
  if (key.trim() === '') throw new ShortSyntaxError(`"${entry}" has no name before "="`);
  return at === -1 ? { key, value: null } : { key, value: entry.slice(at + 1) };
}
