import type { ContainerSummary } from '../../engine/backend.js';
import { PROJECT_LABEL } from '../../engine/labels.js';
import type { ComposeProject } from '../../model/index.js';
import type { Plan } from '../plan.js';
import { addressesOverlap, isDockerProxy, type LocalHolder, type LocalPortQuery, type PortProtocol } from './local-ports.js';
import type { PreflightProblem } from './preflight-error.js';

/** A fixed host port a container the plan starts will bind. */
export interface WantedPort extends LocalPortQuery {
  service: string;
  container: string;
}

/**
 * The fixed host ports of the containers the plan starts (created, recreated or stopped ones):
 * a running container that keeps its ports binds nothing new. Ports the engine picks (none
 * published, or a range) and protocols other than tcp and udp are left out.
 */
export function wantedPorts(model: ComposeProject, plan: Plan): WantedPort[] {
  const wanted: WantedPort[] = [];
  for (const node of plan.nodes) {
    if (node.action.kind !== 'start-container') continue;
    const { service, name } = node.action;
    for (const port of model.services[service]?.ports ?? []) {
      const published = port.published ?? '';
      if (!/^\d+$/.test(published) || Number(published) === 0) continue;
      const protocol = port.protocol.toLowerCase();
      if (protocol !== 'tcp' && protocol !== 'udp') continue;
      wanted.push({ service, container: name, protocol, ip: port.host_ip ?? '', port: Number(published) });
    }
  }
  return wanted;
}

/** The ids of the project's containers the plan stops or removes before it starts others. */
export function replacedContainers(plan: Plan): Set<string> {
  const ids = new Set<string>();
  for (const { action } of plan.nodes) {
    if (action.kind === 'recreate-container') ids.add(action.replaced.id);
    if (action.kind === 'stop-container' || action.kind === 'remove-container') ids.add(action.id);
  }
  return ids;
}

/** Where a port is written in messages: `8080`, `127.0.0.1:8080`, `[::1]:8080/udp`. */
export function portLabel(port: Pick<WantedPort, 'ip' | 'port' | 'protocol'>): string {
  const ip = port.ip === '' ? '' : port.ip.includes(':') ? `[${port.ip}]:` : `${port.ip}:`;
  return `${ip}${String(port.port)}${port.protocol === 'tcp' ? '' : `/${port.protocol}`}`;
}

/** How a port stands against the engine's containers: taken (a problem), freed by the plan, or not theirs. */
export type ContainerVerdict = { held: 'problem'; problem: PreflightProblem } | { held: 'freed' } | { held: 'no' };

/** Checks one wanted port against every container's published ports, and against the other wanted ports. */
export function portAgainstContainers(
  wanted: WantedPort,
  containers: readonly ContainerSummary[],
  projectName: string,
  replaced: ReadonlySet<string>,
): ContainerVerdict {
  let freed = false;
  for (const container of containers) {
    const published = container.ports.some(
      (port) => port.publicPort === wanted.port && port.type === wanted.protocol && addressesOverlap(wanted.ip, port.ip ?? ''),
    );
    if (!published) continue;
    const project = container.labels[PROJECT_LABEL];
    if (project === projectName && replaced.has(container.id)) {
      freed = true;
      continue;
    }
    const owner = project === undefined ? 'outside any project' : project === projectName ? 'of this project' : `of project ${project}`;
    return { held: 'problem', problem: { kind: 'port', text: `${subject(wanted)} is published by container ${container.name} ${owner}` } };
  }
  return freed ? { held: 'freed' } : { held: 'no' };
}

/** A port held by a local process; a docker-proxy is the engine's, for a container already accounted for. */
export function portAgainstProcess(wanted: WantedPort, holder: LocalHolder | undefined): PreflightProblem | undefined {
  if (holder === undefined || isDockerProxy(holder.command)) return undefined;
  const by = holder.pid === undefined ? 'another process' : `process ${String(holder.pid)}${holder.command === undefined ? '' : ` (${shorten(holder.command)})`}`;
  return { kind: 'port', text: `${subject(wanted)} is held by ${by}` };
}

/** Two containers of the plan that would bind the same host port. */
export function portsWantedTwice(wanted: readonly WantedPort[]): PreflightProblem[] {
  const problems: PreflightProblem[] = [];
  wanted.forEach((port, index) => {
    const first = wanted.slice(0, index).find(
      (other) => other.port === port.port && other.protocol === port.protocol && other.container !== port.container && addressesOverlap(other.ip, port.ip),
    );
    if (first !== undefined) {
      problems.push({ kind: 'port', text: `${subject(port)} is also published by ${first.container} (service ${first.service})` });
    }
  });
  return problems;
}

export type { PortProtocol };

function subject(wanted: WantedPort): string {
  return `host port ${portLabel(wanted)} (service ${wanted.service})`;
}

function shorten(command: string): string {
  return command.length > 80 ? `${command.slice(0, 77)}...` : command;
}
