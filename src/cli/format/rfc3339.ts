/**
 * A time as Go's `time.Format(time.RFC3339Nano)` writes it, which is how docker compose's JSON
 * shows times: `2024-05-02T12:21:53.123456789Z`, the fraction without trailing zeros (none when
 * whole), `Z` for UTC, else the offset (`+02:00`). `offsetMinutes` is the zone's offset east of UTC.
 */
export function rfc3339Nano(unixSeconds: number, nanoseconds: number, offsetMinutes: number): string {
  const fraction = nanoseconds > 0 ? `.${String(nanoseconds).padStart(9, '0')}`.replace(/0+$/, '') : '';
  return `${localDateTime(unixSeconds, offsetMinutes, 'T')}${fraction}${zone(offsetMinutes)}`;
}

/** `2024-05-02<separator>12:21:53` in the zone `offsetMinutes` east of UTC. */
export function localDateTime(unixSeconds: number, offsetMinutes: number, separator: string): string {
  const local = new Date((unixSeconds + offsetMinutes * 60) * 1000);
  const pad = (value: number): string => String(value).padStart(2, '0');
  const date = `${local.getUTCFullYear()}-${pad(local.getUTCMonth() + 1)}-${pad(local.getUTCDate())}`;
  return `${date}${separator}${pad(local.getUTCHours())}:${pad(local.getUTCMinutes())}:${pad(local.getUTCSeconds())}`;
}

/** The local time zone's offset east of UTC at a moment, in minutes. */
export function localOffsetMinutes(unixSeconds: number): number {
  // getTimezoneOffset is west of UTC; `|| 0` turns its -0 for UTC into 0.
  return -new Date(unixSeconds * 1000).getTimezoneOffset() || 0;
}

function zone(offsetMinutes: number): string {
  if (offsetMinutes === 0) return 'Z';
  const sign = offsetMinutes < 0 ? '-' : '+';
  const minutes = Math.abs(offsetMinutes);
  return `${sign}${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
}
