// A registry that has nothing to give, on 127.0.0.1 (which the engine treats as an insecure, plain
// HTTP registry): enough to hear the engine's real wording for a missing tag, and for a pull that
// fails after it started.
import { createHash } from 'node:crypto';
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A running fake registry. */
export interface FakeRegistry {
  /** `127.0.0.1:<port>`, to put in front of a repository name. */
  host: string;
  close(): Promise<void>;
}

/**
 * Repositories named `broken` have a manifest whose blobs are missing, so the pull starts and then
 * fails in its progress stream; every other repository has no manifest at all.
 */
export async function startFakeRegistry(): Promise<FakeRegistry> {
  const manifest = JSON.stringify({
    schemaVersion: 2,
    mediaType: 'application/vnd.docker.distribution.manifest.v2+json',
    config: { mediaType: 'application/vnd.docker.container.image.v1+json', size: 2, digest: `sha256:${'a'.repeat(64)}` },
    layers: [{ mediaType: 'application/vnd.docker.image.rootfs.diff.tar.gzip', size: 2, digest: `sha256:${'b'.repeat(64)}` }],
  });
  const manifestDigest = `sha256:${createHash('sha256').update(manifest).digest('hex')}`;

  const server = createServer((request, response) => {
    response.setHeader('Docker-Distribution-API-Version', 'registry/2.0');
    const url = request.url ?? '';
    if (url === '/v2/') return sendJson(response, 200, {});
    if (url.startsWith('/v2/broken/manifests/')) {
      response.writeHead(200, {
        'Content-Type': 'application/vnd.docker.distribution.manifest.v2+json',
        'Content-Length': Buffer.byteLength(manifest),
        'Docker-Content-Digest': manifestDigest,
      });
      response.end(request.method === 'HEAD' ? undefined : manifest);
      return;
    }
    if (url.includes('/manifests/')) {
      return sendJson(response, 404, { errors: [{ code: 'MANIFEST_UNKNOWN', message: 'manifest unknown' }] });
    }
    return sendJson(response, 404, { errors: [{ code: 'BLOB_UNKNOWN', message: 'blob unknown to registry' }] });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    host: `127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function sendJson(response: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  response.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text) });
  response.end(text);
}
