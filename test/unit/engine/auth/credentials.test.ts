import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CredentialHelperError,
  credentialHelperRunner,
  registryAuthHeader,
  registryConfigHeader,
  resolveAllCredentials,
  resolveCredentials,
  type CredentialHelperRun,
  type RegistryCredentials,
  type RunCredentialHelper,
} from '../../../../src/engine/auth/credentials.js';
import { parseDockerConfig, type DockerConfig } from '../../../../src/engine/auth/docker-config.js';
import { registryHostOf } from '../../../../src/engine/auth/registry-host.js';

const FILE = '/home/ada/.docker/config.json';
const LEAKED = 'leaked-secret-123';

function config(body: unknown): DockerConfig {
  return parseDockerConfig(JSON.stringify(body), FILE);
}

function basic(user: string, password: string): string {
  return Buffer.from(`${user}:${password}`).toString('base64');
}

/** A runner that must not be called: the lookup is expected to stay inside the file. */
const noHelpers: RunCredentialHelper = () => Promise.reject(new Error('no helper should run'));

/** Records each call and answers from a table keyed by `program server`. */
function fakeRunner(answers: Record<string, CredentialHelperRun>): RunCredentialHelper & { calls: string[] } {
  const calls: string[] = [];
  const notFound: CredentialHelperRun = { outcome: 'exited', exitCode: 1, stdout: 'credentials not found in native keychain' };
  const run: RunCredentialHelper = (program, serverAddress) => {
    calls.push(`${program} ${serverAddress}`);
    return Promise.resolve(answers[`${program} ${serverAddress}`] ?? notFound);
  };
  return Object.assign(run, { calls });
}

function answer(username: string, secret: string, server = ''): CredentialHelperRun {
  return { outcome: 'exited', exitCode: 0, stdout: JSON.stringify({ ServerURL: server, Username: username, Secret: secret }) };
}

function decode(header: string): unknown {
  return JSON.parse(Buffer.from(header, 'base64url').toString('utf8'));
}

async function rejection(promise: Promise<unknown>): Promise<CredentialHelperError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(CredentialHelperError);
    return error as CredentialHelperError;
  }
  throw new Error('expected a CredentialHelperError');
}

/** Everything an error could show a user: message, hint, stack, cause. */
function everything(error: CredentialHelperError): string {
  return [error.message, error.hint ?? '', error.stack ?? '', String(error.cause ?? '')].join('\n');
}

describe('resolveCredentials from auths', () => {
  it('finds Docker Hub under its index URL key', async () => {
    const hub = config({ auths: { 'https://index.docker.io/v1/': { auth: basic('ada', 'hub-pass') } } });
    expect(await resolveCredentials('docker.io', hub, noHelpers)).toEqual({
      username: 'ada',
      password: 'hub-pass',
      serveraddress: 'https://index.docker.io/v1/',
    });
    // The index URL itself, as a caller may hold it, names the same registry.
    expect(await resolveCredentials('https://index.docker.io/v1/', hub, noHelpers)).toMatchObject({ username: 'ada' });
  });

  it('matches a key written as a URL with scheme and path by its host', async () => {
    const file = config({ auths: { 'https://registry.example:5000/v1/': { username: 'ada', password: 'pw' } } });
    expect(await resolveCredentials('registry.example:5000', file, noHelpers)).toEqual({
      username: 'ada',
      password: 'pw',
      serveraddress: 'registry.example:5000',
    });
    expect(await resolveCredentials('registry.example', file, noHelpers)).toBeUndefined();
  });

  it('prefers an exact key to one that only names the same host', async () => {
    const file = config({
      auths: { 'https://ghcr.io/v1/': { username: 'old', password: 'old' }, 'ghcr.io': { username: 'new', password: 'new' } },
    });
    expect(await resolveCredentials('ghcr.io', file, noHelpers)).toMatchObject({ username: 'new' });
  });

  it('passes an identity token on', async () => {
    const file = config({ auths: { 'ghcr.io': { identitytoken: 'refresh' } } });
    expect(await resolveCredentials('ghcr.io', file, noHelpers)).toEqual({ identitytoken: 'refresh', serveraddress: 'ghcr.io' });
  });

  it('has nothing for an unknown registry or for the empty entry a credentials store leaves', async () => {
    const file = config({ auths: { 'ghcr.io': {} } });
    expect(await resolveCredentials('ghcr.io', file, noHelpers)).toBeUndefined();
    expect(await resolveCredentials('quay.io', file, noHelpers)).toBeUndefined();
  });
});

describe('resolveCredentials through helpers (fake runner)', () => {
  it("asks the registry's own helper first, with the server address", async () => {
    const run = fakeRunner({ 'docker-credential-gcloud gcr.io': answer('oauth2', 'token-1') });
    const file = config({ credsStore: 'desktop', credHelpers: { 'gcr.io': 'gcloud' }, auths: { 'gcr.io': { username: 'x', password: 'y' } } });
    expect(await resolveCredentials('gcr.io', file, run)).toEqual({ username: 'oauth2', password: 'token-1', serveraddress: 'gcr.io' });
    expect(run.calls).toEqual(['docker-credential-gcloud gcr.io']);
  });

  it('passes on to credsStore and then to auths when a helper has nothing', async () => {
    const run = fakeRunner({});
    const file = config({ credsStore: 'desktop', credHelpers: { 'gcr.io': 'gcloud' }, auths: { 'gcr.io': { username: 'x', password: 'y' } } });
    expect(await resolveCredentials('gcr.io', file, run)).toEqual({ username: 'x', password: 'y', serveraddress: 'gcr.io' });
    expect(run.calls).toEqual(['docker-credential-gcloud gcr.io', 'docker-credential-desktop gcr.io']);
  });

  it('asks the store for Docker Hub by its index URL, and reads <token> as an identity token', async () => {
    const run = fakeRunner({ 'docker-credential-desktop https://index.docker.io/v1/': answer('<token>', 'refresh') });
    expect(await resolveCredentials('docker.io', config({ credsStore: 'desktop' }), run)).toEqual({
      identitytoken: 'refresh',
      serveraddress: 'https://index.docker.io/v1/',
    });
  });

  it('reads an empty answer as none', async () => {
    const run = fakeRunner({ 'docker-credential-desktop ghcr.io': answer('', '') });
    expect(await resolveCredentials('ghcr.io', config({ credsStore: 'desktop' }), run)).toBeUndefined();
  });

  it('reports a timeout and output that is not a credentials object', async () => {
    const timedOut = fakeRunner({ 'docker-credential-desktop ghcr.io': { outcome: 'timed-out', stdout: '' } });
    expect((await rejection(resolveCredentials('ghcr.io', config({ credsStore: 'desktop' }), timedOut))).message).toBe(
      'cannot get credentials for registry ghcr.io: docker-credential-desktop did not answer in time',
    );
    const garbage = fakeRunner({ 'docker-credential-desktop ghcr.io': { outcome: 'exited', exitCode: 0, stdout: `${LEAKED} plain text` } });
    const error = await rejection(resolveCredentials('ghcr.io', config({ credsStore: 'desktop' }), garbage));
    expect(error.message).toContain('answered with something other than');
    expect(everything(error)).not.toContain(LEAKED);
  });
});

describe('resolveCredentials through real helper programs on PATH', () => {
  let dir: string;
  let run: RunCredentialHelper;

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'berth-cred-helpers-'));
    // A helper speaking the docker-credential-helpers protocol: server address in, JSON out.
    const fake = [
      '#!/bin/sh',
      'read -r server',
      'case "$server" in',
      '  ghcr.io) printf \'{"ServerURL":"%s","Username":"ada","Secret":"store-secret"}\\n\' "$server" ;;',
      '  https://index.docker.io/v1/) printf \'{"ServerURL":"%s","Username":"<token>","Secret":"hub-token"}\' "$server" ;;',
      `  fails.example) printf '{"ServerURL":"fails.example","Username":"ada","Secret":"${LEAKED}"}'; echo "${LEAKED}" >&2; exit 1 ;;`,
      '  slow.example) exec sleep 5 ;;',
      '  *) echo "credentials not found in native keychain"; exit 1 ;;',
      'esac',
    ].join('\n');
    const pinned = ['#!/bin/sh', 'read -r server', 'printf \'{"ServerURL":"%s","Username":"pinned","Secret":"pinned-secret"}\' "$server"'].join('\n');
    for (const [name, text] of [['docker-credential-fake', fake], ['docker-credential-pinned', pinned]] as const) {
      await writeFile(path.join(dir, name), `${text}\n`);
      await chmod(path.join(dir, name), 0o755);
    }
    // Only the helpers' environment gets the directory: this process's PATH stays as it is.
    run = credentialHelperRunner({ env: { ...process.env, PATH: `${dir}${path.delimiter}${process.env.PATH ?? ''}` }, timeoutMs: 2_000 });
  });

  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('runs credsStore with the server address on standard input', async () => {
    const file = config({ credsStore: 'fake' });
    expect(await resolveCredentials('ghcr.io', file, run)).toEqual({ username: 'ada', password: 'store-secret', serveraddress: 'ghcr.io' });
    expect(await resolveCredentials(registryHostOf('busybox'), file, run)).toEqual({
      identitytoken: 'hub-token',
      serveraddress: 'https://index.docker.io/v1/',
    });
  });

  it('runs the helper a credHelpers entry names, before credsStore', async () => {
    const file = config({ credsStore: 'fake', credHelpers: { 'ghcr.io': 'pinned' } });
    expect(await resolveCredentials('ghcr.io', file, run)).toEqual({ username: 'pinned', password: 'pinned-secret', serveraddress: 'ghcr.io' });
  });

  it('reads "credentials not found in native keychain" as none, and falls back to auths', async () => {
    const file = config({ credsStore: 'fake', auths: { 'quay.io': { auth: basic('ada', 'file-pass') } } });
    expect(await resolveCredentials('nothing.example', file, run)).toBeUndefined();
    expect(await resolveCredentials('quay.io', file, run)).toEqual({ username: 'ada', password: 'file-pass', serveraddress: 'quay.io' });
  });

  it('reports a failing helper by name and registry, never with the password it printed', async () => {
    const error = await rejection(resolveCredentials('fails.example', config({ credsStore: 'fake' }), run));
    expect(error.code).toBe('credential-helper');
    expect(error.helper).toBe('docker-credential-fake');
    expect(error.registry).toBe('fails.example');
    expect(error.message).toBe('cannot get credentials for registry fails.example: docker-credential-fake get failed with exit code 1');
    expect(everything(error)).not.toContain(LEAKED);
  });

  it('reports a missing helper by name and registry, with the config entry to remove', async () => {
    const error = await rejection(resolveCredentials('ghcr.io', config({ credHelpers: { 'ghcr.io': 'absent' } }), run));
    expect(error.message).toBe('cannot get credentials for registry ghcr.io: docker-credential-absent is not installed (not found on PATH)');
    expect(error.hint).toBe(`install docker-credential-absent, or remove credHelpers["ghcr.io"] from ${FILE}`);
  });

  it('stops a helper that does not answer', async () => {
    const quick = credentialHelperRunner({ env: { ...process.env, PATH: `${dir}${path.delimiter}${process.env.PATH ?? ''}` }, timeoutMs: 200 });
    const error = await rejection(resolveCredentials('slow.example', config({ credsStore: 'fake' }), quick));
    expect(error.message).toContain('did not answer in time');
  });

  it('resolves every registry the config knows, in parallel, keeping failures apart', async () => {
    const file = config({
      credsStore: 'fake',
      credHelpers: { 'pinned.example': 'pinned' },
      auths: { 'https://index.docker.io/v1/': {}, 'ghcr.io': {}, 'fails.example': {}, 'https://quay.io/v1/': { auth: basic('q', 'qp') } },
    });
    const all = await resolveAllCredentials(file, run);
    expect(Object.fromEntries(all.credentials)).toEqual({
      'https://index.docker.io/v1/': { identitytoken: 'hub-token', serveraddress: 'https://index.docker.io/v1/' },
      'ghcr.io': { username: 'ada', password: 'store-secret', serveraddress: 'ghcr.io' },
      'quay.io': { username: 'q', password: 'qp', serveraddress: 'quay.io' },
      'pinned.example': { username: 'pinned', password: 'pinned-secret', serveraddress: 'pinned.example' },
    });
    expect(all.failures.map((failure) => failure.registry)).toEqual(['fails.example']);
  });
});

describe('headers', () => {
  const credentials: RegistryCredentials = { username: 'ada', password: 'p?>>', serveraddress: '127.0.0.1:5001' };

  it('encodes X-Registry-Auth as padded base64url JSON of the auth config', () => {
    const header = registryAuthHeader(credentials);
    expect(header).toMatch(/^[A-Za-z0-9_-]+=*$/);
    expect(header.length % 4).toBe(0);
    expect(decode(header)).toEqual(credentials);
  });

  it('sends {} when there are no credentials', () => {
    expect(decode(registryAuthHeader(undefined))).toEqual({});
  });

  it('sends only the fields of an auth config', () => {
    const extra = { ...credentials, email: 'ada@example.com' } as RegistryCredentials;
    expect(decode(registryAuthHeader(extra))).toEqual(credentials);
  });

  it('encodes X-Registry-Config as a map of server address to auth config', () => {
    const map = new Map<string, RegistryCredentials>([
      ['https://index.docker.io/v1/', { identitytoken: 't', serveraddress: 'https://index.docker.io/v1/' }],
      ['127.0.0.1:5001', credentials],
    ]);
    expect(decode(registryConfigHeader(map))).toEqual({
      'https://index.docker.io/v1/': { identitytoken: 't', serveraddress: 'https://index.docker.io/v1/' },
      '127.0.0.1:5001': credentials,
    });
  });
});
