import type { Readable, Writable } from 'node:stream';
import type { EngineContainerCreateBody, EngineNetworkCreateBody, EngineVolumeCreateBody } from './engine-types.js';

/**
 * What the planner needs from a container engine, and nothing more. The Docker implementation is in
 * `docker/`; unit tests of the planner use an in-memory one. Every method throws an `EngineError`
 * (or one of its subclasses) for faults the user can act on; names are the engine's own.
 */
export interface Backend {
  /** Where the engine was reached (`unix:///var/run/docker.sock`, `tcp://host:2376`, ...), for messages. */
  readonly endpoint: string;

  /** The engine's version facts; also proves that the engine answers. */
  version(): Promise<EngineVersion>;

  /** Containers whose labels include every `key=value` (or `key`) given; `all` includes stopped ones. */
  listContainers(filter: LabelFilter, options?: { all?: boolean }): Promise<ContainerSummary[]>;
  listNetworks(filter: LabelFilter): Promise<NetworkSummary[]>;
  listVolumes(filter: LabelFilter): Promise<VolumeSummary[]>;
  /** One network or volume by its engine name; undefined when there is none. */
  inspectNetwork(name: string): Promise<NetworkSummary | undefined>;
  inspectVolume(name: string): Promise<VolumeSummary | undefined>;
  /**
   * Every volume's size on disk in bytes, by name; -1 where the engine cannot tell (a volume of
   * another driver). The engine measures them all on each call, which takes a while on a full
   * disk: for showing what would be deleted, not for every run.
   */
  volumeSizes(): Promise<Map<string, number>>;

  inspectContainer(idOrName: string): Promise<ContainerDetails | undefined>;
  /** Creates a container and returns its id. A taken name is a `NameConflictError`. */
  createContainer(name: string, body: EngineContainerCreateBody): Promise<string>;
  /** A port already bound on the host is a `PortInUseError`. */
  startContainer(id: string): Promise<void>;
  /** Sends the stop signal, then kills after `timeoutSeconds` (the container's own when undefined). */
  stopContainer(id: string, timeoutSeconds?: number): Promise<void>;
  killContainer(id: string, signal?: string): Promise<void>;
  removeContainer(id: string, options?: { force?: boolean; volumes?: boolean }): Promise<void>;
  renameContainer(id: string, newName: string): Promise<void>;
  /** Waits for the container to stop and returns its exit code; `signal` ends the waiting (rejecting with its reason). */
  waitContainer(id: string, signal?: AbortSignal): Promise<number>;
  connectNetwork(network: string, container: string, endpoint: EndpointSettings): Promise<void>;
  disconnectNetwork(network: string, container: string, force?: boolean): Promise<void>;

  createNetwork(body: EngineNetworkCreateBody): Promise<string>;
  removeNetwork(name: string): Promise<void>;
  createVolume(body: EngineVolumeCreateBody): Promise<void>;
  removeVolume(name: string): Promise<void>;

  /** The image's id and digests when present locally; undefined when not. */
  inspectImage(reference: string): Promise<ImageSummary | undefined>;
  /**
   * Pulls an image, reporting layer progress; an unknown image is an `ImageNotFoundError`. The
   * registry's credentials are the backend's to find (as the docker CLI does), never the caller's.
   */
  pullImage(reference: string, onProgress?: (progress: PullProgress) => void, platform?: string): Promise<void>;
  removeImage(reference: string): Promise<void>;
  /** Builds an image from a tar stream of its context; a failing step is a `BuildFailedError`. */
  buildImage(request: BuildRequest, onProgress?: (progress: BuildProgress) => void): Promise<BuildResult>;
  /** Gives a local image another name (`repository:tag`). */
  tagImage(source: string, target: string): Promise<void>;
  /** Pushes a local image to its registry; a refused push is a `RegistryError`. */
  pushImage(reference: string, onProgress?: (progress: PullProgress) => void): Promise<void>;

  /** The container's output; `follow` keeps the stream open until the container stops or `signal` aborts. */
  logs(id: string, options: LogOptions): AsyncIterable<LogChunk>;
  /** Engine events with the given label filter, until `signal` aborts. */
  events(filter: LabelFilter, signal: AbortSignal): AsyncIterable<EngineEvent>;
  /** Runs a command in a running container without a TTY and collects its output. */
  exec(id: string, command: readonly string[], options?: { user?: string; workingDir?: string; env?: string[] }): Promise<ExecResult>;
  /**
   * Starts a command in a running container with its streams attached (and a TTY when asked), for
   * `exec` at a terminal or with piped input. With `detach`, it runs in the background and the
   * session has no streams (its output ends at once).
   */
  execSession(id: string, command: readonly string[], options: ExecSessionOptions): Promise<ExecSession>;
  /** Attaches to a container's main process (`attach`, `run` without -d): its output, and its stdin when it has one open. */
  attachContainer(id: string, options: { stdin: boolean; tty: boolean; signal?: AbortSignal }): Promise<AttachedStreams>;
  /** Sets the size of a container's TTY. */
  resizeContainer(id: string, size: TerminalSize): Promise<void>;
  pauseContainer(id: string): Promise<void>;
  unpauseContainer(id: string): Promise<void>;
  /** The processes running in a container, as `ps` shows them (`psArgs`: ps's options, `-ef` by default). */
  topContainer(id: string, psArgs?: string): Promise<ContainerProcesses>;
  /** One sample of a container's resource use, in the engine's own shape (`GET /containers/{id}/stats?stream=0`). */
  containerStats(id: string): Promise<ContainerStatsSample>;
  /** The container's file system as a tar stream. */
  exportContainer(id: string): Promise<Readable>;
  /** Makes an image of a container's changes; returns its id. */
  commitContainer(id: string, options: CommitOptions): Promise<string>;
  /** Local images, optionally only those matching a reference filter. */
  listImages(options?: { reference?: string }): Promise<ImageSummary[]>;
  /** Puts a tar archive into the container at `path` (a directory that exists). */
  putArchive(id: string, path: string, tar: Buffer): Promise<void>;
  /** A tar archive of `path` in the container. */
  getArchive(id: string, path: string): Promise<Buffer>;
}

/** `key=value` or bare `key` label filters, all of which must match. */
export type LabelFilter = readonly string[];

export interface EngineVersion {
  version: string;
  apiVersion: string;
  os: string;
  arch: string;
}

/** A container as a list call reports it. */
export interface ContainerSummary {
  id: string;
  /** Without the leading slash. */
  name: string;
  image: string;
  imageId: string;
  labels: Record<string, string>;
  /** `created`, `running`, `paused`, `restarting`, `exited`, `dead`, `removing`. */
  state: string;
  /** The engine's human status line (`Up 3 seconds (healthy)`). */
  status: string;
  created: number;
  ports: PublishedPort[];
  /** Network name → its endpoint's id, addresses and aliases. */
  networks: Record<string, EndpointSummary>;
  mounts: MountSummary[];
}

export interface PublishedPort {
  privatePort: number;
  publicPort?: number;
  ip?: string;
  type: string;
}

export interface EndpointSummary {
  networkId: string;
  ipAddress: string;
  aliases: string[];
}

export interface MountSummary {
  type: string;
  /** Volume name for volumes. */
  name?: string;
  source: string;
  destination: string;
}

/** What inspect adds to a summary: health, exit code, the container's full configuration. */
export interface ContainerDetails extends ContainerSummary {
  health?: 'starting' | 'healthy' | 'unhealthy';
  exitCode: number;
  running: boolean;
  restartCount: number;
  /** When its current (or last) run started, RFC 3339; absent when it never started. */
  startedAt?: string;
  /** The engine's last health probes, oldest first; absent without a health check. */
  healthLog?: HealthProbe[];
  /** Seconds between the stop signal and the kill (`stop_grace_period`); absent: the engine's default. */
  stopTimeout?: number;
  /** The body the container was created with, as the engine reports it back. */
  config: {
    env: string[];
    cmd: string[] | null;
    entrypoint: string[] | null;
    hostname: string;
  };
}

/** One health check run, as the engine keeps it. */
export interface HealthProbe {
  /** RFC 3339. */
  start: string;
  exitCode: number;
  output: string;
}

export interface NetworkSummary {
  id: string;
  name: string;
  driver: string;
  labels: Record<string, string>;
  internal: boolean;
  attachable: boolean;
  /** Ids of the containers attached. */
  containers: string[];
}

export interface VolumeSummary {
  name: string;
  driver: string;
  labels: Record<string, string>;
  mountpoint: string;
}

export interface ImageSummary {
  id: string;
  repoTags: string[];
  repoDigests: string[];
  labels: Record<string, string>;
  /** Bytes; undefined when the engine did not say. */
  size?: number;
  /** Unix seconds. */
  created?: number;
  os?: string;
  architecture?: string;
}

/** One progress message of a pull, as the engine streams it. */
export interface PullProgress {
  id?: string;
  status: string;
  current?: number;
  total?: number;
}

export interface EndpointSettings {
  aliases?: string[];
  ipv4Address?: string;
  ipv6Address?: string;
  links?: string[];
  macAddress?: string;
  driverOpts?: Record<string, string>;
  priority?: number;
}

export interface LogOptions {
  follow?: boolean;
  /** Lines from the end; all when undefined. */
  tail?: number;
  /** Unix seconds, or an RFC 3339 time. */
  since?: string;
  until?: string;
  timestamps?: boolean;
  signal?: AbortSignal;
}

/** A piece of a container's output; stdout and stderr stay apart. */
export interface LogChunk {
  stream: 'stdout' | 'stderr';
  text: string;
}

export interface EngineEvent {
  /** `container`, `network`, `volume`, `image`. */
  type: string;
  /** `create`, `start`, `die`, `health_status: healthy`, ... */
  action: string;
  id: string;
  attributes: Record<string, string>;
  /** Unix nanoseconds. */
  timeNano: number;
}

export interface ExecResult {
  exitCode: number;
  stdout: string;
  stderr: string;
}

/** What the engine's build endpoint takes, in berth's terms. */
export interface BuildRequest {
  /** A tar archive of the context, read once as it is sent. */
  context: Readable;
  /** The Dockerfile's path inside the archive. */
  dockerfile: string;
  /** Every name the image gets (`repository:tag`); the first is the one reported. */
  tags: string[];
  buildArgs?: Record<string, string>;
  target?: string;
  labels?: Record<string, string>;
  noCache?: boolean;
  /** Pull newer versions of the base images. */
  pull?: boolean;
  network?: string;
  /** `host:address`, as the build endpoint's extrahosts takes them. */
  extraHosts?: string[];
  /** Bytes. */
  shmSize?: number;
  cacheFrom?: string[];
  platform?: string;
  /** Aborting ends the build (the engine stops it when the connection closes). */
  signal?: AbortSignal;
}

/** One line of a build's output, or the id of the image once made. */
export interface BuildProgress {
  /** A line of output (`Step 2/5 : RUN make`, or the output of a step). */
  line: string;
}

export interface BuildResult {
  /** The id of the image built (`sha256:...`). */
  imageId: string;
}

/** Rows and columns of a terminal. */
export interface TerminalSize {
  rows: number;
  columns: number;
}

/** A piece of a process's output as bytes: with a TTY everything is `stdout`. */
export interface OutputChunk {
  stream: 'stdout' | 'stderr';
  data: Buffer;
}

/** A hijacked connection to a process's streams. */
export interface AttachedStreams {
  /** The process's output until it ends (or the connection is closed). */
  output: AsyncIterable<OutputChunk>;
  /** Its standard input; `end()` gives it end of file. Writes go nowhere when stdin is not attached. */
  input: Writable;
  /** Ends the connection (the process goes on). */
  close(): void;
}

export interface ExecSessionOptions {
  tty: boolean;
  /** Attach standard input. */
  stdin: boolean;
  detach?: boolean;
  user?: string;
  workingDir?: string;
  env?: string[];
  privileged?: boolean;
  /** The TTY's size at the start. */
  size?: TerminalSize;
}

export interface ExecSession extends AttachedStreams {
  /** Resizes the exec's TTY. */
  resize(size: TerminalSize): Promise<void>;
  /** The command's exit code, once it has ended. */
  exitCode(): Promise<number>;
}

export interface ContainerProcesses {
  titles: string[];
  processes: string[][];
}

/** The engine's stats sample, as it sends it; `cpu_stats`, `memory_stats`, `networks`, `blkio_stats`, `pids_stats`. */
export type ContainerStatsSample = Record<string, unknown>;

export interface CommitOptions {
  /** `repository[:tag]`; none leaves the image untagged. */
  reference?: string;
  message?: string;
  author?: string;
  /** Pause the container while committing (the engine's default: true). */
  pause?: boolean;
  /** Dockerfile instructions applied to the image (`CMD ["x"]`). */
  changes?: string[];
}
