// Where a project's published ports answer from the host, as one document a CI script can read
// (`jq -r '.services.web[0].ports["80/tcp"]'`): `up --wait` prints it in CI mode, `--endpoints-json`
// writes it, `Stack.endpoints()` returns it.

import type { ContainerSummary, PublishedPort } from '../engine/backend.js';
import { replicaNumber, serviceOf } from '../plan/container-facts.js';
import { compareText } from '../plan/compare-text.js';

/** The shape's version: it changes only when a field changes its meaning or goes away. */
export const ENDPOINTS_VERSION = 1;

/** One host binding of a container port. */
export interface PortEndpoint {
  /** The container port. */
  privatePort: number;
  /** `tcp`, `udp` or `sctp`. */
  protocol: string;
  /** The host address the engine bound (`0.0.0.0` and `::` for every interface). */
  hostIp: string;
  /** Where a client on the engine's host connects: `hostIp`, with the loopback address for every interface. */
  host: string;
  /** The host port. */
  publishedPort: number;
  /** `host:port`, an IPv6 host in brackets: `127.0.0.1:32768`, `[::1]:32768`. */
  address: string;
}

/** The published ports of one container of a service. */
export interface ContainerEndpoints {
  service: string;
  /** The replica number, 1 for the first. */
  index: number;
  container: string;
  /** The engine's state (`running`, `exited`, ...): only a running container has its ports published. */
  state: string;
  /** Each published container port, as `80/tcp`, and the address of its first binding (IPv4 before IPv6). */
  ports: Record<string, string>;
  /** Every binding, by container port and protocol, IPv4 before IPv6, then by host port. */
  bindings: PortEndpoint[];
}

/** The published endpoints of a project's service containers (one-off containers are left out). */
export interface Endpoints {
  version: typeof ENDPOINTS_VERSION;
  project: string;
  /** By service name, sorted; each service's containers in replica order. */
  services: Record<string, ContainerEndpoints[]>;
}

/** The endpoints document of a project's containers as the engine lists them. */
export function endpointsOf(project: string, containers: readonly ContainerSummary[]): Endpoints {
  const entries: ContainerEndpoints[] = [];
  for (const container of containers) {
    const service = serviceOf(container);
    if (service === undefined) continue;
    const bindings = container.ports.flatMap((port) => portEndpoint(port) ?? []).sort(byPort);
    const ports: Record<string, string> = {};
    for (const binding of bindings) ports[`${binding.privatePort}/${binding.protocol}`] ??= binding.address;
    entries.push({ service, index: replicaNumber(container), container: container.name, state: container.state, ports, bindings });
  }
  entries.sort((a, b) => compareText(a.service, b.service) || a.index - b.index || compareText(a.container, b.container));
  const services: Record<string, ContainerEndpoints[]> = {};
  for (const entry of entries) (services[entry.service] ??= []).push(entry);
  return { version: ENDPOINTS_VERSION, project, services };
}

/** `0.0.0.0` and `::` mean every interface; a client reaches them on the loopback address. */
export function loopbackFor(ip: string | undefined): string {
  if (ip === undefined || ip === '' || ip === '0.0.0.0') return '127.0.0.1';
  if (ip === '::') return '::1';
  return ip;
}

export function isIpv6(ip: string | undefined): boolean {
  return ip?.includes(':') === true;
}

/** `host:port`, with an IPv6 host in brackets so that the text can follow `http://`. */
export function hostPortText(host: string, port: number): string {
  return isIpv6(host) ? `[${host}]:${port}` : `${host}:${port}`;
}

function portEndpoint(port: PublishedPort): PortEndpoint | undefined {
  // A port the image exposes without publishing it has no host side.
  if (port.publicPort === undefined) return undefined;
  const host = loopbackFor(port.ip);
  return {
    privatePort: port.privatePort,
    protocol: port.type,
    hostIp: port.ip === undefined || port.ip === '' ? '0.0.0.0' : port.ip,
    host,
    publishedPort: port.publicPort,
    address: hostPortText(host, port.publicPort),
  };
}

function byPort(a: PortEndpoint, b: PortEndpoint): number {
  return (
    a.privatePort - b.privatePort ||
    compareText(a.protocol, b.protocol) ||
    Number(isIpv6(a.hostIp)) - Number(isIpv6(b.hostIp)) ||
    a.publishedPort - b.publishedPort ||
    compareText(a.hostIp, b.hostIp)
  );
}
