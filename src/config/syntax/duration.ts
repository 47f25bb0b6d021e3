/** Nanoseconds per unit, as docker compose accepts them (the Go duration units). */
const UNITS: Record<string, bigint> = {
  ns: 1n,
  us: 1_000n,
  µs: 1_000n,
  μs: 1_000n,
  ms: 1_000_000n,
  s: 1_000_000_000n,
  m: 60_000_000_000n,
  h: 3_600_000_000_000n,
};

const PART = /^(\d*)(?:\.(\d*))?(ns|us|\u00b5s|\u03bcs|ms|s|m|h)/;

/**
 * Reads a duration such as `1m30s`, `1.5s`, `500ms` or `1h5m30s20ms` into nanoseconds; undefined
 * when the text is not one (the check stage reports it). A bare `0` is zero, as in Go.
 */
export function parseDuration(text: string): bigint | undefined {
  let rest = text.trim();
  let sign = 1n;
  if (rest.startsWith('-') || rest.startsWith('+')) {
    if (rest.startsWith('-')) sign = -1n;
    rest = rest.slice(1);
  }
  if (rest === '0') return 0n;
  if (rest === '') return undefined;
  let total = 0n;
  while (rest !== '') {
    const match = PART.exec(rest);
    if (!match) return undefined;
    const [whole, integer = '', fraction = '', unitName = ''] = match;
    if (integer === '' && fraction === '') return undefined;
    const unit = UNITS[unitName];
    if (unit === undefined) return undefined;
    total += BigInt(integer === '' ? '0' : integer) * unit;
    if (fraction !== '') total += (BigInt(fraction) * unit) / 10n ** BigInt(fraction.length);
    rest = rest.slice(whole.length);
  }
  return sign * total;
}

/**
 * Writes nanoseconds the way docker compose prints durations (Go's form): `1m30s`, `1h0m0s`, `1.5s`,
 * `500ms`, `0s`. Printing one spelling per length lets `90s` and `1m30s` compare equal.
 */
export function formatDuration(nanoseconds: bigint): string {
  if (nanoseconds === 0n) return '0s';
  const sign = nanoseconds < 0n ? '-' : '';
  const value = nanoseconds < 0n ? -nanoseconds : nanoseconds;
  if (value < 1_000n) return `${sign}${value}ns`;
  if (value < 1_000_000n) return `${sign}${decimal(value, 1_000n)}µs`;
  if (value < 1_000_000_000n) return `${sign}${decimal(value, 1_000_000n)}ms`;
  const hours = value / 3_600_000_000_000n;
  const minutes = (value / 60_000_000_000n) % 60n;
  const seconds = decimal(value % 60_000_000_000n, 1_000_000_000n);
  if (hours > 0n) return `${sign}${hours}h${minutes}m${seconds}s`;
  if (minutes > 0n) return `${sign}${minutes}m${seconds}s`;
  return `${sign}${seconds}s`;
}

/** A duration in docker compose's printed form, or the text unchanged when it is not a duration. */
export function normalizeDuration(text: string): string {
  const parsed = parseDuration(text);
  return parsed === undefined ? text : formatDuration(parsed);
}

/** `value / unit` written with as many decimals as needed, and no trailing zeros. */
function decimal(value: bigint, unit: bigint): string {
  const whole = value / unit;
  const remainder = value % unit;
  if (remainder === 0n) return String(whole);
  const digits = String(unit).length - 1;
  const fraction = String(remainder).padStart(digits, '0').replace(/0+$/, '');
  return `${whole}.${fraction}`;
}
