import {
  credentialHelperRunner,
  registryAuthHeader,
  registryConfigHeader,
  resolveAllCredentials,
  resolveCredentials,
  type RegistryCredentials,
  type RunCredentialHelper,
} from '../auth/credentials.js';
import { loadDockerConfig, type DockerConfig, type DockerConfigEnvironment, type ReadConfigFile } from '../auth/docker-config.js';
import { registryHostOf } from '../auth/registry-host.js';

/**
 * Registry credentials for the engine's pull, push and build calls, found as the docker CLI finds
 * them, read only when a call needs them (most commands never do) and kept for the process's life.
 */
export class RegistryAuth {
  private config: DockerConfig | undefined;
  private readonly byHost = new Map<string, Promise<RegistryCredentials | undefined>>();
  private readonly runHelper: RunCredentialHelper;

  constructor(
    private readonly env: DockerConfigEnvironment,
    private readonly homeDir: string,
    private readonly readFile: ReadConfigFile,
  ) {
    this.runHelper = credentialHelperRunner({ env });
  }

  /** The X-Registry-Auth value for the registry of `reference`; undefined when none are configured. */
  async authHeader(reference: string): Promise<string | undefined> {
    const credentials = await this.credentials(reference);
    return credentials === undefined ? undefined : registryAuthHeader(credentials);
  }

  /** The X-Registry-Config value of a build: every registry the configuration knows; undefined when none. */
  async configHeader(): Promise<string | undefined> {
    const { credentials } = await resolveAllCredentials(this.loaded(), this.runHelper);
    return credentials.size === 0 ? undefined : registryConfigHeader(credentials);
  }

  /** Whose credentials a call to the registry of `reference` sends, in words without the secret. */
  async describe(reference: string): Promise<string | undefined> {
    const credentials = await this.credentials(reference).catch(() => undefined);
    if (credentials === undefined) return undefined;
    const who = credentials.username === undefined || credentials.username === '' ? 'an identity token' : `user ${credentials.username}`;
    return `${who} (from ${this.loaded().file})`;
  }

  private credentials(reference: string): Promise<RegistryCredentials | undefined> {
    const host = registryHostOf(reference);
    let found = this.byHost.get(host);
    if (found === undefined) {
      found = Promise.resolve().then(() => resolveCredentials(host, this.loaded(), this.runHelper));
      this.byHost.set(host, found);
    }
    return found;
  }

  private loaded(): DockerConfig {
    this.config ??= loadDockerConfig(this.env, this.homeDir, this.readFile);
    return this.config;
  }
}
