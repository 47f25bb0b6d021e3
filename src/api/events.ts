import type { EngineEvent } from '../engine/backend.js';
import { ONE_OFF_LABEL, ONE_OFF_TRUE, SERVICE_LABEL, projectLabelFilter } from '../engine/labels.js';
import { openProject, type ProjectOptions } from './project-context.js';

/** `events [SERVICE...]`: the services are `services` (all when absent); the stream ends when `signal` aborts. */
export type EventsOptions = ProjectOptions;

/** Something that happened to a container of the project, as `events` reports it. */
export interface ContainerEvent {
  /** Unix nanoseconds (the engine's; above 2^53, so its last digits are rounded). */
  timeNano: number;
  type: 'container';
  /** `create`, `start`, `die`, `health_status: healthy`, ... */
  action: string;
  /** The container's id. */
  id: string;
  service: string;
  /** The engine's attributes (`image`, `name`, the container's own labels, `exitCode`, ...), less the compose labels. */
  attributes: Record<string, string>;
}

/**
 * The project's container events as the engine reports them, from now until `signal` aborts (or
 * the caller stops reading). One-off (`run`) containers are left out, as docker compose leaves
 * them out. The engine is subscribed to before this returns, so nothing after it is missed.
 */
export async function events(options: EventsOptions = {}): Promise<AsyncIterable<ContainerEvent>> {
  const { project, backend } = await openProject(options);
  const stop = new AbortController();
  const outer = options.signal;
  const onAbort = (): void => stop.abort(outer?.reason);
  if (outer?.aborted === true) stop.abort(outer.reason);
  else outer?.addEventListener('abort', onAbort, { once: true });
  const stream = backend.events(projectLabelFilter(project.name), stop.signal);
  const services = options.services !== undefined && options.services.length > 0 ? new Set(options.services) : undefined;
  return (async function* (): AsyncGenerator<ContainerEvent> {
    try {
      for await (const event of stream) {
        const wanted = toContainerEvent(event);
        if (wanted !== undefined && (services === undefined || services.has(wanted.service))) yield wanted;
      }
    } finally {
      outer?.removeEventListener('abort', onAbort);
      // A caller that stops reading early closes the engine's stream too.
      stop.abort();
    }
  })();
}

function toContainerEvent(event: EngineEvent): ContainerEvent | undefined {
  if (event.type !== 'container' || event.attributes[ONE_OFF_LABEL] === ONE_OFF_TRUE) return undefined;
  const attributes: Record<string, string> = {};
  for (const [key, value] of Object.entries(event.attributes)) if (!key.startsWith('com.docker.compose.')) attributes[key] = value;
  return {
    timeNano: event.timeNano,
    type: 'container',
    action: event.action,
    id: event.id,
    service: event.attributes[SERVICE_LABEL] ?? '',
    attributes,
  };
}
