/**
 * A duration the way docker prints ages (`CREATED`, `RunningFor`): `Less than a second`,
 * `About a minute`, `3 hours`, `2 weeks`, ... with the same cut-over points as docker's.
 */
export function humanDuration(milliseconds: number): string {
  const seconds = Math.floor(milliseconds / 1000);
  if (seconds < 1) return 'Less than a second';
  if (seconds === 1) return '1 second';
  if (seconds < 60) return `${seconds} seconds`;
  const minutes = Math.floor(seconds / 60);
  if (minutes === 1) return 'About a minute';
  if (minutes < 60) return `${minutes} minutes`;
  const hours = Math.round(milliseconds / 3_600_000);
  if (hours === 1) return 'About an hour';
  if (hours < 48) return `${hours} hours`;
  if (hours < 24 * 7 * 2) return `${Math.floor(hours / 24)} days`;
  if (hours < 24 * 30 * 2) return `${Math.floor(hours / 24 / 7)} weeks`;
  if (hours < 24 * 365 * 2) return `${Math.floor(hours / 24 / 30)} months`;
  return `${Math.floor(milliseconds / 3_600_000 / 24 / 365)} years`;
}

/** How long ago a Unix time was: `3 minutes ago`. */
export function timeAgo(unixSeconds: number, now: Date): string {
  return `${humanDuration(Math.max(0, now.getTime() - unixSeconds * 1000))} ago`;
}

/**
 * A Unix time in the form docker's JSON output uses for `CreatedAt` (Go's time format):
 * `2024-05-02 12:21:53 +0000 UTC`, in the local time zone of `offsetMinutes` east of UTC.
 */
export function goTime(unixSeconds: number, offsetMinutes: number): string {
  const local = new Date(unixSeconds * 1000 + offsetMinutes * 60_000);
  const pad = (value: number, length = 2): string => String(value).padStart(length, '0');
  const date = `${local.getUTCFullYear()}-${pad(local.getUTCMonth() + 1)}-${pad(local.getUTCDate())}`;
  const time = `${pad(local.getUTCHours())}:${pad(local.getUTCMinutes())}:${pad(local.getUTCSeconds())}`;
  const sign = offsetMinutes < 0 ? '-' : '+';
  const hours = pad(Math.floor(Math.abs(offsetMinutes) / 60));
  const minutes = pad(Math.abs(offsetMinutes) % 60);
  // Go names a zone it has no abbreviation for by its offset: `+04`, or `+0530` with minutes.
  const zone = offsetMinutes === 0 ? 'UTC' : `${sign}${hours}${minutes === '00' ? '' : minutes}`;
  return `${date} ${time} ${sign}${hours}${minutes} ${zone}`;
}
