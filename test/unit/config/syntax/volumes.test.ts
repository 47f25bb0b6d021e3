import { describe, expect, it } from 'vitest';
import { ShortSyntaxError } from '../../../../src/config/syntax/short-syntax-error.js';
import { isHostPath, parseVolumeShortSyntax } from '../../../../src/config/syntax/volumes.js';

describe('parseVolumeShortSyntax', () => {
  it('reads an anonymous volume', () => {
    expect(parseVolumeShortSyntax('/data')).toEqual({ type: 'volume', target: '/data', volume: {} });
  });

  it('reads a named volume', () => {
    expect(parseVolumeShortSyntax('db:/var/lib/db')).toEqual({
      type: 'volume',
      source: 'db',
      target: '/var/lib/db',
      volume: {},
    });
  });

  it.each(['./src', '../shared', '/etc/hosts', '~/cache', '.'])('reads %s as a bind mount', (source) => {
    expect(parseVolumeShortSyntax(`${source}:/mnt`)).toEqual({
      type: 'bind',
      source,
      target: '/mnt',
      bind: { create_host_path: true },
    });
  });

  it('reads a Windows host path', () => {
    expect(parseVolumeShortSyntax('C:\\data:/data:ro')).toEqual({
      type: 'bind',
      source: 'C:\\data',
      target: '/data',
      read_only: true,
      bind: { create_host_path: true },
    });
  });

  it('reads access, SELinux, propagation and consistency options', () => {
    expect(parseVolumeShortSyntax('./a:/a:ro,z')).toMatchObject({ read_only: true, bind: { selinux: 'z' } });
    expect(parseVolumeShortSyntax('./a:/a:Z,rshared')).toMatchObject({
      bind: { create_host_path: true, selinux: 'Z', propagation: 'rshared' },
    });
    expect(parseVolumeShortSyntax('./a:/a:cached')).toMatchObject({ consistency: 'cached' });
    expect(parseVolumeShortSyntax('db:/d:nocopy,ro')).toEqual({
      type: 'volume',
      source: 'db',
      target: '/d',
      read_only: true,
      volume: { nocopy: true },
    });
  });

  it('leaves rw out: it is the default', () => {
    expect(parseVolumeShortSyntax('db:/d:rw')).toEqual({ type: 'volume', source: 'db', target: '/d', volume: {} });
  });

  it.each([
    ['a:b:ro:x', /too many colons/],
    ['db:/d:bogus', /unknown option "bogus"/],
    ['db:/d:z', /bind mounts only/],
    ['./a:/a:nocopy', /volumes only/],
    [':/d', /empty section/],
    ['db:', /no container path/],
  ])('rejects %s', (spec, message) => {
    expect(() => parseVolumeShortSyntax(spec)).toThrow(ShortSyntaxError);
    expect(() => parseVolumeShortSyntax(spec)).toThrow(message);
  });
});

describe('isHostPath', () => {
  it('tells host paths from volume names', () => {
    expect(isHostPath('./x')).toBe(true);
    expect(isHostPath('~')).toBe(true);
    expect(isHostPath('D:/x')).toBe(true);
    expect(isHostPath('data')).toBe(false);
    expect(isHostPath('data/sub')).toBe(false);
  });
});
