// An engine in memory, for tests of the planner and the executor: enough of the Docker engine's
// behaviour (names, labels, states, networks, volumes, images, health) to run up and down against,
// deterministic ids, and a log of every call that changed something.

import { createHash } from 'node:crypto';
import { PassThrough, Readable } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
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
  HealthProbe,
  ImageSummary,
  LabelFilter,
  LogChunk,
  LogOptions,
  MountSummary,
  NetworkSummary,
  PullProgress,
  VolumeSummary,
} from '../../src/engine/backend.js';
import { BuildFailedError, EngineError, ImageNotFoundError, NameConflictError } from '../../src/engine/engine-errors.js';
import type { EngineContainerCreateBody, EngineNetworkCreateBody, EngineVolumeCreateBody } from '../../src/engine/engine-types.js';

/** A container as the fake engine keeps it. */
export interface FakeContainer {
  id: string;
  name: string;
  body: EngineContainerCreateBody;
  imageId: string;
  state: 'created' | 'running' | 'paused' | 'exited';
  exitCode: number;
  health: 'starting' | 'healthy' | 'unhealthy' | undefined;
  networks: Record<string, { networkId: string; ipAddress: string; aliases: string[] }>;
  mounts: MountSummary[];
  created: number;
  /** Archives put into it, by path. */
  archives: { path: string; tar: Buffer }[];
  /** When it was last started (the fake clock, RFC 3339). */
  startedAt?: string;
}

/** How a container of a service behaves when started, keyed by service name (from its label). */
export interface ServiceBehaviour {
  /** The health it reports once started, when it has a health check. Default: healthy. */
  health?: 'starting' | 'healthy' | 'unhealthy';
  /** It exits at once with this code when started (a one-shot job). */
  exitCode?: number;
  /** Starting it fails with this error. */
  startError?: Error;
  /** The health probes inspect reports (`State.Health.Log`). */
  healthLog?: HealthProbe[];
  /** Its main process ignores the stop signal: a stop takes the whole grace period (really) and kills it (137). */
  ignoresStopSignal?: boolean;
}

/** The in-memory engine. */
export class FakeBackend implements Backend {
  readonly endpoint = 'fake://engine';
  /** Every call that changed something, in order: `create container demo-web-1`. */
  readonly calls: string[] = [];
  readonly containers = new Map<string, FakeContainer>();
  readonly networks = new Map<string, NetworkSummary>();
  readonly volumes = new Map<string, VolumeSummary>();
  /** What volumeSizes reports, by volume name; a volume not here is empty (0 bytes). */
  readonly volumeBytes = new Map<string, number>();
  /** How many times volumeSizes was called (it is slow on a real engine). */
  volumeSizeCalls = 0;
  readonly images = new Map<string, ImageSummary>();
  /** What pullImage can fetch: reference → image id. */
  readonly registry = new Map<string, string>();
  /** Per service label. */
  readonly behaviour = new Map<string, ServiceBehaviour>();
  /** The builds asked for, in order. */
  readonly builds: BuildRequest[] = [];
  /** What logs and events were asked for. */
  readonly logRequests: { id: string; options: LogOptions }[] = [];
  readonly eventRequests: { filter: LabelFilter; signal: AbortSignal }[] = [];
  /** The timeout of the last stop call (undefined: the container's own). */
  lastStopTimeout: number | undefined;
  private counter = 0;
  private clock = 1_700_000_000;

  constructor(options: { images?: readonly string[] } = {}) {
    for (const reference of options.images ?? []) this.addImage(reference);
  }

  /** Makes an image present locally and returns its id. */
  addImage(reference: string, id = `sha256:${this.hash(`image ${reference}`)}`): string {
    this.images.set(reference, { id, repoTags: [reference], repoDigests: [], labels: {} });
    return id;
  }

  /** The container with this name; fails the test when there is none. */
  container(name: string): FakeContainer {
    const found = this.find(name);
    if (!found) throw new Error(`no container named ${name}`);
    return found;
  }

  /** Container names, sorted. */
  containerNames(): string[] {
    return [...this.containers.values()].map((container) => container.name).sort();
  }

  /** Forgets the call log (after setting the scene). */
  clearCalls(): void {
    this.calls.length = 0;
  }

  version(): Promise<EngineVersion> {
    return Promise.resolve({ version: '99.0.0-fake', apiVersion: '1.41', os: 'linux', arch: 'amd64' });
  }

  listContainers(filter: LabelFilter, options: { all?: boolean } = {}): Promise<ContainerSummary[]> {
    return Promise.resolve(
      [...this.containers.values()]
        .filter((container) => options.all === true || container.state === 'running')
        .filter((container) => matches(container.body.Labels ?? {}, filter))
        .map((container) => this.summary(container)),
    );
  }

  listNetworks(filter: LabelFilter): Promise<NetworkSummary[]> {
    return Promise.resolve([...this.networks.values()].filter((network) => matches(network.labels, filter)).map((network) => this.network(network)));
  }

  listVolumes(filter: LabelFilter): Promise<VolumeSummary[]> {
    return Promise.resolve([...this.volumes.values()].filter((volume) => matches(volume.labels, filter)).map((volume) => ({ ...volume })));
  }

  inspectNetwork(name: string): Promise<NetworkSummary | undefined> {
    const network = this.networks.get(name);
    return Promise.resolve(network === undefined ? undefined : this.network(network));
  }

  inspectVolume(name: string): Promise<VolumeSummary | undefined> {
    const volume = this.volumes.get(name);
    return Promise.resolve(volume === undefined ? undefined : { ...volume });
  }

  volumeSizes(): Promise<Map<string, number>> {
    this.volumeSizeCalls += 1;
    return Promise.resolve(new Map([...this.volumes.keys()].map((name) => [name, this.volumeBytes.get(name) ?? 0])));
  }

  inspectContainer(idOrName: string): Promise<ContainerDetails | undefined> {
    const container = this.find(idOrName);
    if (!container) return Promise.resolve(undefined);
    return Promise.resolve({
      ...this.summary(container),
      ...(container.health === undefined ? {} : { health: container.health }),
      ...(container.startedAt === undefined ? {} : { startedAt: container.startedAt }),
      ...this.healthLogOf(container),
      exitCode: container.exitCode,
      running: container.state === 'running',
      restartCount: 0,
      config: {
        env: container.body.Env ?? [],
        cmd: container.body.Cmd ?? null,
        entrypoint: container.body.Entrypoint ?? null,
        hostname: container.body.Hostname ?? container.id.slice(0, 12),
      },
    });
  }

  createContainer(name: string, body: EngineContainerCreateBody): Promise<string> {
    if (this.find(name)) return Promise.reject(new NameConflictError(name));
    const image = this.images.get(body.Image);
    if (!image) return Promise.reject(new ImageNotFoundError(body.Image, 'it is not present on the engine'));
    const id = this.hash(`container ${name} ${this.counter}`);
    const networks: FakeContainer['networks'] = {};
    for (const [network, endpoint] of Object.entries(body.NetworkingConfig?.EndpointsConfig ?? {})) {
      const found = this.networks.get(network);
      if (!found) return Promise.reject(new EngineError('engine', `network ${network} not found`, { statusCode: 404 }));
      networks[network] = { networkId: found.id, ipAddress: this.address(), aliases: endpoint.Aliases ?? [] };
    }
    const container: FakeContainer = {
      id,
      name,
      body: structuredClone(body),
      imageId: image.id,
      state: 'created',
      exitCode: 0,
      health: undefined,
      networks,
      mounts: this.mountsOf(body),
      created: this.tick(),
      archives: [],
    };
    this.containers.set(id, container);
    this.calls.push(`create container ${name}`);
    return Promise.resolve(id);
  }

  startContainer(id: string): Promise<void> {
    const container = this.find(id);
    if (!container) return Promise.reject(missing('container', id));
    const behaviour = this.behaviour.get(container.body.Labels?.['com.docker.compose.service'] ?? '') ?? {};
    this.calls.push(`start container ${container.name}`);
    if (behaviour.startError) return Promise.reject(behaviour.startError);
    container.startedAt = new Date(this.clock * 1000).toISOString();
    if (behaviour.exitCode !== undefined) {
      container.state = 'exited';
      container.exitCode = behaviour.exitCode;
      return Promise.resolve();
    }
    container.state = 'running';
    const test = container.body.Healthcheck?.Test;
    container.health = test !== undefined && test[0] !== 'NONE' ? (behaviour.health ?? 'healthy') : undefined;
    return Promise.resolve();
  }

  stopContainer(id: string, timeoutSeconds?: number): Promise<void> {
    const container = this.find(id);
    if (!container) return Promise.reject(missing('container', id));
    this.lastStopTimeout = timeoutSeconds;
    if (container.state === 'running' && this.behaviourOf(container).ignoresStopSignal === true) {
      const grace = timeoutSeconds ?? container.body.StopTimeout ?? 10;
      return sleep(grace * 1000).then(() => {
        container.state = 'exited';
        container.exitCode = 137;
        this.calls.push(`stop container ${container.name}`);
      });
    }
    if (container.state === 'running') {
      container.state = 'exited';
      container.exitCode = 0;
      this.calls.push(`stop container ${container.name}`);
    }
    return Promise.resolve();
  }

  killContainer(id: string, signal = 'SIGKILL'): Promise<void> {
    this.calls.push(`kill container ${id} with ${signal}`);
    return this.stopContainer(id, 0);
  }

  removeContainer(id: string, options: { force?: boolean; volumes?: boolean } = {}): Promise<void> {
    const container = this.find(id);
    if (!container) return Promise.resolve();
    if (container.state === 'running' && options.force !== true) {
      return Promise.reject(new EngineError('engine', `container ${container.name} is running`, { statusCode: 409 }));
    }
    this.containers.delete(container.id);
    if (options.volumes === true) {
      for (const mount of container.mounts) {
        if (mount.type === 'volume' && mount.name !== undefined && this.volumes.get(mount.name)?.labels['anonymous'] === 'true') {
          this.volumes.delete(mount.name);
        }
      }
    }
    this.calls.push(`remove container ${container.name}`);
    return Promise.resolve();
  }

  renameContainer(id: string, newName: string): Promise<void> {
    const container = this.find(id);
    if (!container) return Promise.reject(missing('container', id));
    if (this.find(newName)) return Promise.reject(new NameConflictError(newName));
    this.calls.push(`rename container ${container.name} to ${newName}`);
    container.name = newName;
    return Promise.resolve();
  }

  waitContainer(id: string, signal?: AbortSignal): Promise<number> {
    const container = this.find(id);
    if (!container) return Promise.reject(missing('container', id));
    if (container.state !== 'running') return Promise.resolve(container.exitCode);
    // It runs forever: only the caller's signal ends the wait, as it ends the engine's.
    if (signal === undefined) return Promise.reject(new Error(`the fake engine cannot wait for ${container.name}: it runs forever`));
    return new Promise((_resolve, reject) => {
      if (signal.aborted) reject(signal.reason);
      signal.addEventListener('abort', () => reject(signal.reason), { once: true });
    });
  }

  connectNetwork(network: string, containerId: string, endpoint: EndpointSettings): Promise<void> {
    const container = this.find(containerId);
    const found = this.networks.get(network);
    if (!container || !found) return Promise.reject(missing('network or container', `${network}/${containerId}`));
    container.networks[network] = { networkId: found.id, ipAddress: this.address(), aliases: endpoint.aliases ?? [] };
    this.calls.push(`connect ${container.name} to ${network}`);
    return Promise.resolve();
  }

  disconnectNetwork(network: string, containerId: string, force?: boolean): Promise<void> {
    const container = this.find(containerId);
    if (!container && force !== true) return Promise.reject(missing('container', containerId));
    if (container) container.networks = Object.fromEntries(Object.entries(container.networks).filter(([name]) => name !== network));
    return Promise.resolve();
  }

  createNetwork(body: EngineNetworkCreateBody): Promise<string> {
    if (this.networks.has(body.Name)) return Promise.reject(new EngineError('engine', `network ${body.Name} exists`, { statusCode: 409 }));
    const id = this.hash(`network ${body.Name} ${this.counter}`);
    this.networks.set(body.Name, {
      id,
      name: body.Name,
      driver: body.Driver ?? 'bridge',
      labels: { ...body.Labels },
      internal: body.Internal === true,
      attachable: body.Attachable === true,
      containers: [],
    });
    this.calls.push(`create network ${body.Name}`);
    return Promise.resolve(id);
  }

  removeNetwork(name: string): Promise<void> {
    const network = this.networks.get(name);
    if (!network) return Promise.resolve();
    if ([...this.containers.values()].some((container) => container.networks[name] !== undefined)) {
      return Promise.reject(new EngineError('engine', `network ${name} has active endpoints`, { statusCode: 403 }));
    }
    this.networks.delete(name);
    this.calls.push(`remove network ${name}`);
    return Promise.resolve();
  }

  createVolume(body: EngineVolumeCreateBody): Promise<void> {
    this.volumes.set(body.Name, { name: body.Name, driver: body.Driver ?? 'local', labels: { ...body.Labels }, mountpoint: `/fake/${body.Name}` });
    this.calls.push(`create volume ${body.Name}`);
    return Promise.resolve();
  }

  removeVolume(name: string): Promise<void> {
    if (!this.volumes.has(name)) return Promise.resolve();
    const used = [...this.containers.values()].some((container) => container.mounts.some((mount) => mount.name === name));
    if (used) return Promise.reject(new EngineError('engine', `volume ${name} is in use`, { statusCode: 409 }));
    this.volumes.delete(name);
    this.calls.push(`remove volume ${name}`);
    return Promise.resolve();
  }

  inspectImage(reference: string): Promise<ImageSummary | undefined> {
    const image = this.images.get(reference);
    return Promise.resolve(image === undefined ? undefined : { ...image });
  }

  pullImage(reference: string, onProgress?: (progress: PullProgress) => void, platform?: string): Promise<void> {
    const id = this.registry.get(reference);
    this.calls.push(platform === undefined ? `pull image ${reference}` : `pull image ${reference} for ${platform}`);
    if (id === undefined) return Promise.reject(new ImageNotFoundError(reference, 'not in the registry'));
    onProgress?.({ status: 'Downloading', id: 'layer' });
    this.addImage(reference, id);
    return Promise.resolve();
  }

  removeImage(reference: string): Promise<void> {
    this.images.delete(reference);
    this.calls.push(`remove image ${reference}`);
    return Promise.resolve();
  }

  /**
   * Builds by reading the whole context: the image id is a hash of its bytes and the build
   * arguments, so the same context builds the same image, as the engine's cache makes it.
   * A context holding a file named `FAIL` fails the build.
   */
  async buildImage(request: BuildRequest, onProgress?: (progress: BuildProgress) => void): Promise<BuildResult> {
    const chunks: Buffer[] = [];
    for await (const chunk of request.context) chunks.push(chunk as Buffer);
    const context = Buffer.concat(chunks);
    const reference = request.tags[0] ?? '';
    this.calls.push(`build image ${reference}`);
    this.builds.push(request);
    onProgress?.({ line: 'Step 1/1 : FROM scratch' });
    if (context.includes('FAIL')) throw new BuildFailedError(`build of ${reference}`, 'Step 1/1 : FROM scratch', 'the context asked to fail');
    const id = `sha256:${createHash('sha256').update(context).update(JSON.stringify(request.buildArgs ?? {})).digest('hex')}`;
    for (const tag of request.tags) this.addImage(tag, id);
    return { imageId: id };
  }

  tagImage(source: string, target: string): Promise<void> {
    const image = this.images.get(source) ?? [...this.images.values()].find((candidate) => candidate.id === source);
    if (image === undefined) return Promise.reject(new ImageNotFoundError(source, 'not present'));
    this.addImage(target, image.id);
    this.calls.push(`tag image ${source} as ${target}`);
    return Promise.resolve();
  }

  pushImage(reference: string): Promise<void> {
    const image = this.images.get(reference);
    this.calls.push(`push image ${reference}`);
    if (image === undefined) return Promise.reject(new ImageNotFoundError(reference, 'not present'));
    this.registry.set(reference, image.id);
    return Promise.resolve();
  }

  private behaviourOf(container: FakeContainer): ServiceBehaviour {
    return this.behaviour.get(container.body.Labels?.['com.docker.compose.service'] ?? '') ?? {};
  }

  private healthLogOf(container: FakeContainer): { healthLog?: HealthProbe[] } {
    const probes = this.behaviourOf(container).healthLog;
    return container.health === undefined || probes === undefined ? {} : { healthLog: probes.map((probe) => ({ ...probe })) };
  }

  /** The fake containers print nothing; a test that needs output replaces this method. */
  logs(id: string, options: LogOptions): AsyncIterable<LogChunk> {
    if (!this.find(id)) throw missing('container', id);
    this.logRequests.push({ id, options });
    return nothing();
  }

  /** The fake engine reports no events; a test that needs some replaces this method. */
  events(filter: LabelFilter, signal: AbortSignal): AsyncIterable<EngineEvent> {
    this.eventRequests.push({ filter, signal });
    return nothing();
  }

  exec(id: string, command: readonly string[], options: { user?: string; workingDir?: string; env?: string[] } = {}): Promise<ExecResult> {
    const container = this.find(id);
    if (!container) return Promise.reject(missing('container', id));
    const as = options.user === undefined ? '' : ` as ${options.user}`;
    this.calls.push(`exec ${container.name}${as} ${command.join(' ')}`);
    return Promise.resolve({ exitCode: 0, stdout: '', stderr: '' });
  }

  /** An exec session whose command prints its own words and exits 0; with a TTY, stderr is stdout. */
  execSession(id: string, command: readonly string[], options: ExecSessionOptions): Promise<ExecSession> {
    const container = this.find(id);
    if (!container) return Promise.reject(missing('container', id));
    this.calls.push(`exec ${container.name} ${command.join(' ')}`);
    const input = new PassThrough();
    input.resume();
    const output = options.detach === true ? [] : [{ stream: 'stdout' as const, data: Buffer.from(`${command.join(' ')}\n`) }];
    return Promise.resolve({ output: Readable.from(output), input, close: () => undefined, resize: () => Promise.resolve(), exitCode: () => Promise.resolve(0) });
  }

  attachContainer(id: string): Promise<AttachedStreams> {
    const container = this.find(id);
    if (!container) return Promise.reject(missing('container', id));
    const input = new PassThrough();
    input.resume();
    return Promise.resolve({ output: Readable.from([]), input, close: () => undefined });
  }

  resizeContainer(): Promise<void> {
    return Promise.resolve();
  }

  pauseContainer(id: string): Promise<void> {
    return this.changeState(id, 'pause', 'running', 'paused');
  }

  unpauseContainer(id: string): Promise<void> {
    return this.changeState(id, 'unpause', 'paused', 'running');
  }

  topContainer(id: string): Promise<ContainerProcesses> {
    const container = this.find(id);
    if (!container) return Promise.reject(missing('container', id));
    return Promise.resolve({ titles: ['UID', 'PID', 'CMD'], processes: [['root', '1', (container.body.Cmd ?? []).join(' ')]] });
  }

  containerStats(id: string): Promise<ContainerStatsSample> {
    const container = this.find(id);
    if (!container) return Promise.reject(missing('container', id));
    return Promise.resolve({ name: `/${container.name}`, id: container.id, memory_stats: { usage: 1024 * 1024, limit: 1024 * 1024 * 1024 } });
  }

  exportContainer(id: string): Promise<Readable> {
    const container = this.find(id);
    if (!container) return Promise.reject(missing('container', id));
    return Promise.resolve(Readable.from([Buffer.alloc(1024)]));
  }

  commitContainer(id: string, options: CommitOptions): Promise<string> {
    const container = this.find(id);
    if (!container) return Promise.reject(missing('container', id));
    this.calls.push(`commit ${container.name}${options.reference === undefined ? '' : ` as ${options.reference}`}`);
    const imageId = `sha256:${this.hash(`commit ${container.id}`)}`;
    if (options.reference !== undefined) this.addImage(options.reference, imageId);
    return Promise.resolve(imageId);
  }

  listImages(options: { reference?: string } = {}): Promise<ImageSummary[]> {
    const wanted = options.reference;
    return Promise.resolve([...this.images].filter(([reference]) => wanted === undefined || reference === wanted).map(([, image]) => ({ ...image })));
  }

  private changeState(id: string, verb: string, from: FakeContainer['state'], to: FakeContainer['state']): Promise<void> {
    const container = this.find(id);
    if (!container) return Promise.reject(missing('container', id));
    if (container.state !== from) return Promise.reject(new EngineError('engine', `container ${container.name} is not ${from}`, { statusCode: 409 }));
    container.state = to;
    this.calls.push(`${verb} container ${container.name}`);
    return Promise.resolve();
  }

  putArchive(id: string, path: string, tar: Buffer): Promise<void> {
    const container = this.find(id);
    if (!container) return Promise.reject(missing('container', id));
    container.archives.push({ path, tar });
    this.calls.push(`put archive into ${container.name} at ${path}`);
    return Promise.resolve();
  }

  getArchive(id: string, path: string): Promise<Buffer> {
    return Promise.reject(new Error(`the fake engine keeps no files: cannot read ${path} of ${id}`));
  }

  private find(idOrName: string): FakeContainer | undefined {
    const byId = this.containers.get(idOrName);
    if (byId) return byId;
    for (const container of this.containers.values()) if (container.name === idOrName) return container;
    if (/^[0-9a-f]{12,}$/.test(idOrName)) {
      for (const container of this.containers.values()) if (container.id.startsWith(idOrName)) return container;
    }
    return undefined;
  }

  private summary(container: FakeContainer): ContainerSummary {
    return {
      id: container.id,
      name: container.name,
      image: container.body.Image,
      imageId: container.imageId,
      labels: { ...container.body.Labels },
      state: container.state,
      status: container.state === 'running' ? 'Up 1 second' : `Exited (${container.exitCode})`,
      created: container.created,
      ports: [],
      networks: Object.fromEntries(Object.entries(container.networks).map(([name, endpoint]) => [name, { ...endpoint, aliases: [...endpoint.aliases] }])),
      mounts: container.mounts.map((mount) => ({ ...mount })),
    };
  }

  private network(network: NetworkSummary): NetworkSummary {
    const attached = [...this.containers.values()].filter((container) => container.networks[network.name] !== undefined);
    return { ...network, labels: { ...network.labels }, containers: attached.map((container) => container.id) };
  }

  /** Mounts as the engine reports them: named volumes by name, anonymous ones under a fresh 64-hex name. */
  private mountsOf(body: EngineContainerCreateBody): MountSummary[] {
    const mounts: MountSummary[] = [];
    for (const mount of body.HostConfig.Mounts ?? []) {
      if (mount.Type === 'volume') {
        const name = mount.Source ?? this.anonymousVolume();
        if (!this.volumes.has(name)) this.createVolumeQuietly(name, mount.Source === undefined);
        mounts.push({ type: 'volume', name, source: `/fake/${name}`, destination: mount.Target });
      } else {
        mounts.push({ type: mount.Type, source: mount.Source ?? '', destination: mount.Target });
      }
    }
    for (const bind of body.HostConfig.Binds ?? []) {
      const [source = '', destination = ''] = bind.split(':');
      mounts.push({ type: 'bind', source, destination });
    }
    return mounts;
  }

  private anonymousVolume(): string {
    return this.hash(`volume ${this.counter}`);
  }

  private createVolumeQuietly(name: string, anonymous: boolean): void {
    this.volumes.set(name, { name, driver: 'local', labels: anonymous ? { anonymous: 'true' } : {}, mountpoint: `/fake/${name}` });
  }

  private hash(seed: string): string {
    this.counter += 1;
    return createHash('sha256').update(`${seed} #${this.counter}`).digest('hex');
  }

  private tick(): number {
    this.clock += 1;
    return this.clock;
  }

  private address(): string {
    return `172.20.0.${(this.counter % 250) + 2}`;
  }
}

/** A stream that ends at once. */
function nothing<T>(): AsyncIterable<T> {
  return { [Symbol.asyncIterator]: () => ({ next: () => Promise.resolve({ done: true as const, value: undefined }) }) };
}

function matches(labels: Readonly<Record<string, string>>, filter: LabelFilter): boolean {
  return filter.every((entry) => {
    const at = entry.indexOf('=');
    if (at === -1) return labels[entry] !== undefined;
    return labels[entry.slice(0, at)] === entry.slice(at + 1);
  });
}

function missing(what: string, name: string): EngineError {
  return new EngineError('engine', `no such ${what}: ${name}`, { statusCode: 404 });
}
