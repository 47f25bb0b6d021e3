import { describe, expect, it } from 'vitest';
import { containerName, oneOffContainerName } from '../../../../src/engine/spec/container-name.js';

describe('containerName', () => {
  it('is <project>-<service>-<n>', () => {
    expect(containerName('shop', 'web', {}, 1)).toBe('shop-web-1');
    expect(containerName('shop', 'web', undefined, 3)).toBe('shop-web-3');
  });

  it('is container_name when set', () => {
    expect(containerName('shop', 'web', { container_name: 'storefront' }, 1)).toBe('storefront');
    expect(containerName('shop', 'web', { container_name: '' }, 2)).toBe('shop-web-2');
  });
});

describe('oneOffContainerName', () => {
  it('is <project>-<service>-run-<first 12 digits of the slug>', () => {
    const slug = '3f9a1c0b7e2d4a6f8b1c3d5e7f9a0b2c4d6e8f0a1b3c5d7e9f1a3b5c7d9e1f3a';
    expect(oneOffContainerName('shop', 'web', slug)).toBe('shop-web-run-3f9a1c0b7e2d');
  });
});
