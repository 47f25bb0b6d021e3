import { describe, expect, it } from 'vitest';
import { containerCreateBody } from '../../../../src/engine/spec/container-spec.js';
import type { ComposeProject, ServiceMount } from '../../../../src/model/index.js';
import { project, service, specInput } from './spec-input.js';

function mountsOf(volumes: ServiceMount[], rest: Partial<ComposeProject> = {}, anonymousVolumes?: Record<string, string>): unknown {
  const web = service({ volumes });
  const input = specInput(web, { project: project({ web }, rest), ...(anonymousVolumes ? { anonymousVolumes } : {}) });
  const { Binds, Mounts } = containerCreateBody(input).HostConfig;
  return { Binds, Mounts };
}

const VOLUMES: Partial<ComposeProject> = {
  volumes: { data: { name: 'shop_data' }, shared: { name: 'company-shared', external: true } },
};

describe('containerCreateBody: bind mounts', () => {
  it('writes a bind that may create its host path as a bind string', () => {
    expect(
      mountsOf([
        { type: 'bind', source: '/srv/shop/html', target: '/usr/share/nginx/html', bind: { create_host_path: true } },
        { type: 'bind', source: '/srv/shop/conf', target: '/etc/nginx', read_only: true, bind: { create_host_path: true } },
        {
          type: 'bind',
          source: '/srv/shop/logs',
          target: '/var/log',
          bind: { create_host_path: true, selinux: 'z', propagation: 'rshared' },
        },
        { type: 'bind', source: '/srv/shop/x', target: '/x', read_only: true, bind: { create_host_path: true, selinux: 'Z' } },
      ]),
    ).toEqual({
      Binds: [
        '/srv/shop/html:/usr/share/nginx/html',
        '/srv/shop/conf:/etc/nginx:ro',
        '/srv/shop/logs:/var/log:z,rshared',
        '/srv/shop/x:/x:ro,Z',
      ],
      Mounts: undefined,
    });
  });

  it('uses the mount API when the host path must already exist', () => {
    expect(
      mountsOf([
        {
          type: 'bind',
          source: '/srv/shop/certs',
          target: '/certs',
          read_only: true,
          consistency: 'cached',
          bind: { create_host_path: false, propagation: 'rprivate' },
        },
        { type: 'bind', source: '/srv/shop/keys', target: '/keys', bind: { create_host_path: false } },
      ]),
    ).toEqual({
      Binds: undefined,
      Mounts: [
        {
          Type: 'bind',
          Source: '/srv/shop/certs',
          Target: '/certs',
          ReadOnly: true,
          Consistency: 'cached',
          BindOptions: { Propagation: 'rprivate' },
        },
        { Type: 'bind', Source: '/srv/shop/keys', Target: '/keys' },
      ],
    });
  });

  it('keeps a relabelled bind a bind string even when the path must exist: only that form relabels', () => {
    expect(
      mountsOf([{ type: 'bind', source: '/srv/a', target: '/a', bind: { create_host_path: false, selinux: 'z' } }]),
    ).toEqual({ Binds: ['/srv/a:/a:z'], Mounts: undefined });
  });

  it('uses the mount API for a non-recursive bind', () => {
    expect(
      mountsOf([
        { type: 'bind', source: '/srv/a', target: '/a', bind: { create_host_path: true, recursive: 'disabled' } },
        { type: 'bind', source: '/srv/b', target: '/b', read_only: true, bind: { create_host_path: false, recursive: 'readonly' } },
        { type: 'bind', source: '/srv/c', target: '/c', read_only: true, bind: { create_host_path: false, recursive: 'writable' } },
        { type: 'bind', source: '/srv/d', target: '/d', bind: { create_host_path: true, recursive: 'enabled' } },
      ]),
    ).toEqual({
      Binds: ['/srv/d:/d'],
      Mounts: [
        { Type: 'bind', Source: '/srv/a', Target: '/a', BindOptions: { NonRecursive: true, CreateMountpoint: true } },
        { Type: 'bind', Source: '/srv/b', Target: '/b', ReadOnly: true, BindOptions: { ReadOnlyForceRecursive: true } },
        { Type: 'bind', Source: '/srv/c', Target: '/c', ReadOnly: true, BindOptions: { ReadOnlyNonRecursive: true } },
      ],
    });
  });

  it('refuses an unknown recursive mode and a bind without a source', () => {
    expect(() =>
      mountsOf([{ type: 'bind', source: '/a', target: '/a', bind: { create_host_path: false, recursive: 'sometimes' } }]),
    ).toThrow('services.web.volumes[0].bind.recursive: "sometimes"');
    expect(() => mountsOf([{ type: 'bind', target: '/a', bind: { create_host_path: true } }])).toThrow(
      'services.web.volumes[0]: a bind mount needs a source',
    );
  });
});

describe('containerCreateBody: volume, tmpfs and other mounts', () => {
  it('mounts named volumes under their engine names', () => {
    expect(
      mountsOf(
        [
          { type: 'volume', source: 'data', target: '/var/lib/data', volume: {} },
          { type: 'volume', source: 'shared', target: '/shared', read_only: true, volume: { nocopy: true, subpath: 'web' } },
          { type: 'volume', source: 'data', target: '/labelled', volume: { labels: { tier: 'db' } } },
        ],
        VOLUMES,
      ),
    ).toEqual({
      Binds: undefined,
      Mounts: [
        { Type: 'volume', Source: 'shop_data', Target: '/var/lib/data' },
        { Type: 'volume', Source: 'company-shared', Target: '/shared', ReadOnly: true, VolumeOptions: { NoCopy: true, Subpath: 'web' } },
        { Type: 'volume', Source: 'shop_data', Target: '/labelled', VolumeOptions: { Labels: { tier: 'db' } } },
      ],
    });
  });

  it('mounts an anonymous volume without a source, or the one a replaced container had', () => {
    const volumes: ServiceMount[] = [
      { type: 'volume', target: '/cache', volume: {} },
      { type: 'volume', target: '/scratch', volume: { nocopy: true } },
    ];
    expect(mountsOf(volumes)).toEqual({
      Binds: undefined,
      Mounts: [
        { Type: 'volume', Target: '/cache' },
        { Type: 'volume', Target: '/scratch', VolumeOptions: { NoCopy: true } },
      ],
    });
    expect(mountsOf(volumes, {}, { '/cache': '4f2a9c' })).toEqual({
      Binds: undefined,
      Mounts: [
        { Type: 'volume', Source: '4f2a9c', Target: '/cache' },
        { Type: 'volume', Target: '/scratch', VolumeOptions: { NoCopy: true } },
      ],
    });
  });

  it('refuses a volume the project does not define', () => {
    expect(() => mountsOf([{ type: 'volume', source: 'nope', target: '/x' }], VOLUMES)).toThrow(
      'services.web.volumes[0]: volume "nope" is not defined in the top-level volumes',
    );
  });

  it('maps tmpfs, image and npipe mounts', () => {
    expect(
      mountsOf([
        { type: 'tmpfs', target: '/tmp', tmpfs: { size: '67108864', mode: 0o1777 } },
        { type: 'tmpfs', target: '/run', read_only: true },
        { type: 'image', source: 'shop/assets:1', target: '/assets', image: { subpath: 'dist' } },
        { type: 'npipe', source: '\\\\.\\pipe\\docker_engine', target: '\\\\.\\pipe\\docker_engine' },
      ]),
    ).toEqual({
      Binds: undefined,
      Mounts: [
        { Type: 'tmpfs', Target: '/tmp', TmpfsOptions: { SizeBytes: 67_108_864, Mode: 0o1777 } },
        { Type: 'tmpfs', Target: '/run', ReadOnly: true },
        { Type: 'image', Source: 'shop/assets:1', Target: '/assets', ImageOptions: { Subpath: 'dist' } },
        { Type: 'npipe', Source: '\\\\.\\pipe\\docker_engine', Target: '\\\\.\\pipe\\docker_engine' },
      ],
    });
  });
});
