import type { Service } from '../../model/index.js';
import type { EngineContainerCreateBody, EngineHostConfig } from '../engine-types.js';
import { ContainerSpecError } from './spec-error.js';

type PortSet = NonNullable<EngineContainerCreateBody['ExposedPorts']>;
type PortMap = NonNullable<EngineHostConfig['PortBindings']>;

/**
 * The container ports the service declares, `port/protocol`: `expose` (a range expanded port by
 * port, since the engine keys one port each) and every `ports` target. Undefined when none.
 */
export function exposedPorts(service: Service, field: string): PortSet | undefined {
  const ports: PortSet = {};
  for (const entry of service.expose ?? []) {
    for (const port of exposeEntry(entry, `${field}.expose`)) ports[port] = {};
  }
  for (const port of service.ports ?? []) ports[`${port.target}/${port.protocol}`] = {};
  return Object.keys(ports).length > 0 ? ports : undefined;
}

/**
 * Host bindings of the published ports: one list per container port, in the order written. No
 * `published` is `HostPort: ""` (any free port); a range (`8000-8010`) lets the engine pick one.
 * `mode: host` needs nothing else on a single engine.
 */
export function portBindings(service: Service): PortMap | undefined {
  const ports = service.ports ?? [];
  if (ports.length === 0) return undefined;
  const bindings: PortMap = {};
  for (const port of ports) {
    const key = `${port.target}/${port.protocol}`;
    const binding = port.host_ip === undefined || port.host_ip === ''
      ? { HostPort: port.published ?? '' }
      : { HostIp: port.host_ip, HostPort: port.published ?? '' };
    (bindings[key] ??= []).push(binding);
  }
  return bindings;
}

function exposeEntry(entry: string, field: string): string[] {
  const match = /^(\d+)(?:-(\d+))?(?:\/(\w+))?$/.exec(entry.trim());
  if (!match) throw new ContainerSpecError(`${field}: "${entry}" is not a port or a range of ports`);
  const start = Number(match[1]);
  const end = match[2] === undefined ? start : Number(match[2]);
  const protocol = (match[3] ?? 'tcp').toLowerCase();
  const ports: string[] = [];
  for (let port = start; port <= end; port++) ports.push(`${port}/${protocol}`);
  return ports;
}
