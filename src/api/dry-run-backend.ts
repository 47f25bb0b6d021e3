import { PassThrough, Readable } from 'node:stream';
import type {
  AttachedStreams,
  Backend,
  BuildRequest,
  BuildResult,
  ContainerDetails,
  ContainerProcesses,
  ContainerStatsSample,
  ContainerSummary,
  EngineEvent,
  EngineVersion,
  ExecResult,
  ExecSession,
  ImageSummary,
  LabelFilter,
  LogChunk,
  LogOptions,
  NetworkSummary,
  VolumeSummary,
} from '../engine/backend.js';
import type { EngineNetworkCreateBody } from '../engine/engine-types.js';

/**
 * A backend for `--dry-run`: it reads from the real engine (so what a verb would do is worked out
 * from what is really there) and pretends every change succeeded without making it. Verbs run on
 * it unchanged and report the progress they would have made.
 */
export class DryRunBackend implements Backend {
  private created = 0;

  constructor(private readonly engine: Backend) {}

  get endpoint(): string {
    return this.engine.endpoint;
  }

  version(): Promise<EngineVersion> {
    return this.engine.version();
  }
  listContainers(filter: LabelFilter, options?: { all?: boolean }): Promise<ContainerSummary[]> {
    return this.engine.listContainers(filter, options);
  }
  listNetworks(filter: LabelFilter): Promise<NetworkSummary[]> {
    return this.engine.listNetworks(filter);
  }
  listVolumes(filter: LabelFilter): Promise<VolumeSummary[]> {
    return this.engine.listVolumes(filter);
  }
  inspectNetwork(name: string): Promise<NetworkSummary | undefined> {
    return this.engine.inspectNetwork(name);
  }
  inspectVolume(name: string): Promise<VolumeSummary | undefined> {
    return this.engine.inspectVolume(name);
  }
  volumeSizes(): Promise<Map<string, number>> {
    return this.engine.volumeSizes();
  }
  inspectContainer(idOrName: string): Promise<ContainerDetails | undefined> {
    return this.engine.inspectContainer(idOrName);
  }
  inspectImage(reference: string): Promise<ImageSummary | undefined> {
    return this.engine.inspectImage(reference);
  }
  logs(id: string, options: LogOptions): AsyncIterable<LogChunk> {
    return this.engine.logs(id, options);
  }
  events(filter: LabelFilter, signal: AbortSignal): AsyncIterable<EngineEvent> {
    return this.engine.events(filter, signal);
  }
  getArchive(id: string, path: string): Promise<Buffer> {
    return this.engine.getArchive(id, path);
  }

  createContainer(name: string): Promise<string> {
    this.created += 1;
    return Promise.resolve(`dry-run-${this.created}-${name}`);
  }
  startContainer(): Promise<void> {
    return Promise.resolve();
  }
  stopContainer(): Promise<void> {
    return Promise.resolve();
  }
  killContainer(): Promise<void> {
    return Promise.resolve();
  }
  removeContainer(): Promise<void> {
    return Promise.resolve();
  }
  renameContainer(): Promise<void> {
    return Promise.resolve();
  }
  waitContainer(): Promise<number> {
    return Promise.resolve(0);
  }
  connectNetwork(): Promise<void> {
    return Promise.resolve();
  }
  disconnectNetwork(): Promise<void> {
    return Promise.resolve();
  }
  createNetwork(body: EngineNetworkCreateBody): Promise<string> {
    return Promise.resolve(`dry-run-${body.Name}`);
  }
  removeNetwork(): Promise<void> {
    return Promise.resolve();
  }
  createVolume(): Promise<void> {
    return Promise.resolve();
  }
  removeVolume(): Promise<void> {
    return Promise.resolve();
  }
  pullImage(): Promise<void> {
    return Promise.resolve();
  }
  removeImage(): Promise<void> {
    return Promise.resolve();
  }
  buildImage(request: BuildRequest): Promise<BuildResult> {
    // Nothing is sent: the context stream is closed unread.
    request.context.destroy();
    return Promise.resolve({ imageId: '' });
  }
  tagImage(): Promise<void> {
    return Promise.resolve();
  }
  pushImage(): Promise<void> {
    return Promise.resolve();
  }
  execSession(): Promise<ExecSession> {
    return Promise.resolve({ ...noStreams(), resize: () => Promise.resolve(), exitCode: () => Promise.resolve(0) });
  }
  attachContainer(): Promise<AttachedStreams> {
    return Promise.resolve(noStreams());
  }
  resizeContainer(): Promise<void> {
    return Promise.resolve();
  }
  pauseContainer(): Promise<void> {
    return Promise.resolve();
  }
  unpauseContainer(): Promise<void> {
    return Promise.resolve();
  }
  topContainer(id: string, psArgs?: string): Promise<ContainerProcesses> {
    return this.engine.topContainer(id, psArgs);
  }
  containerStats(id: string): Promise<ContainerStatsSample> {
    return this.engine.containerStats(id);
  }
  listImages(options?: { reference?: string }): Promise<ImageSummary[]> {
    return this.engine.listImages(options);
  }
  exportContainer(): Promise<Readable> {
    return Promise.resolve(Readable.from([]));
  }
  commitContainer(): Promise<string> {
    return Promise.resolve('');
  }
  exec(): Promise<ExecResult> {
    return Promise.resolve({ exitCode: 0, stdout: '', stderr: '' });
  }
  putArchive(): Promise<void> {
    return Promise.resolve();
  }
}

/** Streams with nothing in them: what a process that was never started shows. */
function noStreams(): AttachedStreams {
  const input = new PassThrough();
  input.resume();
  return { output: Readable.from([]), input, close: () => undefined };
}
