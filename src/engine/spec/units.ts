// Model values (printed durations, byte counts, CPU counts, file modes) as the numbers the Engine
// API takes. The model holds them in docker compose's printed form; parsing reuses the loader's
// pure parsers so both read a value the same way.

import { printedByteSize } from '../../config/syntax/byte-size.js';
import { parseDuration } from '../../config/syntax/duration.js';
import { ContainerSpecError } from './spec-error.js';

/** A duration (`1m30s`) in nanoseconds; `field` names it in the error. */
export function durationNanoseconds(text: string, field: string): number {
  const nanoseconds = parseDuration(text);
  if (nanoseconds === undefined || nanoseconds < 0n) {
    throw new ContainerSpecError(`${field}: "${text}" is not a duration`, { hint: 'write it like 30s, 1m30s or 500ms' });
  }
  return Number(nanoseconds);
}

/** A duration in whole seconds, cut toward zero as docker compose does (`1.5s` → 1). */
export function durationSeconds(text: string, field: string): number {
  return Math.trunc(durationNanoseconds(text, field) / 1e9);
}

/** A duration in microseconds, the unit of the realtime CPU settings. */
export function durationMicroseconds(text: string, field: string): number {
  return Math.trunc(durationNanoseconds(text, field) / 1e3);
}

/**
 * A byte size as a number of bytes: the model's decimal count (`"67108864"`, `"-1"`), or a size with
 * a unit should one reach here unnormalized (`64m`).
 */
export function byteCount(value: string | number, field: string): number {
  // A whole count is taken as it is: `-1` (no swap limit) is no size to the parser below.
  if (typeof value === 'string' && /^-?\d+$/.test(value.trim())) return Number(value.trim());
  const printed = printedByteSize(value);
  if (printed === undefined) {
    throw new ContainerSpecError(`${field}: "${String(value)}" is not a byte size`, { hint: 'write it like 512m or 1gb' });
  }
  return Number(printed);
}

/** A CPU count (`1.5`) in billionths of a CPU; rounded, since `0.1 * 1e9` is not a whole number. */
export function nanoCpus(cpus: number): number {
  return Math.round(cpus * 1e9);
}

/**
 * A file mode: a number is the mode bits themselves, a string is octal (`"0440"`, `"0o440"`, `"440"`),
 * as docker compose reads a mode written as text.
 */
export function fileMode(mode: number | string, field: string): number {
  if (typeof mode === 'number') {
    if (Number.isInteger(mode) && mode >= 0) return mode;
  } else {
    const digits = mode.trim().replace(/^0o/i, '');
    if (/^[0-7]+$/.test(digits)) return parseInt(digits, 8);
  }
  throw new ContainerSpecError(`${field}: "${String(mode)}" is not a file mode`, { hint: 'write it in octal, like "0440"' });
}
