// The engine messages below were captured from Docker Engine 20.10 (API 1.41), the oldest engine
// berth supports; the registry ones from pulls against a local registry that answered each way.
import { describe, expect, it } from 'vitest';
import {
  pullFailure,
  readFailure,
  toEngineError,
  type EngineFailure,
  type FailureContext,
} from '../../../../src/engine/docker/engine-error-mapping.js';
import {
  EngineError,
  EngineUnreachableError,
  ImageNotFoundError,
  NameConflictError,
  PortInUseError,
} from '../../../../src/engine/engine-errors.js';

const context: FailureContext = { endpoint: 'unix:///var/run/docker.sock', endpointSource: 'default', action: 'start container web-1' };

function status(statusCode: number, message: string): EngineFailure {
  return { kind: 'status', statusCode, message };
}

/** An error shaped as docker-modem rejects for an HTTP status. */
function modemStatusError(statusCode: number, json: unknown): Error {
  const text = typeof json === 'object' && json !== null && 'message' in json ? String(json.message) : String(json);
  return Object.assign(new Error(`(HTTP code ${statusCode}) unexpected - ${text} `), { statusCode, reason: undefined, json });
}

/** A socket error as Node raises it. */
function socketError(code: string, message: string): Error {
  return Object.assign(new Error(message), { code, errno: -2, syscall: 'connect' });
}

describe('readFailure', () => {
  it("reads the status and the engine's JSON message", () => {
    const error = modemStatusError(404, { message: 'No such container: nope-berth' });
    expect(readFailure(error)).toEqual(status(404, 'No such container: nope-berth'));
  });

  it('reads a text or empty body', () => {
    expect(readFailure(modemStatusError(500, Buffer.from('page not found\n')))).toEqual(status(500, 'page not found\n'));
    const empty = Object.assign(new Error('(HTTP code 502) unexpected - bad gateway '), { statusCode: 502, json: Buffer.alloc(0) });
    expect(readFailure(empty)).toEqual(status(502, 'bad gateway'));
  });

  it('reads socket errors by their code', () => {
    expect(readFailure(socketError('ENOENT', 'connect ENOENT /tmp/nonexistent.sock'))).toEqual({
      kind: 'transport',
      code: 'ENOENT',
      message: 'connect ENOENT /tmp/nonexistent.sock',
    });
  });

  it('leaves programming errors alone', () => {
    expect(readFailure(new TypeError('undefined is not a function'))).toBeUndefined();
    expect(readFailure('a string')).toBeUndefined();
  });
});

describe('toEngineError', () => {
  it('maps a missing socket to EngineUnreachableError naming it', () => {
    const error = toEngineError({ kind: 'transport', code: 'ENOENT', message: 'connect ENOENT /tmp/nonexistent.sock' }, {
      ...context,
      endpoint: 'unix:///tmp/nonexistent.sock',
      endpointSource: 'DOCKER_HOST',
    });
    expect(error).toBeInstanceOf(EngineUnreachableError);
    expect(error.message).toBe('cannot reach the Docker engine at unix:///tmp/nonexistent.sock: the socket does not exist');
    expect(error.hint).toBe('check DOCKER_HOST, or unset it to use the default socket');
  });

  it.each([
    ['ECONNREFUSED', 'connect ECONNREFUSED /tmp', 'connection refused'],
    ['ETIMEDOUT', 'connect ETIMEDOUT 10.0.0.5:2375', 'the connection timed out'],
    ['EHOSTUNREACH', 'connect EHOSTUNREACH 10.0.0.5:2375', 'host unreachable'],
    ['ENOTFOUND', 'getaddrinfo ENOTFOUND engine.example', 'unknown host'],
    ['ECONNRESET', 'socket hang up', 'the engine closed the connection'],
    ['DEADLINE', 'no answer within 10 s', 'no answer within 10 s'],
  ])('maps %s to EngineUnreachableError', (code, message, reason) => {
    const error = toEngineError({ kind: 'transport', code, message }, context);
    expect(error).toBeInstanceOf(EngineUnreachableError);
    expect(error.message).toBe(`cannot reach the Docker engine at unix:///var/run/docker.sock: ${reason}`);
  });

  it('hints at permissions and certificates where those are the cause', () => {
    expect(toEngineError({ kind: 'transport', code: 'EACCES', message: 'connect EACCES /var/run/docker.sock' }, context).hint).toBe(
      'run berth as a member of the docker group, or as root',
    );
    const tls = toEngineError({ kind: 'transport', code: 'DEPTH_ZERO_SELF_SIGNED_CERT', message: 'self-signed certificate' }, context);
    expect(tls.message).toBe('cannot reach the Docker engine at unix:///var/run/docker.sock: TLS failed (self-signed certificate)');
    expect(tls.hint).toContain('DOCKER_CERT_PATH');
  });

  it("names the context in the hint when a context chose the endpoint", () => {
    const error = toEngineError({ kind: 'transport', code: 'ECONNREFUSED', message: 'x' }, { ...context, endpointSource: 'context "remote"' });
    expect(error.hint).toBe('check the Docker context "remote" (docker context inspect), or unset DOCKER_CONTEXT');
  });

  it('maps a missing image at create to ImageNotFoundError', () => {
    const error = toEngineError(status(404, 'No such image: berth-missing-local:x'), { ...context, action: 'create container web-1' });
    expect(error).toBeInstanceOf(ImageNotFoundError);
    expect((error as ImageNotFoundError).reference).toBe('berth-missing-local:x');
    expect(error.message).toBe('image berth-missing-local:x not found: it is not present on the engine');
    expect(error.statusCode).toBe(404);
  });

  it('maps a taken name to NameConflictError, at create and at rename', () => {
    const atCreate = toEngineError(
      status(
        409,
        'Conflict. The container name "/berth-capture-1" is already in use by container "9747ab12d829d903c24a6ddd16a9df73458f60e80e80a842d2a72c0ae8892547". You have to remove (or rename) that container to be able to reuse that name.',
      ),
      context,
    );
    expect(atCreate).toBeInstanceOf(NameConflictError);
    expect((atCreate as NameConflictError).containerName).toBe('berth-capture-1');
    expect(atCreate.message).toBe('the container name "berth-capture-1" is already in use by another container');

    const atRename = toEngineError(
      status(
        409,
        'Error when allocating new name: Conflict. The container name "/berth-capture-6" is already in use by container "76c10fb25623711864553094d802d8d9a40cc475710457559bbd8e13c79913de". You have to remove (or rename) that container to be able to reuse that name.',
      ),
      context,
    );
    expect((atRename as NameConflictError).containerName).toBe('berth-capture-6');
  });

  it('maps a port another process holds to PortInUseError with the host port', () => {
    const error = toEngineError(
      status(
        500,
        'driver failed programming external connectivity on endpoint berth-capture-2 (d2143db3d01fe580fb0fa191b03044f0ee2ca8dcbdad178118857ba1b95be7c0): Error starting userland proxy: listen tcp4 127.0.0.1:43739: bind: address already in use',
      ),
      context,
    );
    expect(error).toBeInstanceOf(PortInUseError);
    expect((error as PortInUseError).hostPort).toBe('43739');
    expect(error.message).toBe('cannot start berth-capture-2: host port 43739 is already in use');
  });

  it('maps a port another container holds to PortInUseError', () => {
    const error = toEngineError(
      status(
        500,
        'driver failed programming external connectivity on endpoint berth-capture-4 (ed749373955f1593a65ea5679c84b5d9434aa67775537c59de354b75c31123aa): Bind for 127.0.0.1:38111 failed: port is already allocated',
      ),
      context,
    );
    expect((error as PortInUseError).hostPort).toBe('38111');
    expect(error.message).toBe('cannot start berth-capture-4: host port 38111 is already in use');
  });

  it('finds the port of an IPv6 bind, and falls back to the container it was asked about', () => {
    const error = toEngineError(status(500, 'Error starting userland proxy: listen tcp6 [::]:8080: bind: address already in use'), {
      ...context,
      container: 'web-1',
    });
    expect(error.message).toBe('cannot start web-1: host port 8080 is already in use');
  });

  it('keeps any other engine message, after what berth was doing', () => {
    const error = toEngineError(
      status(
        409,
        'You cannot remove a running container 9747ab12d829d903c24a6ddd16a9df73458f60e80e80a842d2a72c0ae8892547. Stop the container before attempting removal or force remove',
      ),
      { ...context, action: 'remove container web-1' },
    );
    expect(error).toBeInstanceOf(EngineError);
    expect(error.code).toBe('engine');
    expect(error.statusCode).toBe(409);
    expect(error.message).toBe(
      'remove container web-1: You cannot remove a running container 9747ab12d829d903c24a6ddd16a9df73458f60e80e80a842d2a72c0ae8892547. Stop the container before attempting removal or force remove',
    );
    expect(toEngineError(status(404, 'network berth-nonexist not found'), { ...context, action: 'connect container x to network berth-nonexist' }).message).toBe(
      'connect container x to network berth-nonexist: network berth-nonexist not found',
    );
  });

  it('puts a message of several lines on one', () => {
    expect(toEngineError(status(500, 'first problem\n  second problem\n'), context).message).toBe('start container web-1: first problem; second problem');
  });

  it('maps every failure of a pull to ImageNotFoundError', () => {
    const pull = { ...context, action: 'pull image 127.0.0.1:1/berth-missing:x', pullReference: '127.0.0.1:1/berth-missing:x' };
    const error = toEngineError(status(500, 'Get "http://127.0.0.1:1/v2/": dial tcp 127.0.0.1:1: connect: connection refused'), pull);
    expect(error).toBeInstanceOf(ImageNotFoundError);
    expect(error.message).toBe('image 127.0.0.1:1/berth-missing:x not found: cannot reach the registry 127.0.0.1:1 (connection refused)');
    expect(error.statusCode).toBe(500);
  });
});

describe('pullFailure', () => {
  it.each([
    [
      'manifest for 127.0.0.1:43669/missing:x not found: manifest unknown: manifest unknown',
      '127.0.0.1:43669/missing:x',
      'the registry has no such tag (manifest unknown)',
    ],
    [
      'repository 127.0.0.1:43669/nameunknown not found: name unknown: repository name not known to registry',
      '127.0.0.1:43669/nameunknown:x',
      'the registry has no such repository',
    ],
    [
      "pull access denied for 127.0.0.1:40405/denied, repository does not exist or may require 'docker login': denied: requested access to the resource is denied",
      '127.0.0.1:40405/denied:x',
      'pull access denied (the repository does not exist, or it needs docker login)',
    ],
    [
      'Get "https://registry-1.docker.io/v2/": dial tcp: lookup registry-1.docker.io on 10.255.255.53:53: no such host',
      'berth-missing-local:x',
      'cannot reach the registry registry-1.docker.io (no such host)',
    ],
    ['invalid reference format: repository name must be lowercase', 'Bad_Ref:x', 'invalid reference format: repository name must be lowercase'],
    ['unauthorized', 'private.example/app:1', 'unauthorized'],
    [
      'error pulling image configuration: download failed after attempts=1: unknown blob',
      '127.0.0.1:45199/blobby:x',
      'error pulling image configuration: download failed after attempts=1: unknown blob',
    ],
  ])('words %j', (engineText, reference, detail) => {
    const error = pullFailure(reference, engineText);
    expect(error).toBeInstanceOf(ImageNotFoundError);
    expect(error.reference).toBe(reference);
    expect(error.message).toBe(`image ${reference} not found: ${detail}`);
  });

  it('names the registry to log in to', () => {
    expect(pullFailure('registry.example/team/app:1', "pull access denied for registry.example/team/app, repository does not exist or may require 'docker login': denied").hint).toBe(
      'check the image name; a private image needs docker login registry.example first',
    );
    expect(pullFailure('team/app:1', "pull access denied for team/app, repository does not exist or may require 'docker login': denied").hint).toContain(
      'docker login docker.io',
    );
  });
});
