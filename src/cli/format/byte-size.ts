/**
 * Sizes as docker prints them (go-units): `decimalSize` for image sizes and I/O (`4.86MB`, `1.2kB`:
 * powers of 1000, three significant digits), `binarySize` for memory (`1.5MiB`, `7.629GiB`: powers
 * of 1024, four significant digits). Digits are Go's `%g`, so trailing zeros go (`4.8MB`).
 */
export function decimalSize(bytes: number, significant = 3): string {
  return scaled(bytes, 1000, DECIMAL_UNITS, significant);
}

/** Memory sizes: powers of 1024 with four significant digits (go-units' BytesSize). */
export function binarySize(bytes: number): string {
  return scaled(bytes, 1024, BINARY_UNITS, 4);
}

const DECIMAL_UNITS = ['B', 'kB', 'MB', 'GB', 'TB', 'PB', 'EB', 'ZB', 'YB'] as const;
const BINARY_UNITS = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB', 'EiB', 'ZiB', 'YiB'] as const;

function scaled(bytes: number, base: number, units: readonly string[], significant: number): string {
  let size = bytes;
  let unit = 0;
  while (size >= base && unit < units.length - 1) {
    size /= base;
    unit += 1;
  }
  return `${goSignificant(size, significant)}${units[unit] ?? ''}`;
}

/**
 * A number as Go's `%.<digits>g` writes it: rounded to `digits` significant digits, trailing zeros
 * dropped, and in exponent form (`1e+03`) when the exponent is below -4 or not below `digits`;
 * that is what docker shows for 999.7 kB (`1e+03kB`), so it is kept.
 */
export function goSignificant(value: number, digits: number): string {
  if (value === 0 || !Number.isFinite(value)) return String(value);
  const sign = value < 0 ? '-' : '';
  const [mantissa = '0', exponentText = '0'] = Math.abs(value).toExponential(digits - 1).split('e');
  const exponent = Number(exponentText);
  if (exponent < -4 || exponent >= digits) {
    return `${sign}${withoutTrailingZeros(mantissa)}e${exponent < 0 ? '-' : '+'}${String(Math.abs(exponent)).padStart(2, '0')}`;
  }
  const figures = mantissa.replace('.', '');
  const fixed =
    exponent >= 0
      ? `${figures.slice(0, exponent + 1)}.${figures.slice(exponent + 1)}`
      : `0.${'0'.repeat(-exponent - 1)}${figures}`;
  return `${sign}${withoutTrailingZeros(fixed)}`;
}

function withoutTrailingZeros(text: string): string {
  return text.includes('.') ? text.replace(/0+$/, '').replace(/\.$/, '') : text;
}
