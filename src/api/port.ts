import { BerthError } from '../errors.js';
import { openProject, type ProjectOptions } from './project-context.js';
import { isRunning, replicaNumber } from '../plan/container-facts.js';
import { listProjectContainers } from './project-containers.js';

/** `port SERVICE PRIVATE_PORT`. */
export interface PortOptions extends ProjectOptions {
  service: string;
  /** The container port. */
  privatePort: number;
  /** `tcp` (default), `udp` or `sctp`. */
  protocol?: string;
  /** Which replica; the lowest-numbered running one when absent or 0. */
  index?: number;
}

/** Where a container port is published on the host. */
export interface PortBinding {
  /** The host address (`0.0.0.0` for every interface). */
  hostIp: string;
  hostPort: number;
}

/** The host address and port a service's container port is published on. */
export async function port(options: PortOptions): Promise<PortBinding> {
  const { project, backend } = await openProject({ ...options, services: [options.service] });
  const protocol = options.protocol ?? 'tcp';
  const running = (await listProjectContainers(backend, project.name, { services: [options.service] })).filter(isRunning);
  const ordered = [...running].sort((a, b) => replicaNumber(a) - replicaNumber(b));
  const index = options.index ?? 0;
  const container = index > 0 ? ordered.find((candidate) => replicaNumber(candidate) === index) : ordered[0];
  if (container === undefined) {
    const which = index > 0 ? ` container #${index}` : '';
    throw new BerthError('not-running', `service "${options.service}" is not running${which}`);
  }
  const binding = container.ports
    .filter((candidate) => candidate.privatePort === options.privatePort && candidate.type === protocol && candidate.publicPort !== undefined)
    .sort((a, b) => ((a.ip ?? '') < (b.ip ?? '') ? -1 : (a.ip ?? '') > (b.ip ?? '') ? 1 : 0))[0];
  if (binding?.publicPort === undefined) {
    throw new BerthError('no-port', `no port ${options.privatePort}/${protocol} for container ${container.name}`, {
      hint: 'the port must be published (`ports:` in the compose file) for it to have a host side',
    });
  }
  return { hostIp: binding.ip ?? '0.0.0.0', hostPort: binding.publicPort };
}
