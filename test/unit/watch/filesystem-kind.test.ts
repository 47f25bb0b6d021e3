import { describe, expect, it } from 'vitest';
import { classifyPath, kindOfType, parseMountInfo } from '../../../src/watch/filesystem-kind.js';

const MOUNTINFO = `22 1 8:1 / / rw,relatime shared:1 - ext4 /dev/sda1 rw
30 22 0:40 / /mnt/share rw,relatime shared:9 - nfs4 server:/export rw,vers=4.2
31 22 0:41 / /home/dev/My\\040Projects rw - fuse.sshfs dev@host: rw
32 22 0:42 / /work rw - virtiofs work rw
33 22 0:43 / /tmp rw - tmpfs tmpfs rw
34 22 0:44 / /data rw - fuse.mergerfs pool rw
`;

describe('filesystem kinds', () => {
  it('reads the mount table, octal escapes included', () => {
    const mounts = parseMountInfo(MOUNTINFO);
    expect(mounts.map((mount) => `${mount.mountPoint} ${mount.type}`)).toEqual([
      '/ ext4',
      '/mnt/share nfs4',
      '/home/dev/My Projects fuse.sshfs',
      '/work virtiofs',
      '/tmp tmpfs',
      '/data fuse.mergerfs',
    ]);
  });

  it('classifies a path by the deepest mount that holds it', () => {
    const mounts = parseMountInfo(MOUNTINFO);
    expect(classifyPath('/home/dev/app', mounts)).toEqual({ kind: 'local', type: 'ext4', mountPoint: '/' });
    expect(classifyPath('/mnt/share/app/src', mounts)).toEqual({ kind: 'remote', type: 'nfs4', mountPoint: '/mnt/share' });
    expect(classifyPath('/mnt/shared', mounts).type).toBe('ext4');
    expect(classifyPath('/home/dev/My Projects/x', mounts).kind).toBe('remote');
    expect(classifyPath('/work/src', mounts).kind).toBe('remote');
    expect(classifyPath('/data/src', mounts).kind).toBe('unknown');
    expect(classifyPath('/x', []).kind).toBe('unknown');
  });

  it('knows the shared folders of VMs and Docker Desktop', () => {
    for (const type of ['9p', 'vboxsf', 'fuse.grpcfuse', 'fakeowner', 'drvfs', 'cifs']) expect(kindOfType(type), type).toBe('remote');
    for (const type of ['ext4', 'btrfs', 'overlay', 'apfs']) expect(kindOfType(type), type).toBe('local');
  });
});
