import { readFileSync } from 'node:fs';
import { Agent } from 'node:http';
import type { IncomingMessage } from 'node:http';
import { homedir } from 'node:os';
import type DockerModem from 'docker-modem';
import type { Duplex } from 'node:stream';
import { PassThrough, Readable, Writable } from 'node:stream';
import type {
  AttachedStreams,
  Backend,
  BuildProgress,
  BuildRequest,
  BuildResult,
  CommitOptions,
  ContainerDetails,
  ContainerProcesses,
  ContainerStatsSample,
  ContainerSummary,
  EndpointSettings,
  EngineEvent,
  EngineVersion,
  ExecResult,
  ExecSession,
  ExecSessionOptions,
  ImageSummary,
  LabelFilter,
  LogChunk,
  LogOptions,
  NetworkSummary,
  OutputChunk,
  PullProgress,
  TerminalSize,
  VolumeSummary,
} from '../backend.js';
import { registryAuthHeader } from '../auth/credentials.js';
import { EngineError } from '../engine-errors.js';
import type { EngineContainerCreateBody, EngineNetworkCreateBody, EngineVolumeCreateBody } from '../engine-types.js';
import { resolveEndpoint, type EndpointEnvironment, type ReadTextFile, type ResolvedEndpoint } from './endpoint.js';
import { buildOutput } from './build-output.js';
import { pullFailure, pushFailure } from './engine-error-mapping.js';
import { EngineHttp, type EngineCall, type EngineDialer, type EngineTarget } from './engine-http.js';
import { splitImageReference } from './image-reference.js';
import { readJsonLines } from './json-lines.js';
import { readFrames, readOutput } from './output-stream.js';
import { RegistryAuth } from './registry-auth.js';
import {
  pullErrorOf,
  toContainerDetails,
  toContainerSummary,
  toEndpointConfig,
  toEngineEvent,
  toImageSummary,
  toNetworkSummary,
  toPullProgress,
  toVolumeSizes,
  toVolumeSummary,
  type RawContainerInspect,
  type RawContainerListItem,
  type RawDiskUsage,
  type RawEvent,
  type RawImage,
  type RawNetwork,
  type RawPullMessage,
  type RawVolume,
} from './response-mapping.js';

/** How long the first call waits for the engine to answer before calling it unreachable. */
export const DEFAULT_ANSWER_TIMEOUT_MS = 10_000;

/** Settings of a `DockerBackend` beyond its connection. */
export interface DockerBackendOptions {
  /** The keep-alive agent the connection uses; `close()` destroys it. */
  agent?: Agent;
  /** See `DEFAULT_ANSWER_TIMEOUT_MS`. */
  answerTimeoutMs?: number;
  /** The clock status lines are worded against. */
  now?: () => Date;
  /** Where registry credentials come from; none are sent without one. */
  registryAuth?: RegistryAuth;
}

/** Settings of `connectDocker` for callers that do not read the real home directory (tests). */
export interface ConnectDockerOptions {
  homeDir?: string;
  readFile?: ReadTextFile;
  answerTimeoutMs?: number;
}

/**
 * Connects to the engine the environment names (see `resolveEndpoint`). docker-modem is loaded
 * here, on first use, so that importing this module costs nothing. The engine is not contacted
 * until the first call; that call negotiates the API version.
 */
export async function connectDocker(env: EndpointEnvironment = process.env, options: ConnectDockerOptions = {}): Promise<DockerBackend> {
  const resolved = resolveEndpoint(env, options.readFile ?? readTextFile, options.homeDir ?? homedir());
  const agent = await keepAliveAgent(resolved);
  const { default: Modem } = await import('docker-modem');
  let modem: DockerModem;
  try {
    modem = unaffectedByDockerVariables(() => new Modem({
      // docker-modem fills unset options from process.env (DOCKER_HOST, DOCKER_CERT_PATH, ...);
      // the endpoint resolved above is the only source, so every such option is set here.
      socketPath: undefined,
      host: undefined,
      port: undefined,
      username: undefined,
      ca: undefined,
      cert: undefined,
      key: undefined,
      timeout: undefined,
      version: undefined,
      ...resolved.modemOptions,
      agent,
    }));
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new EngineError('engine-endpoint', `cannot set up the connection to ${resolved.endpoint}: ${reason}`, { cause: error });
  }
  const registryAuth = new RegistryAuth(env, options.homeDir ?? homedir(), options.readFile ?? readTextFile);
  return new DockerBackend(modem, resolved, { agent, answerTimeoutMs: options.answerTimeoutMs, registryAuth });
}

/** The variables docker-modem's constructor reads from process.env, whatever options it is given. */
const MODEM_VARIABLES = ['DOCKER_HOST', 'DOCKER_TLS_VERIFY', 'DOCKER_CERT_PATH', 'DOCKER_CLIENT_TIMEOUT', 'DOCKER_PATH_PREFIX'] as const;

/**
 * Runs `make` (synchronous) with docker-modem's variables out of process.env, then puts them back.
 * Its constructor works out defaults from them before it looks at its options, and reads
 * DOCKER_CERT_PATH's cert.pem and key.pem then: with only a ca.pem there (a valid set-up, which
 * resolveEndpoint accepts), it failed with ENOENT although the options said all there was to say.
 */
function unaffectedByDockerVariables<T>(make: () => T): T {
  const saved = MODEM_VARIABLES.map((name) => [name, process.env[name]] as const);
  for (const name of MODEM_VARIABLES) Reflect.deleteProperty(process.env, name);
  try {
    return make();
  } finally {
    for (const [name, value] of saved) if (value !== undefined) process.env[name] = value;
  }
}

/**
 * The `Backend` over the Docker Engine API. One docker-modem instance and one keep-alive agent
 * carry every call; the API version is negotiated on the first call.
 */
export class DockerBackend implements Backend {
  readonly endpoint: string;
  private readonly http: EngineHttp;
  private readonly agent: Agent | undefined;
  private readonly now: () => Date;
  private readonly registryAuth: RegistryAuth | undefined;

  constructor(dialer: EngineDialer, target: EngineTarget, options: DockerBackendOptions = {}) {
    this.endpoint = target.endpoint;
    this.http = new EngineHttp(dialer, target, options.answerTimeoutMs ?? DEFAULT_ANSWER_TIMEOUT_MS);
    this.agent = options.agent;
    this.now = options.now ?? (() => new Date());
    this.registryAuth = options.registryAuth;
  }

  /** The API version calls are addressed at (`1.41`), negotiating it when no call has yet. */
  async apiVersion(): Promise<string> {
    return (await this.http.negotiate()).apiVersion;
  }

  /** Closes the idle connections; calls still streaming keep theirs until they end. */
  close(): void {
    this.agent?.destroy();
  }

  version(): Promise<EngineVersion> {
    return this.http.versionFacts();
  }

  async listContainers(filter: LabelFilter, options: { all?: boolean } = {}): Promise<ContainerSummary[]> {
    const raw = (await this.http.json({
      method: 'GET',
      path: '/containers/json',
      query: { all: options.all === true ? true : undefined, filters: labelFilters(filter) },
      action: 'list containers',
    })) as RawContainerListItem[] | null;
    return (raw ?? []).map(toContainerSummary);
  }

  async listNetworks(filter: LabelFilter): Promise<NetworkSummary[]> {
    const raw = (await this.http.json({
      method: 'GET',
      path: '/networks',
      query: { filters: labelFilters(filter) },
      action: 'list networks',
    })) as RawNetwork[] | null;
    return (raw ?? []).map(toNetworkSummary);
  }

  async listVolumes(filter: LabelFilter): Promise<VolumeSummary[]> {
    const raw = (await this.http.json({
      method: 'GET',
      path: '/volumes',
      query: { filters: labelFilters(filter) },
      action: 'list volumes',
    })) as { Volumes?: RawVolume[] | null } | undefined;
    return (raw?.Volumes ?? []).map(toVolumeSummary);
  }

  async inspectNetwork(name: string): Promise<NetworkSummary | undefined> {
    const raw = (await this.http.json({
      method: 'GET',
      path: `/networks/${encodeURIComponent(name)}`,
      action: `inspect network ${name}`,
      absentOn404: true,
    })) as RawNetwork | undefined;
    // The engine also matches a prefix of a network's id; only the network of that name (or id) counts.
    if (raw === undefined || (raw.Name !== name && raw.Id !== name)) return undefined;
    return toNetworkSummary(raw);
  }

  async inspectVolume(name: string): Promise<VolumeSummary | undefined> {
    const raw = (await this.http.json({
      method: 'GET',
      path: `/volumes/${encodeURIComponent(name)}`,
      action: `inspect volume ${name}`,
      absentOn404: true,
    })) as RawVolume | undefined;
    return raw === undefined ? undefined : toVolumeSummary(raw);
  }

  async volumeSizes(): Promise<Map<string, number>> {
    // API 1.41 (Docker 20.10) has no `type` filter: the answer also counts images, containers and
    // build cache, and only its volumes are read.
    const raw = (await this.http.json({ method: 'GET', path: '/system/df', action: 'measure volumes' })) as RawDiskUsage | undefined;
    return toVolumeSizes(raw);
  }

  async inspectContainer(idOrName: string): Promise<ContainerDetails | undefined> {
    const raw = await this.inspectRaw(idOrName, true);
    return raw === undefined ? undefined : toContainerDetails(raw, this.now());
  }

  async createContainer(name: string, body: EngineContainerCreateBody): Promise<string> {
    const raw = (await this.http.json({
      method: 'POST',
      path: '/containers/create',
      query: { name },
      body,
      action: `create container ${name}`,
      container: name,
    })) as { Id?: string };
    return raw.Id ?? '';
  }

  async startContainer(id: string): Promise<void> {
    await this.http.json(containerCall('POST', id, '/start', `start container ${id}`));
  }

  async stopContainer(id: string, timeoutSeconds?: number): Promise<void> {
    // The engine takes whole seconds; a fraction is rounded up so the container gets at least as long.
    const t = timeoutSeconds === undefined ? undefined : Math.max(0, Math.ceil(timeoutSeconds));
    await this.http.json({ ...containerCall('POST', id, '/stop', `stop container ${id}`), query: { t } });
  }

  async killContainer(id: string, signal?: string): Promise<void> {
    await this.http.json({ ...containerCall('POST', id, '/kill', `kill container ${id}`), query: { signal } });
  }

  async removeContainer(id: string, options: { force?: boolean; volumes?: boolean } = {}): Promise<void> {
    // A container that is already gone is what removing wanted.
    await this.http.json({
      ...containerCall('DELETE', id, '', `remove container ${id}`),
      query: { force: options.force, v: options.volumes },
      absentOn404: true,
    });
  }

  async renameContainer(id: string, newName: string): Promise<void> {
    await this.http.json({ ...containerCall('POST', id, '/rename', `rename container ${id} to ${newName}`), query: { name: newName } });
  }

  async waitContainer(id: string, signal?: AbortSignal): Promise<number> {
    const raw = (await this.http.json({
      ...containerCall('POST', id, '/wait', `wait for container ${id}`),
      query: { condition: 'not-running' },
      signal,
    })) as { StatusCode?: number; Error?: { Message?: string } | null };
    const message = raw.Error?.Message;
    if (message !== undefined && message !== '') {
      throw new EngineError('engine', `wait for container ${id}: ${message}`);
    }
    return raw.StatusCode ?? 0;
  }

  async connectNetwork(network: string, container: string, endpoint: EndpointSettings): Promise<void> {
    await this.http.json({
      method: 'POST',
      path: `/networks/${encodeURIComponent(network)}/connect`,
      body: { Container: container, EndpointConfig: toEndpointConfig(endpoint) },
      action: `connect container ${container} to network ${network}`,
      container,
    });
  }

  async disconnectNetwork(network: string, container: string, force?: boolean): Promise<void> {
    await this.http.json({
      method: 'POST',
      path: `/networks/${encodeURIComponent(network)}/disconnect`,
      body: { Container: container, Force: force === true },
      action: `disconnect container ${container} from network ${network}`,
      container,
    });
  }

  async createNetwork(body: EngineNetworkCreateBody): Promise<string> {
    const raw = (await this.http.json({
      method: 'POST',
      path: '/networks/create',
      body,
      action: `create network ${body.Name}`,
    })) as { Id?: string };
    return raw.Id ?? '';
  }

  async removeNetwork(name: string): Promise<void> {
    // As with containers, a network that is already gone counts as removed.
    await this.http.json({
      method: 'DELETE',
      path: `/networks/${encodeURIComponent(name)}`,
      action: `remove network ${name}`,
      absentOn404: true,
    });
  }

  async createVolume(body: EngineVolumeCreateBody): Promise<void> {
    await this.http.json({ method: 'POST', path: '/volumes/create', body, action: `create volume ${body.Name}` });
  }

  async removeVolume(name: string): Promise<void> {
    await this.http.json({
      method: 'DELETE',
      path: `/volumes/${encodeURIComponent(name)}`,
      action: `remove volume ${name}`,
      absentOn404: true,
    });
  }

  async inspectImage(reference: string): Promise<ImageSummary | undefined> {
    const raw = (await this.http.json({
      method: 'GET',
      path: `/images/${encodeURI(reference)}/json`,
      action: `inspect image ${reference}`,
      absentOn404: true,
    })) as RawImage | undefined;
    return raw === undefined ? undefined : toImageSummary(raw);
  }

  async pullImage(reference: string, onProgress?: (progress: PullProgress) => void, platform?: string): Promise<void> {
    const { repository, tag } = splitImageReference(reference);
    const response = await this.http.stream({
      method: 'POST',
      path: '/images/create',
      query: { fromImage: repository, tag, platform },
      action: `pull image ${reference}`,
      pullReference: reference,
      headers: await this.authHeaders(reference),
    });
    try {
      // The engine answers 200 as soon as the pull starts; a failure after that is a message in the stream.
      for await (const message of readJsonLines(response)) {
        const raw = message as RawPullMessage;
        const error = pullErrorOf(raw);
        if (error !== undefined) throw pullFailure(reference, error);
        onProgress?.(toPullProgress(raw));
      }
    } finally {
      response.destroy();
    }
  }

  async removeImage(reference: string): Promise<void> {
    await this.http.json({
      method: 'DELETE',
      path: `/images/${encodeURI(reference)}`,
      action: `remove image ${reference}`,
      absentOn404: true,
    });
  }

  async buildImage(request: BuildRequest, onProgress?: (progress: BuildProgress) => void): Promise<BuildResult> {
    const subject = `build of ${request.tags[0] ?? 'an image'}`;
    const response = await this.http.stream({
      method: 'POST',
      path: '/build',
      query: {
        dockerfile: request.dockerfile,
        // The engine takes several `t` parameters; docker-modem's query writer repeats an array.
        t: request.tags[0],
        extrahosts: request.extraHosts === undefined || request.extraHosts.length === 0 ? undefined : request.extraHosts.join(','),
        q: false,
        nocache: request.noCache === true ? true : undefined,
        cachefrom: request.cacheFrom === undefined || request.cacheFrom.length === 0 ? undefined : JSON.stringify(request.cacheFrom),
        pull: request.pull === true ? true : undefined,
        rm: true,
        forcerm: true,
        shmsize: request.shmSize,
        buildargs: request.buildArgs === undefined ? undefined : JSON.stringify(request.buildArgs),
        labels: request.labels === undefined ? undefined : JSON.stringify(request.labels),
        networkmode: request.network,
        platform: request.platform,
        target: request.target,
      },
      file: request.context,
      headers: await this.buildHeaders(),
      action: subject,
      signal: request.signal,
    });
    let imageId: string;
    try {
      imageId = await buildOutput(readJsonLines(response), subject, onProgress);
    } finally {
      response.destroy();
      request.context.destroy();
    }
    for (const tag of request.tags.slice(1)) await this.tagImage(imageId, tag);
    return { imageId };
  }

  async tagImage(source: string, target: string): Promise<void> {
    const { repository, tag } = splitImageReference(target);
    await this.http.json({
      method: 'POST',
      path: `/images/${encodeURI(source)}/tag`,
      query: { repo: repository, tag },
      action: `tag image ${source} as ${target}`,
    });
  }

  async pushImage(reference: string, onProgress?: (progress: PullProgress) => void): Promise<void> {
    const { repository, tag } = splitImageReference(reference);
    const response = await this.http.stream({
      method: 'POST',
      path: `/images/${encodeURI(repository)}/push`,
      query: { tag },
      action: `push image ${reference}`,
      // The engine refuses a push without this header, even to a registry that needs no login.
      headers: { 'X-Registry-Auth': (await this.registryAuth?.authHeader(reference)) ?? registryAuthHeader(undefined) },
    });
    try {
      for await (const message of readJsonLines(response)) {
        const raw = message as RawPullMessage;
        const error = pullErrorOf(raw);
        if (error !== undefined) throw pushFailure(reference, error, await this.registryAuth?.describe(reference));
        onProgress?.(toPullProgress(raw));
      }
    } finally {
      response.destroy();
    }
  }

  async *logs(id: string, options: LogOptions): AsyncIterable<LogChunk> {
    const signal = options.signal;
    // The engine multiplexes stdout and stderr unless the container has a TTY, and the stream does not say which.
    const container = await this.inspectRaw(id, false);
    const tty = container?.Config?.Tty === true;
    const response = await this.openStream({
      ...containerCall('GET', id, '/logs', `read the logs of container ${id}`),
      query: {
        stdout: true,
        stderr: true,
        follow: options.follow === true ? true : undefined,
        tail: options.tail ?? 'all',
        since: options.since,
        until: options.until,
        timestamps: options.timestamps === true ? true : undefined,
      },
      signal,
    });
    if (response === undefined) return;
    yield* readUntilAborted(readOutput(response, tty), response, signal);
  }

  events(filter: LabelFilter, signal: AbortSignal): AsyncIterable<EngineEvent> {
    // The request goes out now, not on the first iteration, so the engine is subscribed as early
    // as possible; a failure waits for the iteration to report it.
    const opening = this.openStream({
      method: 'GET',
      path: '/events',
      query: { filters: labelFilters(filter) },
      action: 'follow engine events',
      signal,
    });
    opening.catch(() => undefined);
    return this.readEvents(opening, signal);
  }

  async exec(id: string, command: readonly string[], options: { user?: string; workingDir?: string; env?: string[] } = {}): Promise<ExecResult> {
    const action = `run ${command.join(' ')} in container ${id}`;
    const created = (await this.http.json({
      ...containerCall('POST', id, '/exec', action),
      body: {
        AttachStdin: false,
        AttachStdout: true,
        AttachStderr: true,
        Tty: false,
        Cmd: [...command],
        User: options.user,
        WorkingDir: options.workingDir,
        Env: options.env,
      },
    })) as { Id?: string };
    const execId = created.Id ?? '';
    const response = await this.http.stream({
      method: 'POST',
      path: `/exec/${encodeURIComponent(execId)}/start`,
      body: { Detach: false, Tty: false },
      action,
      container: id,
    });
    const output = { stdout: '', stderr: '' };
    try {
      for await (const chunk of readOutput(response, false)) output[chunk.stream] += chunk.text;
    } finally {
      response.destroy();
    }
    return { exitCode: await this.execExitCode(execId, action), ...output };
  }

  async execSession(id: string, command: readonly string[], options: ExecSessionOptions): Promise<ExecSession> {
    const action = `run ${command.join(' ')} in container ${id}`;
    const attach = options.detach !== true;
    const created = (await this.http.json({
      ...containerCall('POST', id, '/exec', action),
      body: {
        AttachStdin: attach && options.stdin,
        AttachStdout: attach,
        AttachStderr: attach,
        Tty: options.tty,
        Cmd: [...command],
        User: options.user,
        WorkingDir: options.workingDir,
        Env: options.env,
        Privileged: options.privileged === true,
        ...(options.size === undefined ? {} : { ConsoleSize: [options.size.rows, options.size.columns] }),
      },
    })) as { Id?: string };
    const execId = created.Id ?? '';
    const resize = async (size: TerminalSize): Promise<void> => {
      await this.http.json({ method: 'POST', path: `/exec/${encodeURIComponent(execId)}/resize`, query: { h: size.rows, w: size.columns }, action });
    };
    const exitCode = (): Promise<number> => this.execExitCode(execId, action);
    if (!attach) {
      await this.http.json({ method: 'POST', path: `/exec/${encodeURIComponent(execId)}/start`, body: { Detach: true, Tty: options.tty }, action, container: id });
      return { ...detachedStreams(), resize, exitCode };
    }
    const socket = await this.http.hijack({
      method: 'POST',
      path: `/exec/${encodeURIComponent(execId)}/start`,
      body: { Detach: false, Tty: options.tty },
      action,
      container: id,
    });
    if (options.tty && options.size !== undefined) await resize(options.size).catch(() => undefined);
    return { ...attachedStreams(socket, options.tty, options.stdin), resize, exitCode };
  }

  async attachContainer(id: string, options: { stdin: boolean; tty: boolean; signal?: AbortSignal }): Promise<AttachedStreams> {
    const socket = await this.http.hijack({
      ...containerCall('POST', id, '/attach', `attach to container ${id}`),
      query: { stream: true, stdin: options.stdin, stdout: true, stderr: true },
      signal: options.signal,
    });
    return attachedStreams(socket, options.tty, options.stdin);
  }

  async resizeContainer(id: string, size: TerminalSize): Promise<void> {
    await this.http.json({ ...containerCall('POST', id, '/resize', `resize the terminal of container ${id}`), query: { h: size.rows, w: size.columns } });
  }

  async pauseContainer(id: string): Promise<void> {
    await this.http.json(containerCall('POST', id, '/pause', `pause container ${id}`));
  }

  async unpauseContainer(id: string): Promise<void> {
    await this.http.json(containerCall('POST', id, '/unpause', `unpause container ${id}`));
  }

  async topContainer(id: string, psArgs?: string): Promise<ContainerProcesses> {
    const raw = (await this.http.json({
      ...containerCall('GET', id, '/top', `list the processes of container ${id}`),
      query: { ps_args: psArgs },
    })) as { Titles?: string[] | null; Processes?: string[][] | null };
    return { titles: raw.Titles ?? [], processes: raw.Processes ?? [] };
  }

  async containerStats(id: string): Promise<ContainerStatsSample> {
    return (await this.http.json({
      ...containerCall('GET', id, '/stats', `read the resource use of container ${id}`),
      // Without one-shot, the engine waits for a second sample so that precpu_stats is filled in:
      // the CPU share is the difference between the two.
      query: { stream: false },
    })) as ContainerStatsSample;
  }

  async exportContainer(id: string): Promise<Readable> {
    return this.http.stream(containerCall('GET', id, '/export', `export container ${id}`));
  }

  async commitContainer(id: string, options: CommitOptions): Promise<string> {
    const { repository, tag } = options.reference === undefined ? { repository: undefined, tag: undefined } : splitImageReference(options.reference);
    const raw = (await this.http.json({
      method: 'POST',
      path: '/commit',
      query: {
        container: id,
        repo: repository,
        tag,
        comment: options.message,
        author: options.author,
        pause: options.pause,
        changes: options.changes === undefined || options.changes.length === 0 ? undefined : options.changes.join('\n'),
      },
      action: `commit container ${id}`,
      container: id,
    })) as { Id?: string };
    return raw.Id ?? '';
  }

  async listImages(options: { reference?: string } = {}): Promise<ImageSummary[]> {
    const raw = (await this.http.json({
      method: 'GET',
      path: '/images/json',
      query: { filters: options.reference === undefined ? undefined : JSON.stringify({ reference: [options.reference] }) },
      action: 'list images',
    })) as RawImage[] | null;
    return (raw ?? []).map(toImageSummary);
  }

  async putArchive(id: string, path: string, tar: Buffer): Promise<void> {
    await this.http.json({
      ...containerCall('PUT', id, '/archive', `copy files into container ${id} at ${path}`),
      query: { path },
      file: tar,
    });
  }

  async getArchive(id: string, path: string): Promise<Buffer> {
    const response = await this.http.stream({
      ...containerCall('GET', id, '/archive', `copy ${path} out of container ${id}`),
      query: { path },
    });
    const chunks: Buffer[] = [];
    try {
      for await (const chunk of response as AsyncIterable<Buffer>) chunks.push(chunk);
    } finally {
      response.destroy();
    }
    return Buffer.concat(chunks);
  }

  /** The X-Registry-Auth header for the registry of `reference`, when credentials are known for it. */
  private async authHeaders(reference: string): Promise<Record<string, string> | undefined> {
    const header = await this.registryAuth?.authHeader(reference);
    return header === undefined ? undefined : { 'X-Registry-Auth': header };
  }

  /** A build may pull base images from any registry: it gets every known registry's credentials. */
  private async buildHeaders(): Promise<Record<string, string> | undefined> {
    const header = await this.registryAuth?.configHeader();
    return header === undefined ? undefined : { 'X-Registry-Config': header };
  }

  private async inspectRaw(idOrName: string, absentOn404: boolean): Promise<RawContainerInspect | undefined> {
    return (await this.http.json({
      ...containerCall('GET', idOrName, '/json', `inspect container ${idOrName}`),
      absentOn404,
    })) as RawContainerInspect | undefined;
  }

  /** Opens a stream; undefined when the caller's signal aborted it first. */
  private async openStream(call: EngineCall): Promise<IncomingMessage | undefined> {
    try {
      return await this.http.stream(call);
    } catch (error) {
      if (call.signal?.aborted === true) return undefined;
      throw error;
    }
  }

  private async *readEvents(opening: Promise<IncomingMessage | undefined>, signal: AbortSignal): AsyncGenerator<EngineEvent> {
    const response = await opening;
    if (response === undefined) return;
    for await (const message of readUntilAborted(readJsonLines(response), response, signal)) {
      yield toEngineEvent(message as RawEvent);
    }
  }

  /**
   * An exec's exit code. Its output can end a moment before the engine records that the process
   * exited, so a still-running answer is asked again, briefly.
   */
  private async execExitCode(execId: string, action: string): Promise<number> {
    for (let attempt = 0; ; attempt += 1) {
      const raw = (await this.http.json({
        method: 'GET',
        path: `/exec/${encodeURIComponent(execId)}/json`,
        action,
      })) as { Running?: boolean; ExitCode?: number | null };
      if (raw.Running !== true && raw.ExitCode !== null && raw.ExitCode !== undefined) return raw.ExitCode;
      if (attempt >= 100) throw new EngineError('engine', `${action}: the engine reports no exit code`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }
}

/**
 * The streams of a hijacked connection: output frames (raw with a TTY), and stdin, whose end
 * half-closes the connection so the process reads end of file while its output still flows.
 */
function attachedStreams(socket: Duplex, tty: boolean, stdin: boolean): AttachedStreams {
  const input = stdin
    ? new Writable({
        write(chunk: Buffer, _encoding, done) {
          socket.write(chunk, done);
        },
        final(done) {
          socket.end();
          done();
        },
      })
    : new Writable({ write: (_chunk, _encoding, done) => done() });
  async function* output(): AsyncGenerator<OutputChunk> {
    try {
      for await (const frame of readFrames(socket, tty)) yield { stream: frame.stream, data: frame.payload };
    } finally {
      socket.destroy();
    }
  }
  return { output: output(), input, close: () => socket.destroy() };
}

/** The streams of a detached exec: none. */
function detachedStreams(): AttachedStreams {
  const input = new PassThrough();
  input.resume();
  return { output: Readable.from([]), input, close: () => undefined };
}

/** A call on `/containers/{id}<suffix>`. */
function containerCall(method: EngineCall['method'], id: string, suffix: string, action: string): EngineCall {
  return { method, path: `/containers/${encodeURIComponent(id)}${suffix}`, action, container: id };
}

/** The `filters` query parameter for label filters; undefined when there are none. */
function labelFilters(filter: LabelFilter): string | undefined {
  return filter.length === 0 ? undefined : JSON.stringify({ label: [...filter] });
}

/**
 * Yields what `source` reads from `response` until the response ends or `signal` aborts (which
 * ends the iteration quietly), and releases the connection however the iteration stops.
 */
async function* readUntilAborted<T>(source: AsyncIterable<T>, response: IncomingMessage, signal: AbortSignal | undefined): AsyncGenerator<T> {
  try {
    yield* source;
  } catch (error) {
    if (signal?.aborted === true) return;
    throw error;
  } finally {
    response.destroy();
  }
}

/** The part of node's Agent that works out a request's TLS server name (not in node's type definitions). */
interface AgentRequests {
  addRequest?: (request: unknown, options: { servername?: string }) => void;
}

/**
 * Node's agent works out a TLS server name for every request, plain http and unix sockets included,
 * by asking whether the host is an IP address; the first such question compiles a large regular
 * expression, some 10 ms of a short command. Plain http has no server name, so it is given none.
 */
function withoutServerNames(agent: Agent): Agent {
  const requests = agent as unknown as AgentRequests;
  const addRequest = requests.addRequest;
  if (typeof addRequest !== 'function') return agent;
  requests.addRequest = (request, options) => {
    options.servername ??= '';
    addRequest.call(agent, request, options);
  };
  return agent;
}

/** A keep-alive agent for http and https; none for ssh, where docker-modem makes its own connection. */
async function keepAliveAgent(resolved: ResolvedEndpoint): Promise<Agent | undefined> {
  switch (resolved.transport) {
    case 'unix':
    case 'tcp':
      return withoutServerNames(new Agent({ keepAlive: true }));
    case 'tls': {
      const https = await import('node:https');
      return new https.Agent({ keepAlive: true, rejectUnauthorized: !resolved.skipTlsVerify });
    }
    case 'ssh':
      return undefined;
  }
}

const readTextFile: ReadTextFile = (file) => {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
};
