import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { EngineEvent, LogChunk } from '../../../src/engine/backend.js';
import { connectDocker, type DockerBackend } from '../../../src/engine/docker/docker-backend.js';
import {
  EngineError,
  EngineUnreachableError,
  ImageNotFoundError,
  NameConflictError,
  PortInUseError,
} from '../../../src/engine/engine-errors.js';
import type { EngineContainerCreateBody } from '../../../src/engine/engine-types.js';
import { startFakeRegistry } from './fake-registry.js';
import { readTar, writeTar } from './ustar.js';

const IMAGE = 'berth-test/busybox:latest';
const PREFIX = `berth-e2e-backend-${randomBytes(4).toString('hex')}`;
/** Every container, network and volume the tests make carries this label, so cleanup finds them all. */
const OWNER_KEY = 'org.berth.e2e-owner';
const OWNER = `${OWNER_KEY}=${PREFIX}`;

let backend: DockerBackend;
let counter = 0;

/** A fresh name for one test's resource. */
function uniqueName(what: string): string {
  counter += 1;
  return `${PREFIX}-${what}-${counter}`;
}

function containerBody(cmd: string[], extra: Partial<EngineContainerCreateBody> = {}): EngineContainerCreateBody {
  return { Image: IMAGE, Cmd: cmd, HostConfig: {}, ...extra, Labels: { [OWNER_KEY]: PREFIX, ...extra.Labels } };
}

async function runningContainer(name = uniqueName('c')): Promise<string> {
  const id = await backend.createContainer(name, containerBody(['sh', '-c', 'sleep 30']));
  await backend.startContainer(id);
  return id;
}

async function collect(chunks: AsyncIterable<LogChunk>): Promise<{ stdout: string; stderr: string }> {
  const out = { stdout: '', stderr: '' };
  for await (const chunk of chunks) out[chunk.stream] += chunk.text;
  return out;
}

/** Removes everything carrying the owner label; used after each test, failed or not. */
async function sweep(): Promise<void> {
  for (const container of await backend.listContainers([OWNER], { all: true })) {
    await backend.removeContainer(container.id, { force: true, volumes: true });
  }
  for (const network of await backend.listNetworks([OWNER])) await backend.removeNetwork(network.id);
  for (const volume of await backend.listVolumes([OWNER])) await backend.removeVolume(volume.name);
}

beforeAll(async () => {
  // The engine the scripts start is on the default socket; a DOCKER_HOST in the caller's shell is not for these tests.
  backend = await connectDocker({});
});

afterEach(async () => {
  await sweep();
});

afterAll(async () => {
  await sweep();
  backend.close();
});

describe('DockerBackend on the real engine', () => {
  it('negotiates the API version and reports the engine version', async () => {
    const version = await backend.version();
    expect(version.version).not.toBe('');
    expect(version.os).toBe('linux');
    expect(version.apiVersion).toMatch(/^1\.\d+$/);
    const negotiated = await backend.apiVersion();
    expect(Number(negotiated.split('.')[1])).toBeLessThanOrEqual(47);
    expect(Number(negotiated.split('.')[1])).toBeGreaterThanOrEqual(41);
    // A second call asks the engine again, at the negotiated version.
    await expect(backend.version()).resolves.toEqual(version);
  });

  it('creates, starts, inspects, lists by label, stops and removes a container', async () => {
    const name = uniqueName('life');
    const project = `com.docker.compose.project=${PREFIX}`;
    const id = await backend.createContainer(
      name,
      containerBody(['sh', '-c', 'sleep 30'], { Labels: { 'com.docker.compose.project': PREFIX } }),
    );
    expect(id).toMatch(/^[0-9a-f]{64}$/);

    const created = await backend.inspectContainer(name);
    expect(created).toMatchObject({ id, name, state: 'created', status: 'Created', running: false, image: IMAGE });

    await backend.startContainer(id);
    await backend.startContainer(id); // already started: the engine's 304 is success
    const running = await backend.inspectContainer(id);
    expect(running).toMatchObject({ name, state: 'running', running: true });
    expect(running?.status).toMatch(/^Up /);
    expect(running?.labels['com.docker.compose.project']).toBe(PREFIX);
    expect(running?.config.cmd).toEqual(['sh', '-c', 'sleep 30']);
    expect(running?.networks.bridge?.ipAddress).not.toBe('');

    const listed = await backend.listContainers([project]);
    expect(listed.map((container) => container.name)).toEqual([name]);
    expect(listed[0]).toMatchObject({ id, state: 'running', image: IMAGE });
    expect(listed[0]?.status).toMatch(/^Up /);
    expect(await backend.listContainers([`com.docker.compose.project=${PREFIX}-other`])).toEqual([]);

    await backend.stopContainer(id, 1);
    await backend.stopContainer(id, 1); // already stopped: 304 again
    const stopped = await backend.inspectContainer(id);
    expect(stopped).toMatchObject({ running: false, state: 'exited' });
    expect(stopped?.status).toMatch(/^Exited \(\d+\) /);
    expect(await backend.listContainers([project])).toEqual([]);
    expect((await backend.listContainers([project], { all: true })).map((container) => container.id)).toEqual([id]);

    await backend.removeContainer(id);
    await backend.removeContainer(id); // already gone: 404 counts as removed
    expect(await backend.inspectContainer(id)).toBeUndefined();
  });

  it('renames and kills a container', async () => {
    const id = await runningContainer();
    const newName = uniqueName('renamed');
    await backend.renameContainer(id, newName);
    expect((await backend.inspectContainer(id))?.name).toBe(newName);
    await backend.killContainer(id, 'SIGKILL');
    expect(await backend.waitContainer(id)).toBe(137);
  });

  it('creates a labelled network and connects a container with aliases', async () => {
    const networkName = uniqueName('net');
    const networkId = await backend.createNetwork({
      Name: networkName,
      Driver: 'bridge',
      Labels: { [OWNER_KEY]: PREFIX, 'com.docker.compose.network': 'front' },
      CheckDuplicate: true,
    });
    expect(networkId).toMatch(/^[0-9a-f]{64}$/);

    const listed = await backend.listNetworks([OWNER, 'com.docker.compose.network=front']);
    expect(listed.map((network) => network.name)).toEqual([networkName]);
    expect(listed[0]).toMatchObject({ id: networkId, driver: 'bridge', internal: false });

    const containerId = await runningContainer();
    await backend.connectNetwork(networkName, containerId, { aliases: ['db', 'database'] });
    const connected = await backend.inspectContainer(containerId);
    expect(connected?.networks[networkName]?.networkId).toBe(networkId);
    expect(connected?.networks[networkName]?.aliases).toEqual(expect.arrayContaining(['db', 'database']));
    expect((await backend.inspectNetwork(networkName))?.containers).toEqual([containerId]);

    // The alias resolves from another container on the same network.
    const peer = await runningContainer();
    await backend.connectNetwork(networkName, peer, {});
    const lookup = await backend.exec(peer, ['nslookup', 'database']);
    expect(lookup.stdout).toContain(connected?.networks[networkName]?.ipAddress);

    await backend.disconnectNetwork(networkName, containerId);
    await backend.disconnectNetwork(networkName, peer, true);
    expect((await backend.inspectNetwork(networkName))?.containers).toEqual([]);
    await backend.removeNetwork(networkName);
    await backend.removeNetwork(networkName);
    expect(await backend.inspectNetwork(networkName)).toBeUndefined();
  });

  it('does not take an id prefix for a network name', async () => {
    const networkId = await backend.createNetwork({ Name: uniqueName('net'), Labels: { [OWNER_KEY]: PREFIX } });
    expect(await backend.inspectNetwork(networkId.slice(0, 12))).toBeUndefined();
    expect((await backend.inspectNetwork(networkId))?.id).toBe(networkId);
  });

  it('creates, lists, inspects and removes a volume', async () => {
    const name = uniqueName('vol');
    await backend.createVolume({ Name: name, Labels: { [OWNER_KEY]: PREFIX, 'com.docker.compose.volume': 'data' } });
    const listed = await backend.listVolumes([OWNER]);
    expect(listed.map((volume) => volume.name)).toEqual([name]);
    expect(listed[0]).toMatchObject({ driver: 'local', labels: { 'com.docker.compose.volume': 'data' } });
    expect((await backend.inspectVolume(name))?.mountpoint).toContain(name);
    await backend.removeVolume(name);
    await backend.removeVolume(name);
    expect(await backend.inspectVolume(name)).toBeUndefined();
  });

  it('inspects a local image, and reports a missing one as absent', async () => {
    const image = await backend.inspectImage(IMAGE);
    expect(image?.repoTags).toContain(IMAGE);
    expect(image?.labels['org.berth.test-image']).toBe('busybox');
    expect(await backend.inspectImage(`${PREFIX}-missing:x`)).toBeUndefined();
    await backend.removeImage(`${PREFIX}-missing:x`);
  });

  it('fails to pull from a registry nobody listens on with ImageNotFoundError', async () => {
    const reference = '127.0.0.1:1/berth-missing:x';
    const error = await backend.pullImage(reference).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ImageNotFoundError);
    expect((error as ImageNotFoundError).reference).toBe(reference);
    expect((error as Error).message).toBe(`image ${reference} not found: cannot reach the registry 127.0.0.1:1 (connection refused)`);
  });

  it('fails to pull a tag the registry does not have, before and after the pull starts', async () => {
    const registry = await startFakeRegistry();
    try {
      const missing = `${registry.host}/${PREFIX}:x`;
      const progress: string[] = [];
      const notFound = await backend.pullImage(missing, (message) => progress.push(message.status)).catch((caught: unknown) => caught);
      expect(notFound).toBeInstanceOf(ImageNotFoundError);
      expect((notFound as Error).message).toBe(`image ${missing} not found: the registry has no such tag (manifest unknown)`);

      // This one's manifest exists, so the engine answers 200 and reports the failure in the stream.
      const broken = `${registry.host}/broken:x`;
      const error = await backend.pullImage(broken, (message) => progress.push(message.status)).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(ImageNotFoundError);
      expect((error as Error).message).toMatch(/^image 127\.0\.0\.1:\d+\/broken:x not found: .*unknown blob/);
      expect(progress).toContain('Pulling fs layer');
    } finally {
      await registry.close();
    }
  });

  it('reports a taken container name as NameConflictError', async () => {
    const name = uniqueName('taken');
    await backend.createContainer(name, containerBody(['true']));
    const error = await backend.createContainer(name, containerBody(['true'])).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(NameConflictError);
    expect((error as NameConflictError).containerName).toBe(name);
    expect((error as Error).message).toBe(`the container name "${name}" is already in use by another container`);
  });

  it('reports a missing image at create as ImageNotFoundError', async () => {
    const reference = `${PREFIX}-missing:x`;
    const error = await backend.createContainer(uniqueName('noimage'), containerBody(['true'], { Image: reference })).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ImageNotFoundError);
    expect((error as Error).message).toBe(`image ${reference} not found: it is not present on the engine`);
  });

  it('reports a host port held by another process as PortInUseError', async () => {
    const holder: Server = createServer();
    await new Promise<void>((resolve) => holder.listen(0, '127.0.0.1', resolve));
    try {
      const port = String((holder.address() as AddressInfo).port);
      const name = uniqueName('port');
      const id = await backend.createContainer(
        name,
        containerBody(['sh', '-c', 'sleep 30'], {
          ExposedPorts: { '80/tcp': {} },
          HostConfig: { PortBindings: { '80/tcp': [{ HostIp: '127.0.0.1', HostPort: port }] } },
        }),
      );
      const error = await backend.startContainer(id).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(PortInUseError);
      expect((error as PortInUseError).hostPort).toBe(port);
      expect((error as Error).message).toBe(`cannot start ${name}: host port ${port} is already in use`);
    } finally {
      await new Promise<void>((resolve) => holder.close(() => resolve()));
    }
  });

  it('runs a command with exec and collects its exit code and output', async () => {
    const id = await runningContainer();
    await expect(backend.exec(id, ['sh', '-c', 'echo out; echo err >&2; exit 3'])).resolves.toEqual({
      exitCode: 3,
      stdout: 'out\n',
      stderr: 'err\n',
    });
    await expect(backend.exec(id, ['sh', '-c', 'echo "$GREETING"; pwd; id -u'], { env: ['GREETING=hé'], workingDir: '/tmp', user: 'nobody' })).resolves.toEqual({
      exitCode: 0,
      stdout: 'hé\n/tmp\n65534\n',
      stderr: '',
    });
  });

  it('fails exec in a stopped container with the engine message', async () => {
    const id = await backend.createContainer(uniqueName('stopped'), containerBody(['true']));
    const error = await backend.exec(id, ['true']).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(EngineError);
    expect((error as EngineError).statusCode).toBe(409);
    expect((error as Error).message).toMatch(/^run true in container [0-9a-f]+: Container [0-9a-f]+ is not running$/);
  });

  it('reads logs with stdout and stderr apart, and follows until the container stops', async () => {
    // The pauses fix the order in which the engine receives the lines (stdout and stderr are separate pipes).
    const id = await backend.createContainer(
      uniqueName('logs'),
      containerBody(['sh', '-c', 'echo out1; sleep 0.1; echo err1 >&2; sleep 0.1; echo out2']),
    );
    await backend.startContainer(id);
    expect(await backend.waitContainer(id)).toBe(0);
    await expect(collect(backend.logs(id, {}))).resolves.toEqual({ stdout: 'out1\nout2\n', stderr: 'err1\n' });
    await expect(collect(backend.logs(id, { tail: 1 }))).resolves.toEqual({ stdout: 'out2\n', stderr: '' });

    const timestamped = await collect(backend.logs(id, { timestamps: true }));
    expect(timestamped.stdout).toMatch(/^\d{4}-\d\d-\d\dT\S+ out1\n/);

    const follower = await backend.createContainer(uniqueName('follow'), containerBody(['sh', '-c', 'sleep 1; echo late']));
    await backend.startContainer(follower);
    await expect(collect(backend.logs(follower, { follow: true }))).resolves.toEqual({ stdout: 'late\n', stderr: '' });
  });

  it('reads the logs of a TTY container as one stream', async () => {
    const id = await backend.createContainer(uniqueName('tty'), containerBody(['sh', '-c', 'echo out; echo err >&2'], { Tty: true }));
    await backend.startContainer(id);
    await backend.waitContainer(id);
    const logs = await collect(backend.logs(id, {}));
    expect(logs.stderr).toBe('');
    expect(logs.stdout.replace(/\r/g, '')).toBe('out\nerr\n');
  });

  it('stops following logs when the signal aborts', async () => {
    const id = await runningContainer();
    const controller = new AbortController();
    const reading = collect(backend.logs(id, { follow: true, signal: controller.signal }));
    setTimeout(() => controller.abort(), 300);
    await expect(reading).resolves.toEqual({ stdout: '', stderr: '' });
  });

  it('puts an archive into a container and gets it back', async () => {
    const id = await runningContainer();
    await backend.exec(id, ['mkdir', '-p', '/srv/data']);
    const tar = writeTar([
      { name: 'hello.txt', content: 'hello from berth\n' },
      { name: 'run.sh', content: '#!/bin/sh\necho ran\n', mode: 0o755 },
    ]);
    await backend.putArchive(id, '/srv/data', tar);
    await expect(backend.exec(id, ['/srv/data/run.sh'])).resolves.toMatchObject({ exitCode: 0, stdout: 'ran\n' });

    const archive = await backend.getArchive(id, '/srv/data/hello.txt');
    expect(readTar(archive).get('hello.txt')?.toString('utf8')).toBe('hello from berth\n');

    const missing = await backend.getArchive(id, '/srv/nope').catch((caught: unknown) => caught);
    expect(missing).toBeInstanceOf(EngineError);
    expect((missing as EngineError).statusCode).toBe(404);
  });

  it('waits for a container and returns its exit code', async () => {
    const id = await backend.createContainer(uniqueName('wait'), containerBody(['sh', '-c', 'sleep 0.3; exit 7']));
    await backend.startContainer(id);
    expect(await backend.waitContainer(id)).toBe(7);
    expect((await backend.inspectContainer(id))?.exitCode).toBe(7);
  });

  it('sees the start event of a labelled container', async () => {
    const eventLabel = `org.berth.e2e-events=${PREFIX}`;
    const controller = new AbortController();
    const seen: EngineEvent[] = [];
    const events = backend.events([eventLabel], controller.signal);
    const watching = (async () => {
      for await (const event of events) {
        seen.push(event);
        if (event.type === 'container' && event.action === 'start') return event;
      }
      return undefined;
    })();
    // The request is already out; give the engine a moment to subscribe it before the start.
    await new Promise((resolve) => setTimeout(resolve, 300));

    const name = uniqueName('events');
    const id = await backend.createContainer(name, containerBody(['sh', '-c', 'sleep 30'], { Labels: { 'org.berth.e2e-events': PREFIX } }));
    // Another container without the label must not show up.
    await backend.createContainer(uniqueName('unlabelled'), containerBody(['true']));
    await backend.startContainer(id);

    const timeout = setTimeout(() => controller.abort(), 10_000);
    const started = await watching;
    clearTimeout(timeout);
    controller.abort();
    expect(started).toMatchObject({ type: 'container', action: 'start', id });
    expect(started?.attributes.name).toBe(name);
    expect(started?.timeNano).toBeGreaterThan(1e18);
    expect(seen.every((event) => event.id === id)).toBe(true);
  });

  it('ends an events iteration quietly when the signal aborts', async () => {
    const controller = new AbortController();
    const events = backend.events([OWNER], controller.signal);
    setTimeout(() => controller.abort(), 200);
    const seen: EngineEvent[] = [];
    for await (const event of events) seen.push(event);
    expect(seen).toEqual([]);
  });

  it('reports an engine that is not there as EngineUnreachableError naming the socket', async () => {
    const unreachable = await connectDocker({ DOCKER_HOST: 'unix:///tmp/nonexistent.sock' });
    try {
      const error = await unreachable.version().catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(EngineUnreachableError);
      expect((error as Error).message).toBe(
        'cannot reach the Docker engine at unix:///tmp/nonexistent.sock: the socket does not exist',
      );
      expect((error as EngineUnreachableError).hint).toBe('check DOCKER_HOST, or unset it to use the default socket');
      await expect(unreachable.listContainers([])).rejects.toBeInstanceOf(EngineUnreachableError);
    } finally {
      unreachable.close();
    }
  });
});
