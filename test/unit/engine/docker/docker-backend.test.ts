import type DockerModem from 'docker-modem';
import { describe, expect, it } from 'vitest';
import { DockerBackend } from '../../../../src/engine/docker/docker-backend.js';
import { EngineError, EngineUnreachableError, ImageNotFoundError } from '../../../../src/engine/engine-errors.js';
import type { EngineEvent, LogChunk, PullProgress } from '../../../../src/engine/backend.js';
import { fakeDialer, pathOf, pingReply, statusError, VERSION_20_10, type FakeReply } from './fake-dialer.js';
import { all } from '../../../support/iterate.js';

const TARGET = { endpoint: 'unix:///var/run/docker.sock', source: 'default' };

/** A backend over a fake engine; `routes` answers by `METHOD path` (versioned), `/_ping` is answered already. */
function backendWith(routes: Record<string, FakeReply | ((call: DockerModem.DialOptions) => FakeReply)>, apiVersion = VERSION_20_10.ApiVersion) {
  const { dialer, calls } = fakeDialer((call) => {
    if (call.path === '/_ping') return pingReply(apiVersion);
    const route = routes[`${call.method} ${pathOf(call)}`];
    if (route === undefined) return { error: statusError(599, `no route for ${call.method} ${call.path}`) };
    return typeof route === 'function' ? route(call) : route;
  });
  return { backend: new DockerBackend(dialer, TARGET, { answerTimeoutMs: 100 }), calls };
}

function frame(type: number, text: string): Buffer {
  const body = Buffer.from(text, 'utf8');
  const header = Buffer.alloc(8);
  header.writeUInt8(type, 0);
  header.writeUInt32BE(body.length, 4);
  return Buffer.concat([header, body]);
}

describe('version negotiation', () => {
  it('pings once for the API version, then addresses every call at the negotiated version', async () => {
    const { backend, calls } = backendWith({ 'GET /v1.41/containers/json': { json: [] } });
    await backend.listContainers([]);
    await backend.listContainers([]);
    expect(calls.map((call) => call.path)).toEqual(['/_ping', '/v1.41/containers/json', '/v1.41/containers/json']);
    await expect(backend.apiVersion()).resolves.toBe('1.41');
  });

  it('caps a newer engine at 1.47', async () => {
    const { backend, calls } = backendWith({ 'GET /v1.47/volumes': { json: { Volumes: null, Warnings: null } } }, '1.51');
    await expect(backend.listVolumes([])).resolves.toEqual([]);
    expect(calls[1]?.path).toBe('/v1.47/volumes');
  });

  it('refuses an engine older than API 1.41', async () => {
    const { backend } = backendWith({}, '1.40');
    const error = await backend.version().catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(EngineError);
    expect((error as EngineError).code).toBe('engine-too-old');
    expect((error as Error).message).toBe(
      'the Docker engine at unix:///var/run/docker.sock speaks API 1.40; berth needs 1.41 to 1.47 (Docker 20.10 or newer)',
    );
  });

  it('reports the version facts, asking each time', async () => {
    const { backend, calls } = backendWith({ 'GET /v1.41/version': { json: VERSION_20_10 } });
    const expected = { version: '20.10.24+dfsg1', apiVersion: '1.41', os: 'linux', arch: 'amd64' };
    await expect(backend.version()).resolves.toEqual(expected);
    await expect(backend.version()).resolves.toEqual(expected);
    expect(calls.map((call) => call.path)).toEqual(['/_ping', '/v1.41/version', '/v1.41/version']);
  });

  it('reads the API version from /version when the ping answer has no Api-Version header', async () => {
    const { dialer, calls } = fakeDialer((call) => {
      if (call.path === '/_ping') return { stream: ['OK'] };
      if (call.path === '/version') return { json: { ...VERSION_20_10, ApiVersion: '1.43' } };
      return { json: [] };
    });
    const backend = new DockerBackend(dialer, TARGET);
    await backend.listNetworks([]);
    expect(calls.map((call) => call.path)).toEqual(['/_ping', '/version', '/v1.43/networks']);
  });

  it('maps a missing socket to EngineUnreachableError, and tries again on the next call', async () => {
    let attempts = 0;
    const { dialer } = fakeDialer(() => {
      attempts += 1;
      if (attempts === 1) {
        return { error: Object.assign(new Error('connect ENOENT /var/run/docker.sock'), { code: 'ENOENT', syscall: 'connect' }) };
      }
      return attempts === 2 ? pingReply('1.41') : { json: VERSION_20_10 };
    });
    const backend = new DockerBackend(dialer, TARGET);
    const error = await backend.version().catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(EngineUnreachableError);
    expect((error as Error).message).toBe('cannot reach the Docker engine at unix:///var/run/docker.sock: the socket does not exist');
    await expect(backend.version()).resolves.toMatchObject({ apiVersion: '1.41' });
  });

  it('gives up on an engine that accepts the connection but does not answer', async () => {
    const { dialer } = fakeDialer(() => ({ hang: true }));
    const backend = new DockerBackend(dialer, TARGET, { answerTimeoutMs: 100 });
    const error = await backend.listNetworks([]).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(EngineUnreachableError);
    expect((error as Error).message).toBe('cannot reach the Docker engine at unix:///var/run/docker.sock: no answer within 0.1 s');
  });
});

describe('requests', () => {
  it('sends label filters and booleans as the engine reads them', async () => {
    const { backend, calls } = backendWith({ 'GET /v1.41/containers/json': { json: [{ Id: 'c1', Names: ['/web'] }] } });
    const listed = await backend.listContainers(['com.docker.compose.project=demo', 'com.docker.compose.oneoff'], { all: true });
    expect(listed.map((container) => container.name)).toEqual(['web']);
    expect(calls[1]?.path).toBe('/v1.41/containers/json?');
    expect(calls[1]?.options?._query).toEqual({
      all: '1',
      filters: '{"label":["com.docker.compose.project=demo","com.docker.compose.oneoff"]}',
    });
  });

  it('sends no query and no body where there are none', async () => {
    const { backend, calls } = backendWith({ 'POST /v1.41/containers/c1/start': { json: Buffer.alloc(0) } });
    await backend.startContainer('c1');
    expect(calls[1]?.path).toBe('/v1.41/containers/c1/start');
    expect(calls[1]?.options).toEqual({ _query: {}, _body: {} });
    // 304 (already started) is among the success codes.
    expect(calls[1]?.statusCodes?.[304]).toBe(true);
  });

  it('rounds the stop timeout up to whole seconds', async () => {
    const { backend, calls } = backendWith({ 'POST /v1.41/containers/c1/stop': { json: Buffer.alloc(0) } });
    await backend.stopContainer('c1', 1.5);
    await backend.stopContainer('c1');
    expect(calls[1]?.options?._query).toEqual({ t: '2' });
    expect(calls[2]?.options?._query).toEqual({});
  });

  it('counts a 404 on remove as removed, and other failures as failures', async () => {
    const { backend, calls } = backendWith({
      'DELETE /v1.41/containers/gone': { error: statusError(404, 'No such container: gone') },
      'DELETE /v1.41/containers/busy': { error: statusError(409, 'You cannot remove a running container busy. Stop the container before attempting removal or force remove') },
    });
    await expect(backend.removeContainer('gone', { force: true, volumes: true })).resolves.toBeUndefined();
    expect(calls[1]?.options?._query).toEqual({ force: '1', v: '1' });
    await expect(backend.removeContainer('busy')).rejects.toThrow(
      'remove container busy: You cannot remove a running container busy. Stop the container before attempting removal or force remove',
    );
  });

  it('answers undefined for things that do not exist', async () => {
    const { backend } = backendWith({
      'GET /v1.41/containers/nope/json': { error: statusError(404, 'No such container: nope') },
      'GET /v1.41/networks/nope': { error: statusError(404, 'network nope not found') },
      'GET /v1.41/volumes/nope': { error: statusError(404, 'get nope: no such volume') },
      'GET /v1.41/images/nope:1/json': { error: statusError(404, 'no such image: nope:1: No such image: nope:1') },
    });
    expect(await backend.inspectContainer('nope')).toBeUndefined();
    expect(await backend.inspectNetwork('nope')).toBeUndefined();
    expect(await backend.inspectVolume('nope')).toBeUndefined();
    expect(await backend.inspectImage('nope:1')).toBeUndefined();
  });

  it("reads the volumes' sizes from the disk usage, -1 where the engine gives none", async () => {
    const { backend, calls } = backendWith({
      'GET /v1.41/system/df': {
        json: {
          Images: [{ Id: 'sha256:1', Size: 5 }],
          Volumes: [
            { Name: 'demo_data', UsageData: { Size: 4096, RefCount: 1 } },
            { Name: 'remote', UsageData: { Size: -1, RefCount: 0 } },
            { Name: 'unmeasured', UsageData: null },
          ],
        },
      },
    });
    expect(await backend.volumeSizes()).toEqual(new Map([['demo_data', 4096], ['remote', -1], ['unmeasured', -1]]));
    // 1.41 has no type filter: nothing is sent.
    expect(calls[1]?.options?._query).toEqual({});
  });

  it('does not take a network whose id merely starts with the name asked for', async () => {
    const { backend } = backendWith({ 'GET /v1.41/networks/abc': { json: { Id: 'abcdef', Name: 'other' } } });
    expect(await backend.inspectNetwork('abc')).toBeUndefined();
  });

  it('sends the endpoint settings of a network connection', async () => {
    const { backend, calls } = backendWith({ 'POST /v1.41/networks/proj_default/connect': { json: Buffer.alloc(0) } });
    await backend.connectNetwork('proj_default', 'c1', { aliases: ['db'] });
    expect(calls[1]?.options?._body).toEqual({ Container: 'c1', EndpointConfig: { Aliases: ['db'] } });
  });

  it('reports the exit code of waitContainer, and an error the engine gives instead', async () => {
    const { backend } = backendWith({
      'POST /v1.41/containers/ok/wait': { json: { StatusCode: 7, Error: null } },
      'POST /v1.41/containers/bad/wait': { json: { StatusCode: -1, Error: { Message: 'container was removed' } } },
    });
    await expect(backend.waitContainer('ok')).resolves.toBe(7);
    await expect(backend.waitContainer('bad')).rejects.toThrow('wait for container bad: container was removed');
  });
});

describe('pullImage', () => {
  it('pulls the tag named, reporting progress', async () => {
    const { backend, calls } = backendWith({
      'POST /v1.41/images/create': {
        stream: ['{"status":"Pulling from library/app","id":"1.0"}\n{"status":"Downloading","id":"aa","progressDetail":{"current":5,"total":10}}\n'],
      },
    });
    const progress: PullProgress[] = [];
    await backend.pullImage('registry.example:5000/library/app', (message) => progress.push(message), 'linux/amd64');
    expect(calls[1]?.options?._query).toEqual({ fromImage: 'registry.example:5000/library/app', tag: 'latest', platform: 'linux/amd64' });
    expect(progress).toEqual([
      { status: 'Pulling from library/app', id: '1.0' },
      { status: 'Downloading', id: 'aa', current: 5, total: 10 },
    ]);
  });

  it('fails with ImageNotFoundError when the stream carries an error', async () => {
    const { backend } = backendWith({
      'POST /v1.41/images/create': {
        stream: [
          '{"status":"Pulling from blobby","id":"x"}\n{"status":"Pulling fs layer","progressDetail":{},"id":"bbbbbbbbbbbb"}\n',
          '{"errorDetail":{"message":"error pulling image configuration: download failed after attempts=1: unknown blob"},"error":"error pulling image configuration: download failed after attempts=1: unknown blob"}\n',
        ],
      },
    });
    const error = await backend.pullImage('127.0.0.1:45199/blobby:x').catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ImageNotFoundError);
    expect((error as Error).message).toBe(
      'image 127.0.0.1:45199/blobby:x not found: error pulling image configuration: download failed after attempts=1: unknown blob',
    );
  });

  it('fails with ImageNotFoundError when the engine refuses the pull outright', async () => {
    const { backend } = backendWith({
      'POST /v1.41/images/create': { error: statusError(404, 'manifest for 127.0.0.1:43669/missing:x not found: manifest unknown: manifest unknown') },
    });
    await expect(backend.pullImage('127.0.0.1:43669/missing:x')).rejects.toThrow(
      'image 127.0.0.1:43669/missing:x not found: the registry has no such tag (manifest unknown)',
    );
  });
});

describe('streams', () => {
  it('demultiplexes the logs of a container without a TTY', async () => {
    const { backend, calls } = backendWith({
      'GET /v1.41/containers/c1/json': { json: { Id: 'c1', Config: { Tty: false } } },
      'GET /v1.41/containers/c1/logs': { stream: [Buffer.concat([frame(1, 'out\n'), frame(2, 'err\n')])] },
    });
    const chunks: LogChunk[] = await all(backend.logs('c1', { follow: true, tail: 5, timestamps: true }));
    expect(chunks).toEqual([
      { stream: 'stdout', text: 'out\n' },
      { stream: 'stderr', text: 'err\n' },
    ]);
    expect(calls[2]?.options?._query).toEqual({ stdout: '1', stderr: '1', follow: '1', tail: '5', timestamps: '1' });
  });

  it('reads the logs of a TTY container as they come', async () => {
    const { backend, calls } = backendWith({
      'GET /v1.41/containers/c1/json': { json: { Id: 'c1', Config: { Tty: true } } },
      'GET /v1.41/containers/c1/logs': { stream: ['\u0002raw\r\n'] },
    });
    expect(await all(backend.logs('c1', {}))).toEqual([{ stream: 'stdout', text: '\u0002raw\r\n' }]);
    expect(calls[2]?.options?._query).toMatchObject({ tail: 'all' });
  });

  it('runs exec, then asks for the exit code until the engine has it', async () => {
    let inspections = 0;
    const { backend, calls } = backendWith({
      'POST /v1.41/containers/c1/exec': { json: { Id: 'e1' } },
      'POST /v1.41/exec/e1/start': { stream: [frame(1, 'hi\n'), frame(2, 'warn\n')] },
      'GET /v1.41/exec/e1/json': () => {
        inspections += 1;
        return { json: inspections === 1 ? { Running: true, ExitCode: null } : { Running: false, ExitCode: 4 } };
      },
    });
    await expect(backend.exec('c1', ['sh', '-c', 'x'], { user: 'nobody', env: ['A=1'] })).resolves.toEqual({
      exitCode: 4,
      stdout: 'hi\n',
      stderr: 'warn\n',
    });
    expect(calls[1]?.options?._body).toEqual({
      AttachStdin: false,
      AttachStdout: true,
      AttachStderr: true,
      Tty: false,
      Cmd: ['sh', '-c', 'x'],
      User: 'nobody',
      WorkingDir: undefined,
      Env: ['A=1'],
    });
    expect(calls[2]?.options?._body).toEqual({ Detach: false, Tty: false });
    expect(inspections).toBe(2);
  });

  it('reads events as EngineEvents', async () => {
    const { backend, calls } = backendWith({
      'GET /v1.41/events': {
        stream: [
          '{"status":"start","id":"c6","from":"busybox","Type":"container","Action":"start","Actor":{"ID":"c6","Attributes":{"name":"web"}},"scope":"local","time":1796122893,"timeNano":1796122893808023366}\n',
        ],
      },
    });
    const events: EngineEvent[] = await all(backend.events(['x=y'], new AbortController().signal));
    expect(events).toEqual([{ type: 'container', action: 'start', id: 'c6', attributes: { name: 'web' }, timeNano: Number('1796122893808023366') }]);
    expect(calls[1]?.options?._query).toEqual({ filters: '{"label":["x=y"]}' });
  });

  it('puts and gets archives as tar bodies', async () => {
    const tar = Buffer.from('not really a tar');
    const { backend, calls } = backendWith({
      'PUT /v1.41/containers/c1/archive': { json: Buffer.alloc(0) },
      'GET /v1.41/containers/c1/archive': { stream: [Buffer.from('tar '), Buffer.from('bytes')] },
    });
    await backend.putArchive('c1', '/srv', tar);
    expect(calls[1]?.file).toBe(tar);
    expect(calls[1]?.options?._query).toEqual({ path: '/srv' });
    expect((await backend.getArchive('c1', '/srv/a.txt')).toString()).toBe('tar bytes');
  });
});
