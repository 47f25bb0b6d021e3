// berth against an engine reached over TLS (DOCKER_HOST=tcp://..., DOCKER_TLS_VERIFY, DOCKER_CERT_PATH),
// as a remote engine is: a TLS front on loopback that requires a client certificate, passing each
// connection through to the real engine's socket. The certificates in fixtures/tls are self-signed
// test ones (valid until 2126); other-ca.pem is an authority that signed neither.

import { copyFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createServer, type Server, type TLSSocket } from 'node:tls';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_COMPOSE, projectsCleanedAfterEach } from './cli-project.js';

const FIXTURES = fileURLToPath(new URL('../fixtures/tls/', import.meta.url));
const ENGINE_SOCKET = '/var/run/docker.sock';

/**
 * A TLS listener on 127.0.0.1 in front of the engine's unix socket, requiring a client certificate
 * or not; counts the clients it let in with one.
 */
class TlsFront {
  authorizedClients = 0;
  private readonly server: Server;

  constructor(clientCertificates: boolean) {
    this.server = createServer(
      {
        key: readFileSync(path.join(FIXTURES, 'key.pem')),
        cert: readFileSync(path.join(FIXTURES, 'cert.pem')),
        ca: readFileSync(path.join(FIXTURES, 'ca.pem')),
        requestCert: clientCertificates,
        rejectUnauthorized: clientCertificates,
      },
      (client: TLSSocket) => {
        if (client.authorized) this.authorizedClients += 1;
        const engine = connect(ENGINE_SOCKET);
        client.pipe(engine).pipe(client);
        const close = (): void => {
          client.destroy();
          engine.destroy();
        };
        client.on('error', close).on('close', close);
        engine.on('error', close).on('close', close);
      },
    );
  }

  async listen(): Promise<number> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    return (this.server.address() as { port: number }).port;
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

/**
 * A DOCKER_CERT_PATH with ca.pem, and with cert.pem and key.pem unless `clientCertificate` is
 * false; `ca` picks the authority the client trusts.
 */
function certDirectory(ca: 'ca.pem' | 'other-ca.pem', clientCertificate: boolean): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'berth-tls-'));
  copyFileSync(path.join(FIXTURES, ca), path.join(dir, 'ca.pem'));
  if (clientCertificate) {
    copyFileSync(path.join(FIXTURES, 'cert.pem'), path.join(dir, 'cert.pem'));
    copyFileSync(path.join(FIXTURES, 'key.pem'), path.join(dir, 'key.pem'));
  }
  return dir;
}

const project = projectsCleanedAfterEach();
const front = new TlsFront(true);
const serverOnlyFront = new TlsFront(false);
let port = 0;
let serverOnlyPort = 0;
const certDirs: string[] = [];

beforeAll(async () => {
  port = await front.listen();
  serverOnlyPort = await serverOnlyFront.listen();
});
afterAll(async () => {
  await front.close();
  await serverOnlyFront.close();
  for (const dir of certDirs) rmSync(dir, { recursive: true, force: true });
});

function tlsEnv(ca: 'ca.pem' | 'other-ca.pem', clientCertificate = true): Record<string, string> {
  const dir = certDirectory(ca, clientCertificate);
  certDirs.push(dir);
  const at = clientCertificate ? port : serverOnlyPort;
  return { DOCKER_HOST: `tcp://127.0.0.1:${String(at)}`, DOCKER_TLS_VERIFY: '1', DOCKER_CERT_PATH: dir };
}

describe('an engine reached over TLS', () => {
  it('must bring a project up, list it and take it down, with client certificates', async () => {
    const demo = project(DEMO_COMPOSE);
    const env = tlsEnv('ca.pem');
    await demo.ok(['--progress', 'plain', 'up', '-d'], env);
    expect(front.authorizedClients).toBeGreaterThan(0);
    const listed = await demo.ok(['ps', '--format', 'json'], env);
    const names = listed.stdout.trim().split('\n').map((line) => (JSON.parse(line) as { Name: string }).Name);
    expect(names.sort()).toEqual([`${demo.name}-db-1`, `${demo.name}-web-1`]);
    await demo.ok(['down'], env);
    expect(await demo.containers()).toEqual([]);
  });

  it('must verify the engine with only a ca.pem when the engine asks no client certificate', async () => {
    const demo = project(DEMO_COMPOSE);
    const listed = await demo.ok(['ps', '--format', 'json'], tlsEnv('ca.pem', false));
    expect(listed.stdout).toBe('');
  });

  it('must refuse an engine whose certificate the trusted authority did not sign, in one line', async () => {
    const demo = project(DEMO_COMPOSE);
    const env = tlsEnv('other-ca.pem');
    const result = await demo.berth(['ps'], env);
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toMatch(new RegExp(`^error: cannot reach the Docker engine at tcp://127\\.0\\.0\\.1:${String(port)}: .*certificate`, 'm'));
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });
});
