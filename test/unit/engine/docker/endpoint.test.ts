import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { resolveEndpoint, type ReadTextFile } from '../../../../src/engine/docker/endpoint.js';
import { EngineError } from '../../../../src/engine/engine-errors.js';

const HOME = '/home/ada';

/** A file reader over a fixed set of files. */
function files(entries: Record<string, string>): ReadTextFile {
  return (file) => entries[file];
}

const noFiles = files({});

function contextDir(name: string): string {
  return createHash('sha256').update(name).digest('hex');
}

function contextMeta(name: string, host: string | undefined, extra: Record<string, unknown> = {}): Record<string, string> {
  const docker = host === undefined ? {} : { Host: host, ...extra };
  return {
    [`${HOME}/.docker/contexts/meta/${contextDir(name)}/meta.json`]: JSON.stringify({
      Name: name,
      Metadata: {},
      Endpoints: { docker },
    }),
  };
}

describe('resolveEndpoint', () => {
  it('uses the default socket when nothing is set', () => {
    expect(resolveEndpoint({}, noFiles, HOME)).toEqual({
      endpoint: 'unix:///var/run/docker.sock',
      transport: 'unix',
      source: 'default',
      skipTlsVerify: false,
      modemOptions: { socketPath: '/var/run/docker.sock', protocol: 'http' },
    });
  });

  it('takes a unix socket from DOCKER_HOST', () => {
    const resolved = resolveEndpoint({ DOCKER_HOST: 'unix:///run/user/1000/docker.sock' }, noFiles, HOME);
    expect(resolved).toMatchObject({
      endpoint: 'unix:///run/user/1000/docker.sock',
      transport: 'unix',
      source: 'DOCKER_HOST',
      modemOptions: { socketPath: '/run/user/1000/docker.sock', protocol: 'http' },
    });
  });

  it('reads unix:// with no path as the default socket', () => {
    expect(resolveEndpoint({ DOCKER_HOST: 'unix://' }, noFiles, HOME).modemOptions).toEqual({
      socketPath: '/var/run/docker.sock',
      protocol: 'http',
    });
  });

  it('takes a plain tcp address, with 2375 as the default port', () => {
    expect(resolveEndpoint({ DOCKER_HOST: 'tcp://10.0.0.5:2375' }, noFiles, HOME)).toMatchObject({
      endpoint: 'tcp://10.0.0.5:2375',
      transport: 'tcp',
      modemOptions: { host: '10.0.0.5', port: 2375, protocol: 'http' },
    });
    expect(resolveEndpoint({ DOCKER_HOST: 'tcp://engine.example' }, noFiles, HOME).modemOptions).toEqual({
      host: 'engine.example',
      port: 2375,
      protocol: 'http',
    });
  });

  it('reads host:port without a scheme as tcp', () => {
    expect(resolveEndpoint({ DOCKER_HOST: 'localhost:2375' }, noFiles, HOME)).toMatchObject({
      endpoint: 'tcp://localhost:2375',
      modemOptions: { host: 'localhost', port: 2375, protocol: 'http' },
    });
  });

  it('strips the brackets of an IPv6 address for the connection, not for display', () => {
    expect(resolveEndpoint({ DOCKER_HOST: 'tcp://[::1]:2375' }, noFiles, HOME)).toMatchObject({
      endpoint: 'tcp://[::1]:2375',
      modemOptions: { host: '::1', port: 2375 },
    });
  });

  it('uses TLS with the certificates of DOCKER_CERT_PATH when DOCKER_TLS_VERIFY is set', () => {
    const certs = files({ '/certs/ca.pem': 'CA', '/certs/cert.pem': 'CERT', '/certs/key.pem': 'KEY' });
    const env = { DOCKER_HOST: 'tcp://engine.example', DOCKER_TLS_VERIFY: '1', DOCKER_CERT_PATH: '/certs' };
    expect(resolveEndpoint(env, certs, HOME)).toEqual({
      endpoint: 'tcp://engine.example:2376',
      transport: 'tls',
      source: 'DOCKER_HOST',
      skipTlsVerify: false,
      modemOptions: { host: 'engine.example', port: 2376, protocol: 'https', ca: 'CA', cert: 'CERT', key: 'KEY' },
    });
  });

  it('looks for the certificates in ~/.docker when DOCKER_CERT_PATH is unset', () => {
    const certs = files({ [`${HOME}/.docker/ca.pem`]: 'CA', [`${HOME}/.docker/cert.pem`]: 'CERT', [`${HOME}/.docker/key.pem`]: 'KEY' });
    const env = { DOCKER_HOST: 'tcp://engine.example:2376', DOCKER_TLS_VERIFY: '1' };
    expect(resolveEndpoint(env, certs, HOME).modemOptions).toMatchObject({ ca: 'CA', cert: 'CERT', key: 'KEY', protocol: 'https' });
  });

  it('leaves out certificate files that are missing (the system CAs then apply)', () => {
    const env = { DOCKER_HOST: 'tcp://engine.example:2376', DOCKER_TLS_VERIFY: '1', DOCKER_CERT_PATH: '/certs' };
    expect(resolveEndpoint(env, noFiles, HOME).modemOptions).toEqual({ host: 'engine.example', port: 2376, protocol: 'https' });
  });

  it('refuses a client certificate without its key', () => {
    const env = { DOCKER_HOST: 'tcp://engine.example:2376', DOCKER_TLS_VERIFY: '1', DOCKER_CERT_PATH: '/certs' };
    expect(() => resolveEndpoint(env, files({ '/certs/cert.pem': 'CERT' }), HOME)).toThrow(
      'TLS client certificate incomplete: /certs/key.pem cannot be read',
    );
  });

  it('does not use TLS when only DOCKER_CERT_PATH is set', () => {
    const env = { DOCKER_HOST: 'tcp://engine.example:2375', DOCKER_CERT_PATH: '/certs' };
    expect(resolveEndpoint(env, files({ '/certs/ca.pem': 'CA' }), HOME).transport).toBe('tcp');
  });

  it('takes an ssh address with user and port, and the ssh agent', () => {
    const resolved = resolveEndpoint({ DOCKER_HOST: 'ssh://deploy@build.example:2222', SSH_AUTH_SOCK: '/tmp/agent.sock' }, noFiles, HOME);
    expect(resolved).toEqual({
      endpoint: 'ssh://deploy@build.example:2222',
      transport: 'ssh',
      source: 'DOCKER_HOST',
      skipTlsVerify: false,
      modemOptions: {
        host: 'build.example',
        port: 2222,
        username: 'deploy',
        protocol: 'ssh',
        sshOptions: { agent: '/tmp/agent.sock' },
      },
    });
    expect(resolveEndpoint({ DOCKER_HOST: 'ssh://build.example' }, noFiles, HOME)).toMatchObject({
      endpoint: 'ssh://build.example',
      modemOptions: { port: 22, username: undefined, sshOptions: {} },
    });
  });

  it('rejects a scheme it cannot use, naming where it came from', () => {
    const error = (() => {
      try {
        return resolveEndpoint({ DOCKER_HOST: 'npipe:////./pipe/docker_engine' }, noFiles, HOME);
      } catch (caught) {
        return caught;
      }
    })();
    expect(error).toBeInstanceOf(EngineError);
    expect((error as EngineError).message).toBe(
      'DOCKER_HOST names npipe:////./pipe/docker_engine, whose scheme npipe:// berth does not support',
    );
    expect(() => resolveEndpoint({ DOCKER_HOST: 'tcp://' }, noFiles, HOME)).toThrow(EngineError);
    expect(() => resolveEndpoint({ DOCKER_HOST: 'tcp://host:2375/prefix' }, noFiles, HOME)).toThrow('a path after the host is not supported');
  });

  it("follows config.json's currentContext to the context's endpoint", () => {
    const config = {
      [`${HOME}/.docker/config.json`]: JSON.stringify({ currentContext: 'remote' }),
      ...contextMeta('remote', 'tcp://remote.example:2375'),
    };
    expect(resolveEndpoint({}, files(config), HOME)).toMatchObject({
      endpoint: 'tcp://remote.example:2375',
      transport: 'tcp',
      source: 'context "remote"',
    });
  });

  it('lets DOCKER_CONTEXT override currentContext', () => {
    const config = {
      [`${HOME}/.docker/config.json`]: JSON.stringify({ currentContext: 'remote' }),
      ...contextMeta('remote', 'tcp://remote.example:2375'),
      ...contextMeta('rootless', 'unix:///run/user/1000/docker.sock'),
    };
    expect(resolveEndpoint({ DOCKER_CONTEXT: 'rootless' }, files(config), HOME)).toMatchObject({
      endpoint: 'unix:///run/user/1000/docker.sock',
      source: 'context "rootless"',
    });
  });

  it('lets DOCKER_HOST win over any context', () => {
    const config = { [`${HOME}/.docker/config.json`]: JSON.stringify({ currentContext: 'remote' }), ...contextMeta('remote', 'tcp://remote.example:2375') };
    expect(resolveEndpoint({ DOCKER_HOST: 'unix:///tmp/d.sock', DOCKER_CONTEXT: 'remote' }, files(config), HOME).endpoint).toBe('unix:///tmp/d.sock');
  });

  it('reads the context named default as the default socket', () => {
    expect(resolveEndpoint({ DOCKER_CONTEXT: 'default' }, noFiles, HOME).endpoint).toBe('unix:///var/run/docker.sock');
  });

  it('ignores a config.json that is not JSON, as the docker CLI does', () => {
    expect(resolveEndpoint({}, files({ [`${HOME}/.docker/config.json`]: '{oops' }), HOME).source).toBe('default');
  });

  it('reports a context that does not exist', () => {
    expect(() => resolveEndpoint({ DOCKER_CONTEXT: 'gone' }, noFiles, HOME)).toThrow(
      `the Docker context "gone" does not exist (no ${HOME}/.docker/contexts/meta/${contextDir('gone')}/meta.json)`,
    );
  });

  it("uses a context's stored TLS files, and its SkipTLSVerify", () => {
    const tlsDir = `${HOME}/.docker/contexts/tls/${contextDir('secure')}/docker`;
    const config = {
      ...contextMeta('secure', 'tcp://secure.example:2376', { SkipTLSVerify: true }),
      [`${tlsDir}/ca.pem`]: 'CA',
      [`${tlsDir}/cert.pem`]: 'CERT',
      [`${tlsDir}/key.pem`]: 'KEY',
    };
    expect(resolveEndpoint({ DOCKER_CONTEXT: 'secure' }, files(config), HOME)).toMatchObject({
      transport: 'tls',
      skipTlsVerify: true,
      modemOptions: { host: 'secure.example', port: 2376, protocol: 'https', ca: 'CA', cert: 'CERT', key: 'KEY' },
    });
  });

  it('uses the default socket for a context with no docker host', () => {
    expect(resolveEndpoint({ DOCKER_CONTEXT: 'empty' }, files(contextMeta('empty', undefined)), HOME)).toMatchObject({
      endpoint: 'unix:///var/run/docker.sock',
      source: 'context "empty"',
    });
  });

  it('reads the config directory from DOCKER_CONFIG', () => {
    const config = {
      '/etc/berth-docker/config.json': JSON.stringify({ currentContext: 'ci' }),
      [`/etc/berth-docker/contexts/meta/${contextDir('ci')}/meta.json`]: JSON.stringify({ Endpoints: { docker: { Host: 'tcp://ci.example:2375' } } }),
    };
    expect(resolveEndpoint({ DOCKER_CONFIG: '/etc/berth-docker' }, files(config), HOME).endpoint).toBe('tcp://ci.example:2375');
  });
});
