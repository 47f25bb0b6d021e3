import type { ContainerStatus } from '../../api/ps.js';
import { goTime, timeAgo } from './human-duration.js';
import { displayPorts } from './ports.js';
import { ellipsis, textTable } from './text-table.js';

/** What the `ps` output depends on besides the containers. */
export interface PsFormatOptions {
  now: Date;
  /** Show commands, ids and mounts in full (`--no-trunc`). */
  noTrunc?: boolean;
  /** Minutes east of UTC of the local time zone, for `CreatedAt`. */
  utcOffsetMinutes?: number;
}

/** `ps` as a table: NAME IMAGE COMMAND SERVICE CREATED STATUS PORTS, as docker compose v2 prints it. */
export function renderPsTable(containers: readonly ContainerStatus[], options: PsFormatOptions): string {
  return textTable([
    ['NAME', 'IMAGE', 'COMMAND', 'SERVICE', 'CREATED', 'STATUS', 'PORTS'],
    ...containers.map((container) => [
      container.name,
      container.image,
      quotedCommand(container.command, options.noTrunc === true),
      container.service,
      timeAgo(container.created, options.now),
      container.status,
      displayPorts(container.publishers),
    ]),
  ]);
}

/**
 * `ps --format json`: one object per container per line, with the keys and value forms of docker
 * compose v2 (keys sorted, lists joined by commas), plus `Created` in Unix seconds as earlier v2
 * releases printed it.
 */
export function renderPsJson(containers: readonly ContainerStatus[], options: PsFormatOptions): string {
  return containers.map((container) => `${JSON.stringify(psRecord(container, options))}\n`).join('');
}

/** The JSON object of one container; keys in sorted order, as docker compose writes them. */
export function psRecord(container: ContainerStatus, options: PsFormatOptions): Record<string, unknown> {
  const full = options.noTrunc === true;
  const offset = options.utcOffsetMinutes ?? -new Date(container.created * 1000).getTimezoneOffset();
  return {
    Command: quotedCommand(container.command, full),
    Created: container.created,
    CreatedAt: goTime(container.created, offset),
    ExitCode: container.exitCode,
    Health: container.health,
    ID: full ? container.id : container.id.slice(0, 12),
    Image: container.image,
    Labels: Object.keys(container.labels)
      .sort()
      .map((key) => `${key}=${container.labels[key] ?? ''}`)
      .join(','),
    LocalVolumes: String(container.localVolumes),
    Mounts: container.mounts.map((mount) => (full ? mount : ellipsis(mount, 15))).join(','),
    Name: container.name,
    Names: container.name,
    Networks: container.networks.join(','),
    Ports: displayPorts(container.publishers),
    Project: container.project,
    Publishers: container.publishers.map((publisher) => ({
      URL: publisher.url,
      TargetPort: publisher.targetPort,
      PublishedPort: publisher.publishedPort,
      Protocol: publisher.protocol,
    })),
    RunningFor: timeAgo(container.created, options.now),
    Service: container.service,
    // The engine is not asked for sizes (that is slow); docker compose does not ask either.
    Size: '0B',
    State: container.state,
    Status: container.status,
  };
}

/** `"/docker-entrypoint.…"`: quoted, and cut to 20 characters unless asked for in full. */
function quotedCommand(command: string, full: boolean): string {
  return JSON.stringify(full ? command : ellipsis(command, 20));
}
