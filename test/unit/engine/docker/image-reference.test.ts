import { describe, expect, it } from 'vitest';
import { splitImageReference } from '../../../../src/engine/docker/image-reference.js';

describe('splitImageReference', () => {
  it('splits the tag off', () => {
    expect(splitImageReference('busybox:1.36')).toEqual({ repository: 'busybox', tag: '1.36' });
    expect(splitImageReference('berth-test/busybox:latest')).toEqual({ repository: 'berth-test/busybox', tag: 'latest' });
  });

  it('adds latest when there is no tag, so that not every tag is pulled', () => {
    expect(splitImageReference('busybox')).toEqual({ repository: 'busybox', tag: 'latest' });
    expect(splitImageReference('registry.example:5000/team/app')).toEqual({ repository: 'registry.example:5000/team/app', tag: 'latest' });
  });

  it("does not take a registry's port for a tag", () => {
    expect(splitImageReference('127.0.0.1:1/berth-missing:x')).toEqual({ repository: '127.0.0.1:1/berth-missing', tag: 'x' });
  });

  it('pulls by digest, dropping a tag written beside it', () => {
    const digest = `sha256:${'c'.repeat(64)}`;
    expect(splitImageReference(`app@${digest}`)).toEqual({ repository: 'app', tag: digest });
    expect(splitImageReference(`localhost:5000/app:1.0@${digest}`)).toEqual({ repository: 'localhost:5000/app', tag: digest });
  });
});
