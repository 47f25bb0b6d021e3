/**
 * The text docker compose gives a scalar in a string-valued mapping (`environment`, `labels`, ...):
 * YAML may have read `1`, `1.5` or `true` as numbers and booleans, but containers only see strings.
 */
export function scalarToString(value: number | boolean | string): string {
  return typeof value === 'string' ? value : String(value);
}

/** A whole non-negative number written as a number or as decimal digits, else undefined. */
export function toWholeNumber(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isInteger(value) && value >= 0 ? value : undefined;
  if (typeof value === 'string' && /^\d+$/.test(value.trim())) return Number(value.trim());
  return undefined;
}
