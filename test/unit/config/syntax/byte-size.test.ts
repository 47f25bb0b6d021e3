import { describe, expect, it } from 'vitest';
import { printedByteSize } from '../../../../src/config/syntax/byte-size.js';

describe('printedByteSize', () => {
  it('prints a size with a unit as its count of bytes', () => {
    expect(printedByteSize('64m')).toBe('67108864');
    expect(printedByteSize('512M')).toBe('536870912');
    expect(printedByteSize('1gb')).toBe('1073741824');
    expect(printedByteSize('1.5k')).toBe('1536');
    expect(printedByteSize('2048')).toBe('2048');
  });

  it('prints a whole number as it is, -1 included', () => {
    expect(printedByteSize(1073741824)).toBe('1073741824');
    expect(printedByteSize(-1)).toBe('-1');
    expect(printedByteSize(0)).toBe('0');
  });

  it('leaves what is not a size to the caller', () => {
    expect(printedByteSize('${SIZE}')).toBeUndefined();
    expect(printedByteSize('lots')).toBeUndefined();
    expect(printedByteSize(1.5)).toBeUndefined();
    expect(printedByteSize(null)).toBeUndefined();
  });
});
