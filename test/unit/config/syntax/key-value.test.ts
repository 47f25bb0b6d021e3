import { describe, expect, it } from 'vitest';
import { parseKeyValue } from '../../../../src/config/syntax/key-value.js';
import { ShortSyntaxError } from '../../../../src/config/syntax/short-syntax-error.js';

describe('parseKeyValue', () => {
  it('splits at the first equals sign', () => {
    expect(parseKeyValue('A=b')).toEqual({ key: 'A', value: 'b' });
    expect(parseKeyValue('URL=a=b=c')).toEqual({ key: 'URL', value: 'a=b=c' });
  });

  it('tells an empty value from no value', () => {
    expect(parseKeyValue('A=')).toEqual({ key: 'A', value: '' });
    expect(parseKeyValue('A')).toEqual({ key: 'A', value: null });
  });

  it('keeps dots and spaces in the value', () => {
    expect(parseKeyValue('com.example.label=a value')).toEqual({ key: 'com.example.label', value: 'a value' });
  });

  it('rejects an entry with no name', () => {
    expect(() => parseKeyValue('=x')).toThrow(ShortSyntaxError);
  });
});
