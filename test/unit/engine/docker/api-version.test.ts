import { describe, expect, it } from 'vitest';
import { negotiateApiVersion } from '../../../../src/engine/docker/api-version.js';

describe('negotiateApiVersion', () => {
  it("uses the engine's version when it is older than berth's newest", () => {
    expect(negotiateApiVersion('1.41')).toBe('1.41');
    expect(negotiateApiVersion('1.45')).toBe('1.45');
  });

  it("caps a newer engine at berth's newest", () => {
    expect(negotiateApiVersion('1.47')).toBe('1.47');
    expect(negotiateApiVersion('1.51')).toBe('1.47');
    expect(negotiateApiVersion('2.0')).toBe('1.47');
  });

  it('compares numerically, not as text', () => {
    expect(negotiateApiVersion('1.100')).toBe('1.47');
    expect(negotiateApiVersion('1.9')).toBeUndefined();
  });

  it('gives up on engines older than 1.41 or that do not say', () => {
    expect(negotiateApiVersion('1.40')).toBeUndefined();
    expect(negotiateApiVersion(undefined)).toBeUndefined();
    expect(negotiateApiVersion('')).toBeUndefined();
    expect(negotiateApiVersion('latest')).toBeUndefined();
  });
});
