import type { Backend, ContainerSummary } from '../engine/backend.js';
import { engineTime } from './log-time.js';
import { mergeStreams } from './merge-streams.js';
import { openProject, type ProjectOptions } from './project-context.js';
import { replicaNumber, serviceOf } from '../plan/container-facts.js';
import { listProjectContainers } from './project-containers.js';

/** `logs [SERVICE...]`: the services are `services` (all when absent). */
export interface LogsOptions extends ProjectOptions {
  /** Keep reading until the containers stop or `signal` aborts. */
  follow?: boolean;
  /** Only the last lines of each container; all when absent. */
  tail?: number;
  /** Only what came after: a time, Unix seconds, or a duration back from now (`10m`). */
  since?: string;
  /** Only what came before, in the same forms. */
  until?: string;
  /** Lines begin with the engine's RFC 3339 timestamp. */
  timestamps?: boolean;
  /** Only the replica with this number. */
  index?: number;
  /** Ends a followed stream. */
  signal?: AbortSignal;
  /** The clock durations count back from. */
  now?: () => Date;
}

/** A container whose output is in the stream. */
export interface LogSource {
  /** The engine's name (`demo-web-1`). */
  name: string;
  service: string;
  number: number | undefined;
  /** What docker compose prefixes its lines with: the name without the project (`web-1`). */
  label: string;
}

/** One line of a container's output, without its line break. */
export interface LogLine {
  source: LogSource;
  stream: 'stdout' | 'stderr';
  text: string;
}

/** The containers being read (known before any line arrives, to align prefixes) and their lines. */
export interface LogStream {
  sources: LogSource[];
  lines: AsyncIterable<LogLine>;
}

/**
 * The output of the services' containers, stopped ones included, one line at a time as it
 * arrives from any of them; each container's stdout and stderr stay apart. No container: no sources
 * and no lines.
 */
export async function logs(options: LogsOptions = {}): Promise<LogStream> {
  const { project, backend } = await openProject(options);
  const now = (options.now ?? (() => new Date()))();
  const since = options.since === undefined ? undefined : engineTime(options.since, now, '--since');
  const until = options.until === undefined ? undefined : engineTime(options.until, now, '--until');
  const containers = (await listProjectContainers(backend, project.name, { all: true, services: options.services })).filter(
    (container) => options.index === undefined || replicaNumber(container) === options.index,
  );
  const sources = containers.map((container) => logSource(container, project.name));
  const streams = containers.map((container, index) =>
    containerLines(backend, container, sources[index] ?? logSource(container, project.name), {
      follow: options.follow,
      tail: options.tail,
      since,
      until,
      timestamps: options.timestamps,
      signal: options.signal,
    }),
  );
  return { sources, lines: mergeStreams(streams) };
}

/** How a container's lines are labelled: its name without the project (`web-1`). */
export function logSource(container: ContainerSummary, projectName: string): LogSource {
  const prefix = `${projectName}-`;
  return {
    name: container.name,
    service: serviceOf(container) ?? '',
    number: replicaNumber(container) || undefined,
    label: container.name.startsWith(prefix) ? container.name.slice(prefix.length) : container.name,
  };
}

/** A container's output cut into lines; a last line without a line break still comes out at the end. */
async function* containerLines(
  backend: Backend,
  container: ContainerSummary,
  source: LogSource,
  options: Parameters<Backend['logs']>[1],
): AsyncGenerator<LogLine> {
  const partial: Record<LogLine['stream'], string> = { stdout: '', stderr: '' };
  for await (const chunk of backend.logs(container.id, options)) {
    const pieces = (partial[chunk.stream] + chunk.text).split('\n');
    partial[chunk.stream] = pieces.pop() ?? '';
    for (const text of pieces) yield { source, stream: chunk.stream, text: text.endsWith('\r') ? text.slice(0, -1) : text };
  }
  for (const stream of ['stdout', 'stderr'] as const) {
    if (partial[stream] !== '') yield { source, stream, text: partial[stream] };
  }
}
