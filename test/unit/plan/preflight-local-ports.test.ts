import { createSocket } from 'node:dgram';
import { createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import {
  addressesOverlap, commandLine, localHolders, normalAddress, parseProcNet, procAddress, socketInode, socketsHolding, type ProcReader,
} from '../../../src/plan/preflight/local-ports.js';

const TCP = `  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode
   0: 0100007F:1F90 00000000:0000 0A 00000000:00000000 00:00000000 00000000  1000        0 4242 1 0000000000000000 100 0 0 10 0
   1: 00000000:0016 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 1111 1 0000000000000000 100 0 0 10 0
   2: 0100007F:1F91 0100007F:C350 01 00000000:00000000 00:00000000 00000000  1000        0 5555 1 0000000000000000 20 4 30 10 -1
`;
const TCP6 = `  sl  local_address                         remote_address                        st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode
   0: 00000000000000000000000001000000:1F92 00000000000000000000000000000000:0000 0A 00000000:00000000 00:00000000 00000000  1000        0 7777 1 0000000000000000 100 0 0 10 0
   1: 0000000000000000FFFF00000100007F:1F93 00000000000000000000000000000000:0000 0A 00000000:00000000 00:00000000 00000000  1000        0 8888 1 0000000000000000 100 0 0 10 0
`;

function proc(files: Record<string, string>, fds: Record<string, Record<string, string>> = {}): ProcReader {
  const missing = (path: string): Promise<never> => Promise.reject(Object.assign(new Error(`ENOENT ${path}`), { code: 'ENOENT' }));
  return {
    readFile: (path) => (files[path] === undefined ? missing(path) : Promise.resolve(files[path])),
    readdir: (path) => {
      if (path === '/proc') return Promise.resolve([...Object.keys(fds), 'self', 'net']);
      const pid = /^\/proc\/(\d+)\/fd$/.exec(path)?.[1];
      const links = pid === undefined ? undefined : fds[pid];
      return links === undefined ? missing(path) : Promise.resolve(Object.keys(links));
    },
    readlink: (path) => {
      const [, pid = '', fd = ''] = /^\/proc\/(\d+)\/fd\/(\d+)$/.exec(path) ?? [];
      const link = fds[pid]?.[fd];
      return link === undefined ? missing(path) : Promise.resolve(link);
    },
  };
}

describe('/proc/net parsing', () => {
  it('reads addresses, ports, states and inodes, IPv4 and IPv6', () => {
    expect(parseProcNet(TCP)).toEqual([
      { ip: '127.0.0.1', port: 8080, state: '0A', inode: '4242' },
      { ip: '0.0.0.0', port: 22, state: '0A', inode: '1111' },
      { ip: '127.0.0.1', port: 8081, state: '01', inode: '5555' },
    ]);
    expect(parseProcNet(TCP6).map((socket) => [socket.ip, socket.port])).toEqual([['0:0:0:0:0:0:0:1', 8082], ['127.0.0.1', 8083]]);
    expect(parseProcNet('header only\n\n')).toEqual([]);
  });

  it('turns kernel-order hex into addresses, and user addresses into the same form', () => {
    expect(procAddress('0100007F')).toBe('127.0.0.1');
    expect(procAddress('00000000000000000000000000000000')).toBe('0:0:0:0:0:0:0:0');
    expect(procAddress('zz')).toBeUndefined();
    expect(normalAddress('::1')).toBe('0:0:0:0:0:0:0:1');
    expect(normalAddress('[::]')).toBe('0:0:0:0:0:0:0:0');
    expect(normalAddress('')).toBe('0.0.0.0');
    expect(normalAddress('::ffff:10.0.0.1')).toBe('10.0.0.1');
  });

  it('counts a wildcard on either side as a collision, and only LISTEN sockets of the port', () => {
    expect(addressesOverlap('', '127.0.0.1')).toBe(true);
    expect(addressesOverlap('127.0.0.1', '::')).toBe(true);
    expect(addressesOverlap('127.0.0.1', '127.0.0.2')).toBe(false);
    expect(addressesOverlap('127.0.0.1', '::1')).toBe(false);
    const sockets = parseProcNet(TCP);
    expect(socketsHolding(sockets, 'tcp', '', 8080).map((socket) => socket.inode)).toEqual(['4242']);
    expect(socketsHolding(sockets, 'tcp', '127.0.0.1', 8081)).toEqual([]);
    expect(socketsHolding(sockets, 'udp', '', 8080)).toEqual([]);
  });

  it('reads fd links and command lines', () => {
    expect(socketInode('socket:[4242]')).toBe('4242');
    expect(socketInode('/dev/null')).toBeUndefined();
    expect(commandLine('python3\0-m\0http.server\0')).toBe('python3 -m http.server');
  });
});

describe('localHolders', () => {
  it('finds the process that holds a port through its fds, and says nothing of free ports', async () => {
    const reader = proc(
      { '/proc/net/tcp': TCP, '/proc/net/tcp6': TCP6, '/proc/1234/cmdline': 'python3\0-m\0http.server\0' },
      { '1234': { '3': 'socket:[4242]', '4': 'pipe:[9]' }, '99': { '0': '/dev/null' } },
    );
    const found = await localHolders(
      [
        { protocol: 'tcp', ip: '127.0.0.1', port: 8080 },
        { protocol: 'tcp', ip: '', port: 9999 },
        { protocol: 'tcp', ip: '::1', port: 8082 },
      ],
      reader,
    );
    expect(found).toEqual([{ pid: 1234, command: 'python3 -m http.server' }, undefined, {}]);
  });

  it('without /proc, binds each port for a moment: TCP and UDP, held and free', async () => {
    const tcp = createServer();
    const udp = createSocket('udp4');
    await new Promise<void>((resolve) => tcp.listen({ port: 0, host: '127.0.0.1' }, resolve));
    await new Promise<void>((resolve) => udp.bind(0, '127.0.0.1', resolve));
    try {
      const tcpPort = (tcp.address() as { port: number }).port;
      const udpPort = udp.address().port;
      const found = await localHolders(
        [
          { protocol: 'tcp', ip: '127.0.0.1', port: tcpPort },
          { protocol: 'udp', ip: '127.0.0.1', port: udpPort },
          // The other protocol's port of the same number is free.
          { protocol: 'udp', ip: '127.0.0.1', port: tcpPort },
        ],
        proc({}),
      );
      expect(found).toEqual([{}, {}, undefined]);
    } finally {
      tcp.close();
      udp.close();
    }
  });
});
