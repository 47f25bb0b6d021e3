import { homedir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { JsonObject } from '../../../src/config/json.js';
import { isRemoteContext, resolveHostPath, resolveProjectPaths, resolveServicePaths } from '../../../src/config/paths.js';

const BASE = '/work/app';

describe('resolveServicePaths', () => {
  it('makes the build context and additional contexts absolute, leaving remote ones alone', () => {
    const service: JsonObject = {
      build: {
        context: './web',
        additional_contexts: {
          assets: '../assets',
          image: 'docker-image://alpine:3',
          base: 'service:base',
          repo: 'https://github.com/org/repo.git',
        },
      },
    };
    resolveServicePaths(service, BASE);
    expect(service.build).toEqual({
      context: '/work/app/web',
      additional_contexts: {
        assets: '/work/assets',
        image: 'docker-image://alpine:3',
        base: 'service:base',
        repo: 'https://github.com/org/repo.git',
      },
    });
  });

  it.each(['https://github.com/org/repo.git#main', 'git@github.com:org/repo.git', 'github.com/org/repo', 'ssh://git@host/repo'])(
    'keeps the remote context %s',
    (context) => {
      const service: JsonObject = { build: { context } };
      resolveServicePaths(service, BASE);
      expect(service.build).toEqual({ context });
    },
  );

  it('gives a build without a context the base directory', () => {
    const service: JsonObject = { build: { dockerfile_inline: 'FROM alpine' } };
    resolveServicePaths(service, BASE);
    expect(service.build).toEqual({ context: BASE, dockerfile_inline: 'FROM alpine' });
  });

  it('resolves env_file, label_file, extends.file and develop.watch paths', () => {
    const service: JsonObject = {
      env_file: [{ path: '.env', required: true }, { path: '/etc/app.env', required: false }],
      label_file: ['./labels'],
      extends: { service: 'base', file: '../common/compose.yaml' },
      develop: { watch: [{ path: './src', action: 'sync', target: '/app/src' }] },
    };
    resolveServicePaths(service, BASE);
    expect(service).toEqual({
      env_file: [{ path: '/work/app/.env', required: true }, { path: '/etc/app.env', required: false }],
      label_file: ['/work/app/labels'],
      extends: { service: 'base', file: '/work/common/compose.yaml' },
      develop: { watch: [{ path: '/work/app/src', action: 'sync', target: '/app/src' }] },
    });
  });

  it('resolves bind sources, expanding ~, and leaves volume sources alone', () => {
    const service: JsonObject = {
      volumes: [
        { type: 'bind', source: './data', target: '/data' },
        { type: 'bind', source: '~/.cache', target: '/cache' },
        { type: 'bind', source: '~', target: '/home' },
        { type: 'bind', source: 'relative', target: '/r' },
        { type: 'bind', source: '/abs/', target: '/a' },
        { type: 'volume', source: 'db', target: '/db' },
      ],
    };
    resolveServicePaths(service, BASE);
    expect(service.volumes).toEqual([
      { type: 'bind', source: '/work/app/data', target: '/data' },
      { type: 'bind', source: path.join(homedir(), '.cache'), target: '/cache' },
      { type: 'bind', source: homedir(), target: '/home' },
      { type: 'bind', source: '/work/app/relative', target: '/r' },
      { type: 'bind', source: '/abs', target: '/a' },
      { type: 'volume', source: 'db', target: '/db' },
    ]);
  });

  it('copes with short forms and values of unexpected types', () => {
    const service: JsonObject = { build: '.', env_file: 'x.env', volumes: ['./a:/a', 3], develop: null };
    resolveServicePaths(service, BASE);
    expect(service).toEqual({ build: BASE, env_file: '/work/app/x.env', volumes: ['./a:/a', 3], develop: null });
  });
});

describe('resolveProjectPaths', () => {
  it('resolves every service, secret and config files, and bound local volume devices', () => {
    const root: JsonObject = {
      services: { web: { build: { context: 'web' } }, db: { image: 'postgres' } },
      secrets: { token: { file: './secrets/token' }, env: { environment: 'TOKEN' } },
      configs: { nginx: { file: 'nginx.conf' }, outside: { external: true } },
      volumes: {
        bound: { driver_opts: { type: 'none', o: 'bind', device: './data' } },
        nfs: { driver_opts: { type: 'nfs', o: 'addr=10.0.0.1', device: ':/export' } },
        other: { driver: 'custom', driver_opts: { o: 'bind', device: './x' } },
      },
    };
    resolveProjectPaths(root, BASE);
    expect(root).toEqual({
      services: { web: { build: { context: '/work/app/web' } }, db: { image: 'postgres' } },
      secrets: { token: { file: '/work/app/secrets/token' }, env: { environment: 'TOKEN' } },
      configs: { nginx: { file: '/work/app/nginx.conf' }, outside: { external: true } },
      volumes: {
        bound: { driver_opts: { type: 'none', o: 'bind', device: '/work/app/data' } },
        nfs: { driver_opts: { type: 'nfs', o: 'addr=10.0.0.1', device: ':/export' } },
        other: { driver: 'custom', driver_opts: { o: 'bind', device: './x' } },
      },
    });
  });
});

describe('resolveHostPath and isRemoteContext', () => {
  it('leaves Windows paths alone and tidies absolute ones', () => {
    expect(resolveHostPath('C:\\data', BASE)).toBe('C:\\data');
    expect(resolveHostPath('/a/../b', BASE)).toBe('/b');
    expect(resolveHostPath('~user/x', BASE)).toBe('/work/app/~user/x');
  });

  it('recognises remote contexts', () => {
    expect(isRemoteContext('http://x/y.tar.gz')).toBe(true);
    expect(isRemoteContext('./git@thing')).toBe(false);
    expect(isRemoteContext('dir')).toBe(false);
  });
});
