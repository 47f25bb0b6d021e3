const NUMBER = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;

/** The most significant digits a single-precision number needs to be read back exactly. */
const SINGLE_PRECISION_DIGITS = 9;

/**
 * A CPU count as docker compose prints it: a number, not the text it was written as (`"0.5"` →
 * `0.5`). Docker compose holds it in single precision, so it prints the shortest decimal that reads
 * back as the same single-precision value (`0.333333333` → `0.33333334`). Undefined when the value
 * is not a number (a string that still holds a variable reference).
 */
export function printedCpus(value: unknown): number | undefined {
  const number = typeof value === 'number' ? value : typeof value === 'string' ? parseNumber(value.trim()) : undefined;
  if (number === undefined || !Number.isFinite(number)) return undefined;
  const single = Math.fround(number);
  for (let digits = 1; digits < SINGLE_PRECISION_DIGITS; digits++) {
    const shorter = Number(single.toPrecision(digits));
    if (Math.fround(shorter) === single) return shorter;
  }
  return Number(single.toPrecision(SINGLE_PRECISION_DIGITS));
}

function parseNumber(text: string): number | undefined {
  return NUMBER.test(text) ? Number(text) : undefined;
}
