import type { AttachedStreams, TerminalSize } from '../engine/backend.js';
import { openProject, type ProjectOptions } from './project-context.js';
import { serviceContainer } from './service-container.js';

/** `attach SERVICE`: docker compose's flags, as options. */
export interface AttachOptions extends ProjectOptions {
  service: string;
  /** The replica (`--index`); the lowest-numbered running one when absent. */
  index?: number;
  /** `--no-stdin`: only watch the output. */
  noStdin?: boolean;
}

/** A running container's main process, attached to. */
export interface AttachedContainer {
  /** Its engine name (`demo-web-1`). */
  container: string;
  id: string;
  /** It has a TTY: its output is one raw stream, and the local terminal should be raw too. */
  tty: boolean;
  /** Its stdin is attached (it keeps one open, and noStdin was not asked). */
  stdin: boolean;
  streams: AttachedStreams;
  /** Resizes its TTY. */
  resize(size: TerminalSize): Promise<void>;
  /** Sends a signal to its main process (`--sig-proxy`). */
  kill(signal: string): Promise<void>;
  /** Once the output has ended: its exit code when it has stopped, undefined when it runs on. */
  exitCode(): Promise<number | undefined>;
}

/**
 * Attaches to the main process of a running container of the service: its output, and its stdin
 * when the service keeps one open (`stdin_open`). Whether it has a TTY is the service's `tty`, as
 * berth and docker compose create the container from it.
 */
export async function attach(options: AttachOptions): Promise<AttachedContainer> {
  const { project, backend } = await openProject({ ...options, services: [options.service] });
  const container = await serviceContainer(backend, project.name, { service: options.service, index: options.index, running: true });
  const service = project.model.services[options.service];
  const tty = service?.tty === true;
  const stdin = options.noStdin !== true && service?.stdin_open === true;
  // Not given options.signal: a Ctrl+C is passed on to the container (--sig-proxy) and the output
  // followed until it ends; the caller closes the streams when it wants to let go.
  const streams = await backend.attachContainer(container.id, { stdin, tty });
  return {
    container: container.name,
    id: container.id,
    tty,
    stdin,
    streams,
    resize: (size) => backend.resizeContainer(container.id, size),
    kill: (signal) => backend.killContainer(container.id, signal),
    async exitCode() {
      const details = await backend.inspectContainer(container.id);
      return details === undefined || details.running ? undefined : details.exitCode;
    },
  };
}
