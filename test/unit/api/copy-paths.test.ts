import { describe, expect, it } from 'vitest';
import { isContentsOnly, parseCopyEndpoint, placeCopy } from '../../../src/api/copy-paths.js';

describe('parseCopyEndpoint', () => {
  it('reads SERVICE:PATH, host paths and -, as the docker CLI reads CONTAINER:PATH', () => {
    expect(parseCopyEndpoint('web:/etc/hosts')).toEqual({ kind: 'service', service: 'web', path: '/etc/hosts' });
    expect(parseCopyEndpoint('web:relative')).toEqual({ kind: 'service', service: 'web', path: 'relative' });
    expect(parseCopyEndpoint('./notes.txt')).toEqual({ kind: 'host', path: './notes.txt' });
    expect(parseCopyEndpoint('./a:b')).toEqual({ kind: 'host', path: './a:b' });
    expect(parseCopyEndpoint('/abs/with:colon')).toEqual({ kind: 'host', path: '/abs/with:colon' });
    expect(parseCopyEndpoint('plain')).toEqual({ kind: 'host', path: 'plain' });
    expect(parseCopyEndpoint(':x')).toEqual({ kind: 'host', path: ':x' });
    expect(parseCopyEndpoint('-')).toEqual({ kind: 'stream' });
  });
});

describe('isContentsOnly', () => {
  it('is DIR/. (with or without a trailing slash)', () => {
    expect(isContentsOnly('src/.')).toBe(true);
    expect(isContentsOnly('/srv/./')).toBe(true);
    expect(isContentsOnly('.')).toBe(true);
    expect(isContentsOnly('src')).toBe(false);
    expect(isContentsOnly('src/')).toBe(false);
    expect(isContentsOnly('src/.hidden')).toBe(false);
  });
});

describe("placeCopy: docker cp's rules", () => {
  const file = { isDirectory: false, baseName: 'hosts', contentsOnly: false };
  const directory = { isDirectory: true, baseName: 'conf', contentsOnly: false };
  const contents = { isDirectory: true, baseName: '.', contentsOnly: true };
  const missing = (path: string) => ({ path, exists: false, isDirectory: false });
  const existingFile = (path: string) => ({ path, exists: true, isDirectory: false });
  const existingDirectory = (path: string) => ({ path, exists: true, isDirectory: true });

  it('puts a file into an existing directory under its own name', () => {
    expect(placeCopy(file, existingDirectory('/tmp'))).toEqual({ directory: '/tmp', name: 'hosts' });
    expect(placeCopy(file, existingDirectory('/tmp/'))).toEqual({ directory: '/tmp/', name: 'hosts' });
  });

  it('writes a file over an existing file, or to a new one named by the destination', () => {
    expect(placeCopy(file, existingFile('/etc/hosts.bak'))).toEqual({ directory: '/etc', name: 'hosts.bak' });
    expect(placeCopy(file, missing('/tmp/copy'))).toEqual({ directory: '/tmp', name: 'copy' });
    expect(placeCopy(file, missing('relative'))).toEqual({ directory: '.', name: 'relative' });
  });

  it('refuses a file to a destination ending in / that is not a directory', () => {
    expect(() => placeCopy(file, missing('/tmp/new/'))).toThrow('/tmp/new/ is not a directory');
    expect(() => placeCopy(file, existingFile('/etc/hosts/'))).toThrow('/etc/hosts/ is not a directory');
  });

  it('puts a directory into an existing one under its own name, or only its contents for DIR/.', () => {
    expect(placeCopy(directory, existingDirectory('/srv'))).toEqual({ directory: '/srv', name: 'conf' });
    expect(placeCopy(contents, existingDirectory('/srv'))).toEqual({ directory: '/srv', name: undefined });
  });

  it('makes a directory of a destination that does not exist, and refuses to put one over a file', () => {
    expect(placeCopy(directory, missing('/srv/new'))).toEqual({ directory: '/srv', name: 'new' });
    expect(placeCopy(directory, missing('/srv/new/'))).toEqual({ directory: '/srv', name: 'new' });
    expect(placeCopy(contents, missing('/srv/new'))).toEqual({ directory: '/srv', name: 'new' });
    expect(() => placeCopy(directory, existingFile('/etc/hosts'))).toThrow('cannot copy a directory to a file');
  });
});
