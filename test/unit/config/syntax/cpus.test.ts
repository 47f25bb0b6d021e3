import { describe, expect, it } from 'vitest';
import { printedCpus } from '../../../../src/config/syntax/cpus.js';

describe('printedCpus', () => {
  it('reads a number written as text', () => {
    expect(printedCpus('0.5')).toBe(0.5);
    expect(printedCpus('.25')).toBe(0.25);
    expect(printedCpus(' 2 ')).toBe(2);
    expect(printedCpus(1.5)).toBe(1.5);
  });

  it('keeps the digits a single-precision value needs, as docker compose prints it', () => {
    expect(printedCpus('0.1')).toBe(0.1);
    expect(printedCpus('0.333333333')).toBe(0.33333334);
    expect(printedCpus(1.000000001)).toBe(1);
  });

  it('leaves what is not a number to the caller', () => {
    expect(printedCpus('${CPUS}')).toBeUndefined();
    expect(printedCpus('half')).toBeUndefined();
    expect(printedCpus(true)).toBeUndefined();
  });
});
