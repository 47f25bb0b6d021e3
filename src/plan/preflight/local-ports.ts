// Who holds a host port on this machine: the listening sockets of /proc/net/{tcp,tcp6,udp,udp6},
// their owners found through /proc/<pid>/fd, and a brief bind when /proc cannot tell.

import { readdir, readFile, readlink } from 'node:fs/promises';
import { createServer } from 'node:net';

/** A socket of /proc/net/*: its local address (readable form), port, state and inode. */
export interface ProcSocket {
  ip: string;
  port: number;
  /** The kernel's state number in hex: `0A` is LISTEN for tcp, `07` an unconnected (bound) udp socket. */
  state: string;
  inode: string;
}

/** Who holds a port: a process when known (pid and command line), else nobody in particular. */
export interface LocalHolder {
  pid?: number;
  command?: string;
}

export type PortProtocol = 'tcp' | 'udp';

/** The table of /proc/net/tcp, tcp6, udp or udp6 as sockets; lines it cannot read are left out. */
export function parseProcNet(text: string): ProcSocket[] {
  const sockets: ProcSocket[] = [];
  for (const line of text.split('\n').slice(1)) {
    const fields = line.trim().split(/\s+/);
    const local = fields[1];
    const state = fields[3];
    const inode = fields[9];
    if (local === undefined || state === undefined || inode === undefined) continue;
    const [hexIp = '', hexPort = ''] = local.split(':');
    const ip = procAddress(hexIp);
    const port = Number.parseInt(hexPort, 16);
    if (ip === undefined || !Number.isInteger(port)) continue;
    sockets.push({ ip, port, state: state.toUpperCase(), inode });
  }
  return sockets;
}

/**
 * An address as /proc writes it (each 32-bit word in host, little-endian, order) in readable form:
 * `0100007F` is 127.0.0.1; an IPv6 address is 8 full groups, an IPv4-mapped one its IPv4 form.
 */
export function procAddress(hex: string): string | undefined {
  if (!/^[0-9A-Fa-f]+$/.test(hex)) return undefined;
  const words = hex.match(/.{8}/g) ?? [];
  const bytes = words.flatMap((word) => (word.match(/../g) ?? []).reverse().map((byte) => Number.parseInt(byte, 16)));
  if (hex.length === 8) return bytes.join('.');
  if (hex.length !== 32) return undefined;
  const groups: string[] = [];
  for (let index = 0; index < 16; index += 2) groups.push((((bytes[index] ?? 0) << 8) | (bytes[index + 1] ?? 0)).toString(16));
  if (groups.slice(0, 5).every((group) => group === '0') && groups[5] === 'ffff') return bytes.slice(12).join('.');
  return groups.join(':');
}

/** An address written by a user (`::1`, `127.0.0.1`, empty) in the form procAddress gives. */
export function normalAddress(ip: string): string {
  const bare = ip.replace(/^\[|\]$/g, '');
  if (bare === '') return '0.0.0.0';
  if (!bare.includes(':')) return bare;
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(bare);
  if (mapped?.[1] !== undefined) return mapped[1];
  const [head = '', tail] = bare.split('::');
  const left = head === '' ? [] : head.split(':');
  const right = tail === undefined || tail === '' ? [] : tail.split(':');
  const middle = tail === undefined ? [] : Array.from({ length: 8 - left.length - right.length }, () => '0');
  return [...left, ...middle, ...right].map((group) => Number.parseInt(group, 16).toString(16)).join(':');
}

const WILDCARDS = new Set(['0.0.0.0', '0:0:0:0:0:0:0:0']);

/** Whether a bind on `wanted` collides with one on `held`: the same address, or either is a wildcard. */
export function addressesOverlap(wanted: string, held: string): boolean {
  const a = normalAddress(wanted);
  const b = normalAddress(held);
  return a === b || WILDCARDS.has(a) || WILDCARDS.has(b);
}

/** The sockets holding `port`: listening tcp ones, or bound udp ones, on an overlapping address. */
export function socketsHolding(sockets: readonly ProcSocket[], protocol: PortProtocol, ip: string, port: number): ProcSocket[] {
  const state = protocol === 'tcp' ? '0A' : '07';
  return sockets.filter((socket) => socket.port === port && socket.state === state && addressesOverlap(ip, socket.ip));
}

/** The inode of a `/proc/<pid>/fd/<n>` link target when it is a socket (`socket:[12345]`). */
export function socketInode(link: string): string | undefined {
  return /^socket:\[(\d+)\]$/.exec(link)?.[1];
}

/** /proc/<pid>/cmdline (NUL-separated) as one line. */
export function commandLine(raw: string): string {
  return raw.split('\0').filter((part) => part !== '').join(' ');
}

/** Whether a command is the engine's userland proxy, which holds the ports of running containers. */
export function isDockerProxy(command: string | undefined): boolean {
  const program = command?.split(' ')[0] ?? '';
  return program.endsWith('/docker-proxy') || program === 'docker-proxy';
}

/** What to read /proc with: the real file system by default, a stub in tests. */
export interface ProcReader {
  readFile(path: string): Promise<string>;
  readdir(path: string): Promise<string[]>;
  readlink(path: string): Promise<string>;
}

const realProc: ProcReader = {
  readFile: (path) => readFile(path, 'utf8'),
  readdir: (path) => readdir(path),
  readlink: (path) => readlink(path),
};

/** A port to look up. */
export interface LocalPortQuery {
  protocol: PortProtocol;
  ip: string;
  port: number;
}

/**
 * For each query, who holds the port locally, or undefined when it is free. Reads each /proc/net
 * table once, and scans /proc/<pid>/fd only when some port is held. When /proc cannot be read, a
 * brief bind tells whether the port is free (and not by whom).
 */
export async function localHolders(queries: readonly LocalPortQuery[], proc: ProcReader = realProc): Promise<(LocalHolder | undefined)[]> {
  if (queries.length === 0) return [];
  const tables = await Promise.all(
    (['tcp', 'udp'] as const).map(async (protocol) => {
      if (!queries.some((query) => query.protocol === protocol)) return [];
      const texts = await Promise.all([protocol, `${protocol}6`].map((file) => proc.readFile(`/proc/net/${file}`).catch(() => undefined)));
      if (texts.every((text) => text === undefined)) return undefined;
      return texts.flatMap((text) => (text === undefined ? [] : parseProcNet(text)));
    }),
  );
  const [tcp, udp] = tables;
  const matches = queries.map((query) => {
    const table = query.protocol === 'tcp' ? tcp : udp;
    return table === undefined ? undefined : socketsHolding(table, query.protocol, query.ip, query.port);
  });
  const wanted = new Set(matches.flatMap((found) => (found ?? []).map((socket) => socket.inode)));
  const owners = wanted.size > 0 ? await socketOwners(wanted, proc) : new Map<string, LocalHolder>();

  return Promise.all(
    queries.map(async (query, index) => {
      const found = matches[index];
      if (found === undefined) return (await bindFails(query)) ? {} : undefined;
      if (found.length === 0) return undefined;
      for (const socket of found) {
        const owner = owners.get(socket.inode);
        if (owner !== undefined) return owner;
      }
      return {};
    }),
  );
}

/** The processes that hold the given socket inodes, with their command lines. */
async function socketOwners(inodes: ReadonlySet<string>, proc: ProcReader): Promise<Map<string, LocalHolder>> {
  const owners = new Map<string, LocalHolder>();
  const pids = (await proc.readdir('/proc').catch(() => [])).filter((entry) => /^\d+$/.test(entry));
  await Promise.all(
    pids.map(async (pid) => {
      const fds = await proc.readdir(`/proc/${pid}/fd`).catch(() => []);
      for (const fd of fds) {
        const inode = socketInode(await proc.readlink(`/proc/${pid}/fd/${fd}`).catch(() => ''));
        if (inode === undefined || !inodes.has(inode) || owners.has(inode)) continue;
        const command = commandLine(await proc.readFile(`/proc/${pid}/cmdline`).catch(() => ''));
        owners.set(inode, command === '' ? { pid: Number(pid) } : { pid: Number(pid), command });
      }
    }),
  );
  return owners;
}

/** Binds the port for a moment: EADDRINUSE means someone holds it. */
async function bindFails(query: LocalPortQuery): Promise<boolean> {
  const host = normalAddress(query.ip) === '0.0.0.0' ? '0.0.0.0' : query.ip.replace(/^\[|\]$/g, '');
  // node:dgram is loaded only when a UDP port is checked: every `up` loads this module, few publish UDP.
  const { createSocket } = query.protocol === 'udp' ? await import('node:dgram') : { createSocket: undefined };
  return new Promise<boolean>((resolve) => {
    const done = (error: NodeJS.ErrnoException | undefined): void => resolve(error?.code === 'EADDRINUSE');
    if (createSocket !== undefined) {
      const socket = createSocket(host.includes(':') ? 'udp6' : 'udp4');
      socket.once('error', (error) => {
        socket.close();
        done(error);
      });
      socket.bind(query.port, host, () => socket.close(() => done(undefined)));
      return;
    }
    const server = createServer();
    server.once('error', (error: NodeJS.ErrnoException) => done(error));
    server.listen({ port: query.port, host, exclusive: true }, () => server.close(() => done(undefined)));
  });
}
