import { describe, expect, it } from 'vitest';
import {
  castInterpolated,
  interpolatedTypeAt,
  parseBooleanWord,
  TypeCastError,
} from '../../../src/config/cast.js';

describe('castInterpolated', () => {
  it.each([
    ['true', true],
    ['TRUE', true],
    ['Yes', true],
    ['on', true],
    ['false', false],
    ['No', false],
    ['OFF', false],
  ])('reads %s as a boolean', (text, expected) => {
    expect(castInterpolated(text, ['services', 'web', 'privileged'])).toBe(expected);
  });

  it('rejects a word that is not a boolean', () => {
    expect(() => castInterpolated('maybe', ['services', 'web', 'tty'])).toThrowError(
      new TypeCastError('expected a boolean (true, false, yes, no, on or off), got "maybe"'),
    );
  });

  it('reads integers and decimals', () => {
    expect(castInterpolated('3', ['services', 'web', 'deploy', 'replicas'])).toBe(3);
    expect(castInterpolated('-500', ['services', 'web', 'oom_score_adj'])).toBe(-500);
    expect(castInterpolated('0.5', ['services', 'web', 'cpus'])).toBe(0.5);
    expect(castInterpolated('.25', ['services', 'web', 'deploy', 'resources', 'limits', 'cpus'])).toBe(0.25);
  });

  it('rejects text that is not a number, including an empty value', () => {
    expect(() => castInterpolated('three', ['services', 'web', 'scale'])).toThrowError('expected a number, got "three"');
    expect(() => castInterpolated('', ['services', 'web', 'healthcheck', 'retries'])).toThrowError(
      'expected a number, got ""',
    );
    expect(() => castInterpolated('0x10', ['services', 'web', 'scale'])).toThrow(TypeCastError);
  });

  it('casts fields that also take words only when the text is a number', () => {
    const count = ['services', 'web', 'deploy', 'resources', 'reservations', 'devices', 0, 'count'];
    expect(castInterpolated('2', count)).toBe(2);
    expect(castInterpolated('all', count)).toBe('all');
    expect(castInterpolated('64m', ['services', 'web', 'shm_size'])).toBe('64m');
  });

  it('leaves fields that take any string alone', () => {
    expect(castInterpolated('true', ['services', 'web', 'environment', 'DEBUG'])).toBe('true');
    expect(castInterpolated('0440', ['services', 'web', 'secrets', 0, 'mode'])).toBe('0440');
    expect(castInterpolated('8080', ['services', 'web', 'ports', 0, 'published'])).toBe('8080');
  });
});

describe('interpolatedTypeAt', () => {
  it('matches sequence items by index and mapping entries by key', () => {
    expect(interpolatedTypeAt(['services', 'web', 'ports', 0, 'target'])).toBe('number');
    expect(interpolatedTypeAt(['services', 'web', 'ports', 'target'])).toBeUndefined();
    expect(interpolatedTypeAt(['services', 'web', 'depends_on', 'db', 'required'])).toBe('boolean');
    expect(interpolatedTypeAt(['services', 'web', 'ulimits', 'nofile'])).toBe('number');
    expect(interpolatedTypeAt(['services', 'web', 'ulimits', 'nofile', 'soft'])).toBe('number');
    expect(interpolatedTypeAt(['networks', 'front', 'external'])).toBe('boolean');
    expect(interpolatedTypeAt(['services', 'web', 'image'])).toBeUndefined();
  });
});

describe('parseBooleanWord', () => {
  it('answers undefined for anything else', () => {
    expect(parseBooleanWord('1')).toBeUndefined();
    expect(parseBooleanWord('y')).toBeUndefined();
  });
});
