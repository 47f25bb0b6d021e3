const TRUE_WORDS = new Set(['true', 'yes', 'on', 'y']);
const FALSE_WORDS = new Set(['false', 'no', 'off', 'n']);

/**
 * Reads a boolean the way docker compose casts typed fields after interpolation: `"true"`, `"yes"`,
 * `"on"` (any case) are true, their opposites false. Anything else comes back unchanged, so the
 * schema or a later check can name it.
 */
export function toBooleanIfBoolean<T>(value: T): T | boolean {
  if (typeof value === 'boolean') return value;
  if (typeof value !== 'string') return value;
  const word = value.trim().toLowerCase();
  if (TRUE_WORDS.has(word)) return true;
  if (FALSE_WORDS.has(word)) return false;
  return value;
}
