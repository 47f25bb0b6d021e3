import type { ContainerSummary } from '../engine/backend.js';
import { PROJECT_LABEL } from '../engine/labels.js';
import type { ContainerState } from './container-states.js';
import { openProject, type ProjectOptions } from './project-context.js';
import { replicaNumber, serviceOf } from '../plan/container-facts.js';
import { listProjectContainers } from './project-containers.js';


/** `ps [SERVICE...]`: the services are `services` (all when absent). */
export interface PsOptions extends ProjectOptions {
  /** Stopped containers too; implied by `status`. */
  all?: boolean;
  /** Only containers in one of these states. */
  status?: readonly ContainerState[];
  /** Containers of services no longer in the compose files (default true, as `--orphans`). */
  orphans?: boolean;
}

/** A port of a container: published on the host (`publishedPort` > 0) or only exposed. */
export interface PortPublisher {
  /** The host address it is bound to; empty when not published. */
  url: string;
  targetPort: number;
  /** 0 when not published. */
  publishedPort: number;
  protocol: string;
}

/** One container of the project as `ps` reports it: the facts, not yet formatted. */
export interface ContainerStatus {
  id: string;
  name: string;
  image: string;
  /** The entrypoint and command, joined by spaces as the engine shows them. */
  command: string;
  project: string;
  service: string;
  /** The replica number; undefined for one-off containers. */
  number: number | undefined;
  /** Unix seconds. */
  created: number;
  state: string;
  /** The engine's status line (`Up 3 minutes (healthy)`). */
  status: string;
  /** `healthy`, `unhealthy`, `starting`, or empty when there is no healthcheck. */
  health: string;
  exitCode: number;
  publishers: PortPublisher[];
  labels: Record<string, string>;
  /** Volume mounts (named or anonymous). */
  localVolumes: number;
  /** What is mounted: a volume's name, else the host path. */
  mounts: string[];
  /** The networks it is attached to, sorted. */
  networks: string[];
}

/**
 * The containers of the project (running ones unless `all` or `status`), sorted by name. One list
 * call, then one inspect per container for what a list does not tell: the command, the health and
 * the exit code.
 */
export async function ps(options: PsOptions = {}): Promise<ContainerStatus[]> {
  const { project, backend } = await openProject(options);
  const states = options.status !== undefined && options.status.length > 0 ? new Set<string>(options.status) : undefined;
  const known = new Set(Object.keys(project.model.services));
  const containers = (
    await listProjectContainers(backend, project.name, {
      all: options.all === true || states !== undefined,
      services: options.services,
      oneOff: 'include',
    })
  )
    .filter((container) => states === undefined || states.has(container.state))
    .filter((container) => options.orphans !== false || known.has(serviceOf(container) ?? ''));

  return Promise.all(
    containers.map(async (container) => {
      const details = await backend.inspectContainer(container.id);
      const command = details === undefined ? [] : [...(details.config.entrypoint ?? []), ...(details.config.cmd ?? [])];
      return toStatus(container, {
        command: command.join(' '),
        health: details?.health ?? '',
        exitCode: details?.exitCode ?? 0,
      });
    }),
  );
}

function toStatus(container: ContainerSummary, extra: { command: string; health: string; exitCode: number }): ContainerStatus {
  return {
    id: container.id,
    name: container.name,
    image: container.image,
    command: extra.command,
    project: container.labels[PROJECT_LABEL] ?? '',
    service: serviceOf(container) ?? '',
    number: replicaNumber(container) || undefined,
    created: container.created,
    state: container.state,
    status: container.status,
    health: extra.health,
    exitCode: extra.exitCode,
    publishers: container.ports
      .map((port) => ({ url: port.ip ?? '', targetPort: port.privatePort, publishedPort: port.publicPort ?? 0, protocol: port.type }))
      .sort(comparePublishers),
    labels: container.labels,
    localVolumes: container.mounts.filter((mount) => mount.type === 'volume').length,
    mounts: container.mounts.map((mount) => (mount.type === 'volume' && mount.name !== undefined ? mount.name : mount.source)),
    networks: Object.keys(container.networks).sort(),
  };
}

/** By container port, then protocol, then host address, then host port: a stable order for output. */
function comparePublishers(a: PortPublisher, b: PortPublisher): number {
  return (
    a.targetPort - b.targetPort ||
    compare(a.protocol, b.protocol) ||
    compare(a.url, b.url) ||
    a.publishedPort - b.publishedPort
  );
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
