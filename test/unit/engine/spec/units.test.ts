import { describe, expect, it } from 'vitest';
import { ContainerSpecError } from '../../../../src/engine/spec/spec-error.js';
import {
  byteCount,
  durationMicroseconds,
  durationNanoseconds,
  durationSeconds,
  fileMode,
  nanoCpus,
} from '../../../../src/engine/spec/units.js';

describe('durations', () => {
  it('read the printed form into nanoseconds, seconds and microseconds', () => {
    expect(durationNanoseconds('1m30s', 'f')).toBe(90_000_000_000);
    expect(durationNanoseconds('1.5s', 'f')).toBe(1_500_000_000);
    expect(durationNanoseconds('500ms', 'f')).toBe(500_000_000);
    expect(durationNanoseconds('0s', 'f')).toBe(0);
    expect(durationNanoseconds('1h0m0s', 'f')).toBe(3_600_000_000_000);
    expect(durationSeconds('1m30s', 'f')).toBe(90);
    expect(durationSeconds('1.9s', 'f')).toBe(1);
    expect(durationMicroseconds('400ms', 'f')).toBe(400_000);
  });

  it('refuse what is not a duration, naming the field', () => {
    expect(() => durationNanoseconds('${GRACE}', 'services.web.stop_grace_period')).toThrow(ContainerSpecError);
    expect(() => durationNanoseconds('10', 'services.web.stop_grace_period')).toThrow(
      'services.web.stop_grace_period: "10" is not a duration',
    );
    expect(() => durationNanoseconds('-5s', 'f')).toThrow(ContainerSpecError);
  });
});

describe('byteCount', () => {
  it('reads the decimal counts of the model, and sizes with units', () => {
    expect(byteCount('536870912', 'f')).toBe(536_870_912);
    expect(byteCount('-1', 'f')).toBe(-1);
    expect(byteCount('64m', 'f')).toBe(67_108_864);
    expect(byteCount(1024, 'f')).toBe(1024);
  });

  it('refuses what is not a size', () => {
    expect(() => byteCount('lots', 'services.web.mem_limit')).toThrow('services.web.mem_limit: "lots" is not a byte size');
  });
});

describe('nanoCpus', () => {
  it('gives whole billionths of a CPU', () => {
    expect(nanoCpus(0.5)).toBe(500_000_000);
    expect(nanoCpus(0.1)).toBe(100_000_000);
    expect(nanoCpus(1.5)).toBe(1_500_000_000);
    expect(nanoCpus(0.33333334)).toBe(333_333_340);
  });
});

describe('fileMode', () => {
  it('takes a number as the mode bits and text as octal', () => {
    expect(fileMode(0o440, 'f')).toBe(0o440);
    expect(fileMode(288, 'f')).toBe(0o440);
    expect(fileMode('0440', 'f')).toBe(0o440);
    expect(fileMode('0o755', 'f')).toBe(0o755);
    expect(fileMode('440', 'f')).toBe(0o440);
  });

  it('refuses what is not a mode', () => {
    expect(() => fileMode('0498', 'services.web.secrets[0].mode')).toThrow('is not a file mode');
    expect(() => fileMode(-1, 'f')).toThrow(ContainerSpecError);
  });
});
