import { describe, expect, it } from 'vitest';
import { formatDuration, normalizeDuration, parseDuration } from '../../../../src/config/syntax/duration.js';

describe('parseDuration', () => {
  it('reads each unit and combinations of them', () => {
    expect(parseDuration('10ms')).toBe(10_000_000n);
    expect(parseDuration('40s')).toBe(40_000_000_000n);
    expect(parseDuration('1m30s')).toBe(90_000_000_000n);
    expect(parseDuration('1h5m30s20ms')).toBe(3_930_020_000_000n);
    expect(parseDuration('2us')).toBe(2_000n);
    expect(parseDuration('3ns')).toBe(3n);
  });

  it('reads fractions and zero', () => {
    expect(parseDuration('1.5s')).toBe(1_500_000_000n);
    expect(parseDuration('.5m')).toBe(30_000_000_000n);
    expect(parseDuration('0')).toBe(0n);
  });

  it.each(['', '10', 's', '1x', '1s2', 'abc', '1d'])('rejects %j', (text) => {
    expect(parseDuration(text)).toBeUndefined();
  });
});

describe('formatDuration', () => {
  it('writes durations as docker compose prints them', () => {
    expect(formatDuration(0n)).toBe('0s');
    expect(formatDuration(90_000_000_000n)).toBe('1m30s');
    expect(formatDuration(3_600_000_000_000n)).toBe('1h0m0s');
    expect(formatDuration(60_000_000_000n)).toBe('1m0s');
    expect(formatDuration(1_500_000_000n)).toBe('1.5s');
    expect(formatDuration(500_000_000n)).toBe('500ms');
    expect(formatDuration(1_500_000n)).toBe('1.5ms');
    expect(formatDuration(2_000n)).toBe('2µs');
    expect(formatDuration(7n)).toBe('7ns');
    expect(formatDuration(3_930_020_000_000n)).toBe('1h5m30.02s');
  });
});

describe('normalizeDuration', () => {
  it('rewrites a duration and leaves anything else alone', () => {
    expect(normalizeDuration('90s')).toBe('1m30s');
    expect(normalizeDuration('1h')).toBe('1h0m0s');
    expect(normalizeDuration('soon')).toBe('soon');
  });
});
