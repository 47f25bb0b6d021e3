import { BerthError } from '../errors.js';

/** A Go duration, as docker's `--since 10m` takes it: numbers each followed by a unit. */
const DURATION = /^(?:\d+(?:\.\d+)?(?:ns|us|\u00b5s|ms|s|m|h))+$/;
const DURATION_PART = /(\d+(?:\.\d+)?)(ns|us|\u00b5s|ms|s|m|h)/g;
const UNIT_SECONDS: Readonly<Record<string, number>> = { ns: 1e-9, us: 1e-6, µs: 1e-6, ms: 1e-3, s: 1, m: 60, h: 3600 };

/**
 * A `--since`/`--until` value as the engine takes it (Unix seconds, with a fraction when there is
 * one): Unix seconds pass through, a duration (`42m`, `1h30m`) counts back from `now`, anything
 * else must be a date or time (`2024-05-02`, `2024-05-02T12:21:53Z`).
 */
export function engineTime(value: string, now: Date, flag: string): string {
  const text = value.trim();
  if (/^\d+(?:\.\d+)?$/.test(text)) return text;
  if (DURATION.test(text)) {
    let seconds = 0;
    for (const [, amount, unit] of text.matchAll(DURATION_PART)) seconds += Number(amount) * (UNIT_SECONDS[unit ?? 's'] ?? 1);
    return unixSeconds(now.getTime() / 1000 - seconds);
  }
  const parsed = Date.parse(text);
  if (Number.isNaN(parsed)) {
    throw new BerthError('usage', `invalid value for ${flag}: "${value}"`, {
      hint: 'give a time (2024-05-02T12:00:00Z), Unix seconds, or a duration back from now (10m, 1h30m)',
    });
  }
  return unixSeconds(parsed / 1000);
}

function unixSeconds(seconds: number): string {
  const whole = Math.floor(seconds);
  const fraction = Math.round((seconds - whole) * 1e9);
  return fraction === 0 ? String(whole) : `${whole}.${String(fraction).padStart(9, '0')}`;
}
