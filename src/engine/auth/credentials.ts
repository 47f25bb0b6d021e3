import { BerthError } from '../../errors.js';
import type { DockerAuthEntry, DockerConfig } from './docker-config.js';
import { hostOfServerAddress, serverAddressOf } from './registry-host.js';

/** Credentials for one registry, in the Engine API's auth config key names. */
export interface RegistryCredentials {
  username?: string;
  password?: string;
  identitytoken?: string;
  registrytoken?: string;
  /** `https://index.docker.io/v1/` for Docker Hub, else the registry's host. */
  serveraddress: string;
}

/** How a run of `docker-credential-<name> get` ended. */
export interface CredentialHelperRun {
  /** `exited` (with `exitCode`), or why the helper gave no answer at all. */
  outcome: 'exited' | 'not-installed' | 'timed-out' | 'failed-to-run';
  exitCode?: number;
  stdout: string;
}

/** Runs `program get` with `serverAddress` on its standard input. */
export type RunCredentialHelper = (program: string, serverAddress: string) => Promise<CredentialHelperRun>;

export interface CredentialHelperRunnerOptions {
  /** The helper's whole environment (it finds the program on this PATH); default: this process's. */
  env?: Readonly<Record<string, string | undefined>>;
  /** Default 30 s: a keychain helper may wait for the user to unlock it, but must not hang a pull forever. */
  timeoutMs?: number;
}

/** A helper failed, was missing, or answered nonsense. The message never carries the helper's output. */
export class CredentialHelperError extends BerthError {
  constructor(readonly helper: string, readonly registry: string, reason: string, hint: string) {
    super('credential-helper', `cannot get credentials for registry ${registry}: ${helper} ${reason}`, { hint });
  }
}

/** Every registry config.json knows, resolved; `failures` are the ones whose helper failed. */
export interface AllRegistryCredentials {
  /** Keyed by server address (the key the engine looks credentials up by). */
  credentials: Map<string, RegistryCredentials>;
  failures: CredentialHelperError[];
}

const DEFAULT_TIMEOUT_MS = 30_000;
/** What a helper prints when it has nothing for the server (the helpers' shared "not found" error). */
const NOT_FOUND = /credentials not found in native keychain/i;
/** The Username a helper stores an identity token under, in place of a user name. */
const TOKEN_USERNAME = '<token>';

/** Runs helpers with execa, loaded on first use: most commands never ask a helper anything. */
export function credentialHelperRunner(options: CredentialHelperRunnerOptions = {}): RunCredentialHelper {
  const timeout = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  return async (program, serverAddress) => {
    const { execa } = await import('execa');
    const result = await execa(program, ['get'], {
      input: serverAddress,
      ...(options.env === undefined ? {} : { env: options.env, extendEnv: false }),
      timeout,
      reject: false,
      // stdout holds the secret and stderr may echo it: nothing is shown, logged or kept beyond stdout.
      stderr: 'ignore',
      verbose: 'none',
      maxBuffer: 1024 * 1024,
      windowsHide: true,
    });
    const stdout = typeof result.stdout === 'string' ? result.stdout : '';
    if (result.timedOut) return { outcome: 'timed-out', stdout: '' };
    if (result.exitCode === undefined) {
      return { outcome: result.code === 'ENOENT' ? 'not-installed' : 'failed-to-run', stdout: '' };
    }
    if (result.isMaxBuffer) return { outcome: 'failed-to-run', stdout: '' };
    return { outcome: 'exited', exitCode: result.exitCode, stdout };
  };
}

const defaultRunner = credentialHelperRunner();

/**
 * The credentials for `host` (`ghcr.io`, `docker.io`, or a server address such as
 * `https://index.docker.io/v1/`), looked up as the docker CLI does: the registry's own helper
 * (`credHelpers`), then the default store (`credsStore`), then `auths` in the file. A helper that
 * has nothing for the registry passes on to the next source; one that is missing or fails is an
 * error, since falling back would hide the cause of a later "unauthorized". Undefined: none.
 */
export async function resolveCredentials(
  host: string,
  config: DockerConfig,
  runHelper: RunCredentialHelper = defaultRunner,
): Promise<RegistryCredentials | undefined> {
  const registry = hostOfServerAddress(host);
  const serveraddress = serverAddressOf(registry);

  const own = lookUp(config.credHelpers, registry);
  if (own !== undefined) {
    const found = await askHelper(own.value, `credHelpers[${JSON.stringify(own.key)}]`, registry, config, runHelper);
    if (found !== undefined) return found;
  }
  if (config.credsStore !== undefined && config.credsStore !== own?.value) {
    const found = await askHelper(config.credsStore, 'credsStore', registry, config, runHelper);
    if (found !== undefined) return found;
  }
  const entry = lookUp(config.auths, registry);
  return entry === undefined ? undefined : fromEntry(entry.value, serveraddress);
}

/**
 * Credentials for every registry config.json names (each `auths` key and each `credHelpers` key),
 * for a build, whose Dockerfile may pull from any of them. Only called when a build needs it; the
 * helpers run in parallel. A helper that fails costs only its own registry, as in the docker CLI.
 */
export async function resolveAllCredentials(
  config: DockerConfig,
  runHelper: RunCredentialHelper = defaultRunner,
): Promise<AllRegistryCredentials> {
  const hosts = [...new Set([...config.auths.keys(), ...config.credHelpers.keys()].map(hostOfServerAddress))];
  const settled = await Promise.allSettled(hosts.map((host) => resolveCredentials(host, config, runHelper)));
  const credentials = new Map<string, RegistryCredentials>();
  const failures: CredentialHelperError[] = [];
  for (const outcome of settled) {
    if (outcome.status === 'fulfilled') {
      if (outcome.value !== undefined) credentials.set(outcome.value.serveraddress, outcome.value);
    } else if (outcome.reason instanceof CredentialHelperError) {
      failures.push(outcome.reason);
    } else {
      throw outcome.reason;
    }
  }
  return { credentials, failures };
}

/**
 * The `X-Registry-Auth` header of a pull or push: base64url of the auth config's JSON. No
 * credentials is `{}`, which the engine reads as anonymous (a push needs the header present).
 */
export function registryAuthHeader(credentials: RegistryCredentials | undefined): string {
  return base64Url(JSON.stringify(credentials === undefined ? {} : authConfigBody(credentials)));
}

/** The `X-Registry-Config` header of a build: base64url of a JSON map of server address → auth config. */
export function registryConfigHeader(credentials: ReadonlyMap<string, RegistryCredentials>): string {
  // fromEntries defines properties, so a key such as "__proto__" stays an ordinary key.
  const body = Object.fromEntries([...credentials].map(([address, entry]) => [address, authConfigBody(entry)]));
  return base64Url(JSON.stringify(body));
}

/** Only the fields the engine reads, so nothing else a caller attached travels to the engine. */
function authConfigBody(credentials: RegistryCredentials): RegistryCredentials {
  return {
    username: credentials.username,
    password: credentials.password,
    identitytoken: credentials.identitytoken,
    registrytoken: credentials.registrytoken,
    serveraddress: credentials.serveraddress,
  };
}

/** The engine decodes with Go's padded URL alphabet; Node's `base64url` drops the padding. */
function base64Url(text: string): string {
  return Buffer.from(text, 'utf8').toString('base64').replace(/\+/g, '-').replace(/\//g, '_');
}

/** An exact key first (the server address, or the host as `docker login` writes it), then any key naming the same host. */
function lookUp<T>(entries: ReadonlyMap<string, T>, registry: string): { key: string; value: T } | undefined {
  for (const key of [serverAddressOf(registry), registry]) {
    const value = entries.get(key);
    if (value !== undefined) return { key, value };
  }
  for (const [key, value] of entries) {
    if (hostOfServerAddress(key) === registry) return { key, value };
  }
  return undefined;
}

function fromEntry(entry: DockerAuthEntry, serveraddress: string): RegistryCredentials | undefined {
  const { username, password, identitytoken, registrytoken } = entry;
  // `docker login` with a credentials store leaves an empty entry behind: it holds nothing.
  if (username === undefined && password === undefined && identitytoken === undefined && registrytoken === undefined) return undefined;
  return { ...entry, serveraddress };
}

async function askHelper(
  name: string,
  source: string,
  registry: string,
  config: DockerConfig,
  runHelper: RunCredentialHelper,
): Promise<RegistryCredentials | undefined> {
  const program = `docker-credential-${name}`;
  const serveraddress = serverAddressOf(registry);
  const fail = (reason: string, hint: string) => new CredentialHelperError(program, registry, reason, hint);
  const byHand = `run ${program} get by hand, with ${serveraddress} on its standard input, to see its message`;

  const run = await runHelper(program, serveraddress);
  switch (run.outcome) {
    case 'not-installed':
      throw fail('is not installed (not found on PATH)', `install ${program}, or remove ${source} from ${config.file}`);
    case 'timed-out':
      throw fail('did not answer in time', `${byHand}; it may be waiting for a keychain to be unlocked`);
    case 'failed-to-run':
      throw fail('could not be run', byHand);
    case 'exited':
      break;
  }
  if (NOT_FOUND.test(run.stdout)) return undefined;
  if (run.exitCode !== 0) throw fail(`get failed with exit code ${String(run.exitCode)}`, byHand);

  const answer = parseAnswer(run.stdout);
  if (answer === undefined) {
    throw fail('answered with something other than {"ServerURL","Username","Secret"} JSON', byHand);
  }
  if (answer.Username === '' && answer.Secret === '') return undefined;
  if (answer.Username === TOKEN_USERNAME) return { identitytoken: answer.Secret, serveraddress };
  return { username: answer.Username, password: answer.Secret, serveraddress };
}

function parseAnswer(stdout: string): { Username: string; Secret: string } | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(stdout);
  } catch {
    return undefined;
  }
  if (typeof parsed !== 'object' || parsed === null) return undefined;
  const { Username, Secret } = parsed as Record<string, unknown>;
  if (typeof Secret !== 'string') return undefined;
  if (Username !== undefined && typeof Username !== 'string') return undefined;
  return { Username: Username ?? '', Secret };
}
