import type { ContainerEvent } from '../../api/events.js';
import { localDateTime, localOffsetMinutes, rfc3339Nano } from './rfc3339.js';

/** What the `events` output depends on besides the event. */
export interface EventsFormatOptions {
  /** Minutes east of UTC of the zone times are shown in; the local zone by default. */
  utcOffsetMinutes?: number;
}

/**
 * One event as docker compose prints it: local time to the microsecond, `container`, the action,
 * the container id, and the attributes in brackets (`2024-05-02 12:21:53.123456 container start
 * 3f2a... (image=busybox, name=demo-web-1)`). The attributes are sorted by key (docker compose
 * prints them in Go's map order, which changes from run to run).
 */
export function renderEventLine(event: ContainerEvent, options: EventsFormatOptions = {}): string {
  const { seconds, nanoseconds } = splitTime(event.timeNano);
  const offset = options.utcOffsetMinutes ?? localOffsetMinutes(seconds);
  const micro = String(Math.floor(nanoseconds / 1000)).padStart(6, '0');
  const attributes = sortedKeys(event.attributes).map((key) => `${key}=${event.attributes[key] ?? ''}`);
  return `${localDateTime(seconds, offset, ' ')}.${micro} container ${event.action} ${event.id} (${attributes.join(', ')})\n`;
}

/**
 * `events --json`: one object per event and line, with docker compose's keys in the order Go
 * writes a map (`action`, `attributes`, `id`, `service`, `time` in RFC 3339 with nanoseconds, `type`).
 */
export function renderEventJson(event: ContainerEvent, options: EventsFormatOptions = {}): string {
  const { seconds, nanoseconds } = splitTime(event.timeNano);
  const offset = options.utcOffsetMinutes ?? localOffsetMinutes(seconds);
  const attributes = Object.fromEntries(sortedKeys(event.attributes).map((key) => [key, event.attributes[key] ?? '']));
  const record = {
    action: event.action,
    attributes,
    id: event.id,
    service: event.service,
    time: rfc3339Nano(seconds, nanoseconds, offset),
    type: event.type,
  };
  return `${JSON.stringify(record)}\n`;
}

/** Whole seconds and the nanoseconds past them; in integers, since float arithmetic at 10^18 loses digits. */
function splitTime(timeNano: number): { seconds: number; nanoseconds: number } {
  const nanos = BigInt(Math.max(0, Math.trunc(timeNano)));
  return { seconds: Number(nanos / 1_000_000_000n), nanoseconds: Number(nanos % 1_000_000_000n) };
}

function sortedKeys(record: Readonly<Record<string, string>>): string[] {
  return Object.keys(record).sort();
}
