import { describe, expect, it } from 'vitest';
import { orderKeys } from '../../../src/config/normalize/key-order.js';

describe('orderKeys', () => {
  it('puts the named fields first, in their order, then the rest sorted', () => {
    const ordered = orderKeys({ z: 1, target: 2, a: 3, mode: 4 }, ['mode', 'target']);
    expect(Object.keys(ordered)).toEqual(['mode', 'target', 'a', 'z']);
  });

  it('hands back a mapping that is in order already, and copies one that is not', () => {
    const sorted = { a: 1, b: 2, c: 3 };
    expect(orderKeys(sorted)).toBe(sorted);
    const fields = { mode: 'ingress', target: 80, protocol: 'tcp' };
    expect(orderKeys(fields, ['mode', 'target', 'published', 'protocol'])).toBe(fields);
    const unsorted = { b: 1, a: 2 };
    expect(orderKeys(unsorted)).not.toBe(unsorted);
    expect(Object.keys(orderKeys({ target: 1, mode: 2 }, ['mode', 'target']))).toEqual(['mode', 'target']);
    expect(Object.keys(orderKeys({ a: 1, mode: 2 }, ['mode']))).toEqual(['mode', 'a']);
  });
});
