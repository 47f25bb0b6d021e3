import { createHash } from 'node:crypto';
import path from 'node:path';
import type DockerModem from 'docker-modem';
import { EngineError } from '../engine-errors.js';

/** The environment variables the resolver reads (`DOCKER_HOST`, `DOCKER_CONTEXT`, ...). */
export type EndpointEnvironment = Readonly<Record<string, string | undefined>>;

/** Reads a small text file; undefined when it is missing or unreadable. */
export type ReadTextFile = (file: string) => string | undefined;

/** The socket an engine listens on when nothing says otherwise. */
export const DEFAULT_SOCKET = '/var/run/docker.sock';

/** Where the engine is and how to reach it. */
export interface ResolvedEndpoint {
  /** For messages: `unix:///var/run/docker.sock`, `tcp://host:2376`, `ssh://user@host`. */
  endpoint: string;
  transport: 'unix' | 'tcp' | 'tls' | 'ssh';
  /** What chose this endpoint: `DOCKER_HOST`, `context "remote"`, or `default`. */
  source: string;
  /** When set, the TLS peer is not verified (a context's `SkipTLSVerify`). */
  skipTlsVerify: boolean;
  /** docker-modem constructor options, without `agent` and `version` (the backend adds those). */
  modemOptions: DockerModem.ConstructorOptions;
}

/** TLS files found for an endpoint; each is optional, as with the docker CLI. */
interface TlsMaterial {
  ca?: string;
  cert?: string;
  key?: string;
}

/**
 * Works out which engine to talk to, the way the docker CLI does: `DOCKER_HOST` first, then the
 * context named by `DOCKER_CONTEXT` or by `currentContext` in the CLI's config.json, else the
 * default socket. Pure: the environment, the file reader and the home directory are all given.
 */
export function resolveEndpoint(env: EndpointEnvironment, readFile: ReadTextFile, homeDir: string): ResolvedEndpoint {
  const configDir = nonEmpty(env.DOCKER_CONFIG) ?? path.join(homeDir, '.docker');

  const dockerHost = nonEmpty(env.DOCKER_HOST);
  if (dockerHost !== undefined) {
    // DOCKER_TLS_VERIFY turns TLS on whatever its value, as in the docker CLI.
    const tls = nonEmpty(env.DOCKER_TLS_VERIFY) === undefined
      ? undefined
      : readTlsMaterial(nonEmpty(env.DOCKER_CERT_PATH) ?? configDir, readFile);
    return parseHost(dockerHost, { source: 'DOCKER_HOST', tls, skipTlsVerify: false, env });
  }

  const contextName = nonEmpty(env.DOCKER_CONTEXT) ?? currentContext(configDir, readFile);
  if (contextName === undefined || contextName === 'default') return defaultEndpoint();
  return contextEndpoint(contextName, configDir, readFile, env);
}

function defaultEndpoint(): ResolvedEndpoint {
  return unixEndpoint(DEFAULT_SOCKET, 'default');
}

function unixEndpoint(socketPath: string, source: string): ResolvedEndpoint {
  return {
    endpoint: `unix://${socketPath}`,
    transport: 'unix',
    source,
    skipTlsVerify: false,
    modemOptions: { socketPath, protocol: 'http' },
  };
}

/** The CLI's config.json names the context `docker context use` chose; a broken file counts as none, as in the CLI. */
function currentContext(configDir: string, readFile: ReadTextFile): string | undefined {
  const text = readFile(path.join(configDir, 'config.json'));
  if (text === undefined) return undefined;
  const config = parseJsonObject(text);
  const name = config?.currentContext;
  return typeof name === 'string' ? nonEmpty(name) : undefined;
}

/** A context's metadata lives under a directory named by the SHA-256 of its name. */
function contextEndpoint(name: string, configDir: string, readFile: ReadTextFile, env: EndpointEnvironment): ResolvedEndpoint {
  const digest = createHash('sha256').update(name).digest('hex');
  const metaFile = path.join(configDir, 'contexts', 'meta', digest, 'meta.json');
  const text = readFile(metaFile);
  const source = `context "${name}"`;
  if (text === undefined) {
    throw new EngineError('engine-endpoint', `the Docker context "${name}" does not exist (no ${metaFile})`, {
      hint: 'docker context ls lists the contexts; unset DOCKER_CONTEXT or run docker context use default',
    });
  }
  const meta = parseJsonObject(text);
  if (meta === undefined) {
    throw new EngineError('engine-endpoint', `the Docker context "${name}" is unreadable: ${metaFile} is not a JSON object`);
  }
  const docker = objectAt(objectAt(meta, 'Endpoints'), 'docker');
  const host = typeof docker?.Host === 'string' ? nonEmpty(docker.Host) : undefined;
  if (host === undefined) return unixEndpoint(DEFAULT_SOCKET, source);

  const tlsDir = path.join(configDir, 'contexts', 'tls', digest, 'docker');
  const tls = readTlsMaterial(tlsDir, readFile);
  const skipTlsVerify = docker?.SkipTLSVerify === true;
  // A context uses TLS when it stores TLS files, or when it asks for TLS without verification.
  const usesTls = tls.ca !== undefined || tls.cert !== undefined || skipTlsVerify;
  return parseHost(host, { source, tls: usesTls ? tls : undefined, skipTlsVerify, env });
}

interface HostSettings {
  source: string;
  /** Present when the connection must use TLS. */
  tls: TlsMaterial | undefined;
  skipTlsVerify: boolean;
  env: EndpointEnvironment;
}

/** `unix:///path`, `tcp://host[:port]`, `host:port` or `ssh://[user@]host[:port]`. */
function parseHost(host: string, settings: HostSettings): ResolvedEndpoint {
  const { source } = settings;
  if (host.startsWith('unix://')) {
    return unixEndpoint(nonEmpty(host.slice('unix://'.length)) ?? DEFAULT_SOCKET, source);
  }
  const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(host)?.[1]?.toLowerCase();
  if (scheme === undefined || scheme === 'tcp') return tcpEndpoint(scheme === undefined ? `tcp://${host}` : host, settings);
  if (scheme === 'ssh') return sshEndpoint(host, settings);
  throw new EngineError('engine-endpoint', `${describeSource(source)} names ${host}, whose scheme ${scheme}:// berth does not support`, {
    hint: 'use unix:///path/to/docker.sock, tcp://host:port or ssh://user@host',
  });
}

function tcpEndpoint(host: string, settings: HostSettings): ResolvedEndpoint {
  const url = parseUrl(host, settings.source);
  if (url.hostname === '') {
    throw new EngineError('engine-endpoint', `${describeSource(settings.source)} names ${host}, which has no host name`);
  }
  if (url.pathname !== '' && url.pathname !== '/') {
    throw new EngineError('engine-endpoint', `${describeSource(settings.source)} names ${host}: a path after the host is not supported`);
  }
  const tls = settings.tls;
  // The engine's conventional ports: 2376 with TLS, 2375 without.
  const port = url.port === '' ? (tls === undefined ? 2375 : 2376) : Number(url.port);
  const hostname = url.hostname.replace(/^\[(.*)\]$/, '$1');
  const display = `tcp://${url.hostname}:${port}`;
  if (tls === undefined) {
    return {
      endpoint: display,
      transport: 'tcp',
      source: settings.source,
      skipTlsVerify: false,
      modemOptions: { host: hostname, port, protocol: 'http' },
    };
  }
  return {
    endpoint: display,
    transport: 'tls',
    source: settings.source,
    skipTlsVerify: settings.skipTlsVerify,
    modemOptions: { host: hostname, port, protocol: 'https', ca: tls.ca, cert: tls.cert, key: tls.key },
  };
}

function sshEndpoint(host: string, settings: HostSettings): ResolvedEndpoint {
  const url = parseUrl(host, settings.source);
  if (url.hostname === '') {
    throw new EngineError('engine-endpoint', `${describeSource(settings.source)} names ${host}, which has no host name`);
  }
  const username = url.username === '' ? undefined : decodeURIComponent(url.username);
  const port = url.port === '' ? 22 : Number(url.port);
  const display = `ssh://${username === undefined ? '' : `${username}@`}${url.hostname}${url.port === '' ? '' : `:${url.port}`}`;
  const agent = nonEmpty(settings.env.SSH_AUTH_SOCK);
  return {
    endpoint: display,
    transport: 'ssh',
    source: settings.source,
    skipTlsVerify: false,
    modemOptions: {
      host: url.hostname,
      port,
      username,
      protocol: 'ssh',
      // The engine is reached through `docker system dial-stdio` on the remote side; keys come from the ssh agent.
      sshOptions: agent === undefined ? {} : { agent },
    },
  };
}

/** Reads ca.pem, cert.pem and key.pem from `dir`; a missing file is left out, but a certificate needs its key. */
function readTlsMaterial(dir: string, readFile: ReadTextFile): TlsMaterial {
  const ca = readFile(path.join(dir, 'ca.pem'));
  const cert = readFile(path.join(dir, 'cert.pem'));
  const key = readFile(path.join(dir, 'key.pem'));
  if ((cert === undefined) !== (key === undefined)) {
    const missing = cert === undefined ? 'cert.pem' : 'key.pem';
    throw new EngineError('engine-endpoint', `TLS client certificate incomplete: ${path.join(dir, missing)} cannot be read`, {
      hint: `put both cert.pem and key.pem in ${dir}, or neither`,
    });
  }
  const material: TlsMaterial = {};
  if (ca !== undefined) material.ca = ca;
  if (cert !== undefined) material.cert = cert;
  if (key !== undefined) material.key = key;
  return material;
}

function parseUrl(text: string, source: string): URL {
  try {
    return new URL(text);
  } catch {
    throw new EngineError('engine-endpoint', `${describeSource(source)} names ${text}, which is not a valid address`, {
      hint: 'use unix:///path/to/docker.sock, tcp://host:port or ssh://user@host',
    });
  }
}

function describeSource(source: string): string {
  return source === 'DOCKER_HOST' ? 'DOCKER_HOST' : `the Docker ${source}`;
}

function nonEmpty(value: string | undefined): string | undefined {
  const trimmed = value?.trim();
  return trimmed === undefined || trimmed === '' ? undefined : trimmed;
}

type JsonRecord = Record<string, unknown>;

function parseJsonObject(text: string): JsonRecord | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return isRecord(value) ? value : undefined;
  } catch {
    return undefined;
  }
}

function objectAt(value: JsonRecord | undefined, key: string): JsonRecord | undefined {
  const child = value?.[key];
  return isRecord(child) ? child : undefined;
}

function isRecord(value: unknown): value is JsonRecord {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
