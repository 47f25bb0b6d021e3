import { describe, expect, it } from 'vitest';
import { didYouMean, editDistance, nearest } from '../../../src/config/suggest.js';

describe('editDistance', () => {
  it('counts insertions, deletions, substitutions and neighbour swaps as one edit each', () => {
    expect(editDistance('ports', 'ports')).toBe(0);
    expect(editDistance('portz', 'ports')).toBe(1);
    expect(editDistance('port', 'ports')).toBe(1);
    expect(editDistance('pots', 'ports')).toBe(1);
    expect(editDistance('prots', 'ports')).toBe(1);
    expect(editDistance('', 'abc')).toBe(3);
    expect(editDistance('kitten', 'sitting')).toBe(3);
  });
});

describe('nearest', () => {
  const keys = ['image', 'ports', 'environment', 'depends_on', 'healthcheck', 'services'];

  it('finds the key a typo was meant to be', () => {
    expect(nearest('portz', keys)).toBe('ports');
    expect(nearest('enviroment', keys)).toBe('environment');
    expect(nearest('servces', keys)).toBe('services');
    expect(nearest('healtcheck', keys)).toBe('healthcheck');
  });

  it('ignores case and - versus _', () => {
    expect(nearest('depends-on', keys)).toBe('depends_on');
    expect(nearest('Image', keys)).toBe('image');
  });

  it('suggests nothing when no name is close', () => {
    expect(nearest('helicopters', keys)).toBeUndefined();
    expect(nearest('x', ['y'])).toBeUndefined();
    expect(nearest('ports', [])).toBeUndefined();
  });

  it('prefers the closest, then the first by name, whatever the order given', () => {
    expect(nearest('web1', ['web2', 'web1x', 'web3'])).toBe('web1x');
    expect(nearest('web1', ['web3', 'web2'])).toBe('web2');
    expect(nearest('dbb', ['db', 'dbx'])).toBe('db');
  });
});

describe('didYouMean', () => {
  it('words the hint', () => {
    expect(didYouMean('portz', ['ports'])).toBe('did you mean "ports"?');
    expect(didYouMean('zzz', ['ports'])).toBeUndefined();
  });
});
