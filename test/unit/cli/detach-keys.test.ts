import { describe, expect, it } from 'vitest';
import { DEFAULT_DETACH_KEYS, DetachKeyMatcher, parseDetachKeys } from '../../../src/cli/detach-keys.js';

describe('parseDetachKeys', () => {
  it("reads docker's notation", () => {
    expect(parseDetachKeys(DEFAULT_DETACH_KEYS)).toEqual([0x10, 0x11]);
    expect(parseDetachKeys('ctrl-a,x,ctrl-@,ctrl-[,ctrl-_')).toEqual([1, 0x78, 0, 27, 31]);
    expect(parseDetachKeys('CTRL-Z')).toEqual([26]);
  });

  it('refuses what is not a key', () => {
    expect(() => parseDetachKeys('ctrl-1')).toThrow('is not a control key');
    expect(() => parseDetachKeys('esc')).toThrow('is not a key');
  });
});

describe('DetachKeyMatcher', () => {
  it('detaches on the sequence, dropping it, and passes everything else on as typed', () => {
    const matcher = new DetachKeyMatcher([0x10, 0x11]);
    expect(matcher.feed(Buffer.from('ab'))).toEqual({ forward: Buffer.from('ab'), detach: false });
    // Half a sequence is held back until it is known not to be one.
    expect(matcher.feed(Buffer.from([0x61, 0x10]))).toEqual({ forward: Buffer.from('a'), detach: false });
    expect(matcher.feed(Buffer.from([0x62]))).toEqual({ forward: Buffer.from([0x10, 0x62]), detach: false });
    expect(matcher.feed(Buffer.from([0x10, 0x10]))).toEqual({ forward: Buffer.from([0x10]), detach: false });
    expect(matcher.feed(Buffer.from([0x11, 0x63]))).toEqual({ forward: Buffer.alloc(0), detach: true });
  });

  it('passes everything on without keys', () => {
    expect(new DetachKeyMatcher([]).feed(Buffer.from([0x10, 0x11]))).toEqual({ forward: Buffer.from([0x10, 0x11]), detach: false });
  });
});
