import { createServer, type Server } from 'node:net';

/** Ports this test process holds, until releaseHeldPorts (afterEach) lets them go. */
const held: Server[] = [];

/** A port on 127.0.0.1 held by this test process, as another program on the machine would hold it. */
export async function holdPort(): Promise<{ port: number; release: () => Promise<void> }> {
  const server = createServer();
  held.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('no port');
  return { port: address.port, release: () => close(server) };
}

/** Releases every port holdPort took that a test left held. */
export async function releaseHeldPorts(): Promise<void> {
  for (const server of held.splice(0)) await close(server);
}

function close(server: Server): Promise<void> {
  if (!server.listening) return Promise.resolve();
  return new Promise<void>((resolve) => server.close(() => resolve()));
}
