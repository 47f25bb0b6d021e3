import { parseBytes } from '../formats.js';

/**
 * A byte size as docker compose prints it: the number of bytes in decimal, as a string (`64m` →
 * `"67108864"`, `1024` → `"1024"`). A whole number is taken as a count of bytes as it is, so
 * `memswap_limit: -1` (no swap limit) prints `"-1"`. Undefined when the value is not a size: a
 * string that still holds a variable reference (interpolation off) is left for the caller to keep.
 */
export function printedByteSize(value: unknown): string | undefined {
  if (typeof value === 'number') return Number.isInteger(value) ? String(value) : undefined;
  if (typeof value !== 'string') return undefined;
  const bytes = parseBytes(value.trim());
  return bytes === undefined ? undefined : String(bytes);
}
