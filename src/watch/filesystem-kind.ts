// Whether native file events can be trusted for a path. inotify (and FSEvents) only see changes
// made through the local kernel: on a network or shared filesystem (NFS, SMB, a VM's or Docker
// Desktop's shared folders, WSL's Windows drives) an edit made on the other side sends nothing, and
// a watcher that waits for events waits forever. Known kinds are decided from the mount table;
// the rest is left to a probe (file-watcher.ts).

import { readFile, realpath } from 'node:fs/promises';
import path from 'node:path';

/** `local`: native events work; `remote`: poll; `unknown`: try native events and see. */
export interface FilesystemKind {
  kind: 'local' | 'remote' | 'unknown';
  type: string;
  /** Where that filesystem is mounted; '' when unknown. Paths on one mount behave alike. */
  mountPoint: string;
}

const LOCAL = new Set([
  'ext2', 'ext3', 'ext4', 'xfs', 'btrfs', 'zfs', 'f2fs', 'jfs', 'reiserfs', 'bcachefs', 'tmpfs', 'ramfs', 'overlay', 'apfs', 'hfs',
]);

const REMOTE = new Set([
  'nfs', 'nfs4', 'cifs', 'smb3', 'smbfs', '9p', 'vboxsf', 'vmhgfs', 'prl_fs', 'virtiofs', 'drvfs', 'afs', 'ceph', 'glusterfs', 'lustre',
  'fakeowner', 'fuse.sshfs', 'fuse.vmhgfs-fuse', 'fuse.grpcfuse', 'fuse.osxfs', 'fuse.rclone', 'fuse.s3fs', 'fuse.gcsfuse',
]);

export interface MountEntry {
  mountPoint: string;
  type: string;
}

/** The mounts of `/proc/self/mountinfo`'s text: the fifth field, and the first after ` - `. */
export function parseMountInfo(text: string): MountEntry[] {
  const mounts: MountEntry[] = [];
  for (const line of text.split('\n')) {
    const fields = line.split(' ');
    const separator = fields.indexOf('-', 6);
    const mountPoint = fields[4];
    const type = separator === -1 ? undefined : fields[separator + 1];
    if (mountPoint === undefined || type === undefined) continue;
    // The kernel writes space, tab, newline and backslash as octal escapes.
    mounts.push({ mountPoint: mountPoint.replace(/\\([0-7]{3})/g, (_, octal: string) => String.fromCharCode(parseInt(octal, 8))), type });
  }
  return mounts;
}

/** What kind of filesystem a path is on, by the deepest mount that holds it. */
export function classifyPath(target: string, mounts: readonly MountEntry[]): FilesystemKind {
  let best: MountEntry | undefined;
  for (const mount of mounts) {
    const inside = mount.mountPoint === '/' || target === mount.mountPoint || target.startsWith(`${mount.mountPoint}/`);
    if (inside && (best === undefined || mount.mountPoint.length >= best.mountPoint.length)) best = mount;
  }
  if (best === undefined) return { kind: 'unknown', type: 'unknown', mountPoint: '' };
  return { kind: kindOfType(best.type), type: best.type, mountPoint: best.mountPoint };
}

export function kindOfType(type: string): FilesystemKind['kind'] {
  if (REMOTE.has(type)) return 'remote';
  if (LOCAL.has(type)) return 'local';
  return 'unknown';
}

/**
 * The kind of filesystem of each path (its nearest existing ancestor's, for a path not made yet).
 * Outside Linux there is no mount table to read, so every path is `unknown`.
 */
export async function filesystemKinds(paths: readonly string[]): Promise<Map<string, FilesystemKind>> {
  const kinds = new Map<string, FilesystemKind>();
  let mounts: MountEntry[] | undefined;
  if (process.platform === 'linux') {
    mounts = await readFile('/proc/self/mountinfo', 'utf8').then(parseMountInfo, () => undefined);
  }
  for (const target of paths) {
    if (mounts === undefined) {
      kinds.set(target, { kind: 'unknown', type: 'unknown', mountPoint: '' });
      continue;
    }
    kinds.set(target, classifyPath(await existingRealPath(target), mounts));
  }
  return kinds;
}

async function existingRealPath(target: string): Promise<string> {
  for (let candidate = target; ; candidate = path.dirname(candidate)) {
    try {
      return await realpath(candidate);
    } catch {
      if (path.dirname(candidate) === candidate) return candidate;
    }
  }
}
