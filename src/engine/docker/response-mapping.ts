// The engine's JSON answers, typed as far as berth reads them, and their conversion into the
// backend's summary types. Every field is optional here: what an older engine leaves out, or
// writes as null, becomes an empty value instead of a crash.

import type {
  ContainerDetails,
  ContainerSummary,
  EndpointSettings,
  EndpointSummary,
  EngineEvent,
  EngineVersion,
  ImageSummary,
  MountSummary,
  NetworkSummary,
  PublishedPort,
  PullProgress,
  VolumeSummary,
} from '../backend.js';
import type { EngineEndpointConfig } from '../engine-types.js';
import { describeContainerState, type ContainerStateFacts } from './container-status.js';

type Labels = Record<string, string> | null;

/** `GET /version`. */
export interface RawVersion {
  Version?: string;
  ApiVersion?: string;
  Os?: string;
  Arch?: string;
}

interface RawEndpoint {
  NetworkID?: string;
  IPAddress?: string;
  Aliases?: string[] | null;
}

interface RawMount {
  Type?: string;
  Name?: string;
  Source?: string;
  Destination?: string;
}

/** One entry of `GET /containers/json`. */
export interface RawContainerListItem {
  Id?: string;
  Names?: string[] | null;
  Image?: string;
  ImageID?: string;
  Labels?: Labels;
  State?: string;
  Status?: string;
  Created?: number;
  Ports?: { IP?: string; PrivatePort?: number; PublicPort?: number; Type?: string }[] | null;
  NetworkSettings?: { Networks?: Record<string, RawEndpoint> | null } | null;
  Mounts?: RawMount[] | null;
}

/** `GET /containers/{id}/json`. */
export interface RawContainerInspect {
  Id?: string;
  Name?: string;
  Created?: string;
  Image?: string;
  RestartCount?: number;
  Config?: {
    Image?: string;
    Labels?: Labels;
    Env?: string[] | null;
    Cmd?: string[] | null;
    Entrypoint?: string[] | null;
    Hostname?: string;
    Tty?: boolean;
    StopTimeout?: number | null;
  } | null;
  State?: (ContainerStateFacts & { Health?: { Status?: string; Log?: RawHealthProbe[] | null } | null }) | null;
  NetworkSettings?: {
    Networks?: Record<string, RawEndpoint> | null;
    Ports?: Record<string, { HostIp?: string; HostPort?: string }[] | null> | null;
  } | null;
  Mounts?: RawMount[] | null;
}

/** One entry of an inspected container's `State.Health.Log`. */
export interface RawHealthProbe {
  Start?: string;
  End?: string;
  ExitCode?: number;
  Output?: string;
}

/** `GET /networks` entries and `GET /networks/{id}`. */
export interface RawNetwork {
  Id?: string;
  Name?: string;
  Driver?: string;
  Labels?: Labels;
  Internal?: boolean;
  Attachable?: boolean;
  Containers?: Record<string, unknown> | null;
}

/** `GET /volumes/{name}` and the entries of `GET /volumes`. */
export interface RawVolume {
  Name?: string;
  Driver?: string;
  Labels?: Labels;
  Mountpoint?: string;
}

/** `GET /system/df`, as far as its volumes go. */
export interface RawDiskUsage {
  Volumes?: { Name?: string; UsageData?: { Size?: number } | null }[] | null;
}

/** The volumes' sizes from a disk usage answer; -1 (the engine's "unknown") where it gives none. */
export function toVolumeSizes(raw: RawDiskUsage | undefined): Map<string, number> {
  const sizes = new Map<string, number>();
  for (const volume of raw?.Volumes ?? []) {
    if (volume.Name !== undefined) sizes.set(volume.Name, volume.UsageData?.Size ?? -1);
  }
  return sizes;
}

/** `GET /images/{name}/json`. */
export interface RawImage {
  Id?: string;
  RepoTags?: string[] | null;
  RepoDigests?: string[] | null;
  Config?: { Labels?: Labels } | null;
  /** The list call's labels (inspect has them under Config). */
  Labels?: Labels;
  Size?: number;
  /** Unix seconds in a list, RFC 3339 in an inspect. */
  Created?: number | string;
  Os?: string;
  Architecture?: string;
}

/** One message of `GET /events`. */
export interface RawEvent {
  Type?: string;
  Action?: string;
  id?: string;
  Actor?: { ID?: string; Attributes?: Record<string, string> | null } | null;
  time?: number;
  timeNano?: number;
}

/** One message of a pull's progress stream; `error` ends the pull. */
export interface RawPullMessage {
  status?: string;
  id?: string;
  progressDetail?: { current?: number; total?: number } | null;
  error?: string;
  errorDetail?: { message?: string } | null;
}

/** The version facts of `GET /version`. */
export function toEngineVersion(raw: RawVersion): EngineVersion {
  return { version: raw.Version ?? '', apiVersion: raw.ApiVersion ?? '', os: raw.Os ?? '', arch: raw.Arch ?? '' };
}

/** A list entry as a `ContainerSummary`. */
export function toContainerSummary(raw: RawContainerListItem): ContainerSummary {
  return {
    id: raw.Id ?? '',
    name: primaryName(raw.Names ?? []),
    image: raw.Image ?? '',
    imageId: raw.ImageID ?? '',
    labels: { ...raw.Labels },
    state: raw.State ?? '',
    status: raw.Status ?? '',
    created: raw.Created ?? 0,
    ports: (raw.Ports ?? []).map((port) => {
      const published: PublishedPort = { privatePort: port.PrivatePort ?? 0, type: port.Type ?? 'tcp' };
      if (port.PublicPort !== undefined && port.PublicPort !== 0) published.publicPort = port.PublicPort;
      if (port.IP !== undefined && port.IP !== '') published.ip = port.IP;
      return published;
    }),
    networks: toEndpointSummaries(raw.NetworkSettings?.Networks),
    mounts: toMountSummaries(raw.Mounts),
  };
}

/** An inspect result as `ContainerDetails`; `now` words the status line. */
export function toContainerDetails(raw: RawContainerInspect, now: Date): ContainerDetails {
  const state = raw.State ?? {};
  const config = raw.Config ?? {};
  const created = Date.parse(raw.Created ?? '');
  const details: ContainerDetails = {
    id: raw.Id ?? '',
    name: (raw.Name ?? '').replace(/^\//, ''),
    image: config.Image ?? '',
    imageId: raw.Image ?? '',
    labels: { ...config.Labels },
    state: state.Status ?? '',
    status: describeContainerState(state, now),
    created: Number.isNaN(created) ? 0 : Math.floor(created / 1000),
    ports: toPublishedPorts(raw.NetworkSettings?.Ports),
    networks: toEndpointSummaries(raw.NetworkSettings?.Networks),
    mounts: toMountSummaries(raw.Mounts),
    exitCode: state.ExitCode ?? 0,
    running: state.Running ?? false,
    restartCount: raw.RestartCount ?? 0,
    config: {
      env: config.Env ?? [],
      cmd: config.Cmd ?? null,
      entrypoint: config.Entrypoint ?? null,
      hostname: config.Hostname ?? '',
    },
  };
  const health = state.Health?.Status;
  if (health === 'starting' || health === 'healthy' || health === 'unhealthy') details.health = health;
  if (state.StartedAt !== undefined && !state.StartedAt.startsWith('0001-')) details.startedAt = state.StartedAt;
  const probes = state.Health?.Log;
  if (probes) details.healthLog = probes.map((probe) => ({ start: probe.Start ?? '', exitCode: probe.ExitCode ?? 0, output: probe.Output ?? '' }));
  if (typeof config.StopTimeout === 'number') details.stopTimeout = config.StopTimeout;
  return details;
}

/** A network list entry or inspect result as a `NetworkSummary`. */
export function toNetworkSummary(raw: RawNetwork): NetworkSummary {
  return {
    id: raw.Id ?? '',
    name: raw.Name ?? '',
    driver: raw.Driver ?? '',
    labels: { ...raw.Labels },
    internal: raw.Internal ?? false,
    attachable: raw.Attachable ?? false,
    containers: Object.keys(raw.Containers ?? {}),
  };
}

/** A volume as a `VolumeSummary`. */
export function toVolumeSummary(raw: RawVolume): VolumeSummary {
  return { name: raw.Name ?? '', driver: raw.Driver ?? '', labels: { ...raw.Labels }, mountpoint: raw.Mountpoint ?? '' };
}

/** An image inspect result as an `ImageSummary`. */
export function toImageSummary(raw: RawImage): ImageSummary {
  const summary: ImageSummary = {
    id: raw.Id ?? '',
    repoTags: (raw.RepoTags ?? []).filter((tag) => tag !== '<none>:<none>'),
    repoDigests: (raw.RepoDigests ?? []).filter((digest) => digest !== '<none>@<none>'),
    labels: { ...(raw.Config?.Labels ?? raw.Labels) },
  };
  if (raw.Size !== undefined) summary.size = raw.Size;
  const created = typeof raw.Created === 'string' ? Math.floor(Date.parse(raw.Created) / 1000) : raw.Created;
  if (created !== undefined && Number.isFinite(created)) summary.created = created;
  if (raw.Os !== undefined) summary.os = raw.Os;
  if (raw.Architecture !== undefined) summary.architecture = raw.Architecture;
  return summary;
}

/** An events message as an `EngineEvent`. `timeNano` exceeds 2^53, so its last digits are rounded. */
export function toEngineEvent(raw: RawEvent): EngineEvent {
  return {
    type: raw.Type ?? '',
    action: raw.Action ?? '',
    id: raw.Actor?.ID ?? raw.id ?? '',
    attributes: { ...raw.Actor?.Attributes },
    timeNano: raw.timeNano ?? (raw.time ?? 0) * 1e9,
  };
}

/** A progress message as `PullProgress`; only the fields the engine sent are set. */
export function toPullProgress(raw: RawPullMessage): PullProgress {
  const progress: PullProgress = { status: raw.status ?? '' };
  if (raw.id !== undefined) progress.id = raw.id;
  if (raw.progressDetail?.current !== undefined) progress.current = raw.progressDetail.current;
  if (raw.progressDetail?.total !== undefined) progress.total = raw.progressDetail.total;
  return progress;
}

/** The text of a pull message's error, when it carries one. */
export function pullErrorOf(raw: RawPullMessage): string | undefined {
  const text = raw.errorDetail?.message ?? raw.error;
  return text === undefined || text === '' ? undefined : text;
}

/** Network-connect settings in the engine's key names; only what is set is sent. */
export function toEndpointConfig(settings: EndpointSettings): EngineEndpointConfig {
  const config: EngineEndpointConfig = {};
  if (settings.aliases !== undefined) config.Aliases = [...settings.aliases];
  if (settings.ipv4Address !== undefined || settings.ipv6Address !== undefined) {
    config.IPAMConfig = {};
    if (settings.ipv4Address !== undefined) config.IPAMConfig.IPv4Address = settings.ipv4Address;
    if (settings.ipv6Address !== undefined) config.IPAMConfig.IPv6Address = settings.ipv6Address;
  }
  if (settings.links !== undefined) config.Links = [...settings.links];
  if (settings.macAddress !== undefined) config.MacAddress = settings.macAddress;
  if (settings.driverOpts !== undefined) config.DriverOpts = { ...settings.driverOpts };
  if (settings.priority !== undefined) config.GwPriority = settings.priority;
  return config;
}

/**
 * A container's own name. Legacy links make the engine list extra names (`/web/db` for db linked
 * into web); the own one is the name with no slash after the leading one.
 */
function primaryName(names: readonly string[]): string {
  const own = names.find((name) => !name.slice(1).includes('/')) ?? names[0] ?? '';
  return own.replace(/^\//, '');
}

function toEndpointSummaries(networks: Record<string, RawEndpoint> | null | undefined): Record<string, EndpointSummary> {
  const summaries: Record<string, EndpointSummary> = {};
  for (const [name, endpoint] of Object.entries(networks ?? {})) {
    summaries[name] = {
      networkId: endpoint.NetworkID ?? '',
      ipAddress: endpoint.IPAddress ?? '',
      aliases: endpoint.Aliases ?? [],
    };
  }
  return summaries;
}

function toMountSummaries(mounts: RawMount[] | null | undefined): MountSummary[] {
  return (mounts ?? []).map((mount) => {
    const summary: MountSummary = { type: mount.Type ?? '', source: mount.Source ?? '', destination: mount.Destination ?? '' };
    if (mount.Name !== undefined && mount.Name !== '') summary.name = mount.Name;
    return summary;
  });
}

/** Inspect's `"80/tcp": [{HostIp, HostPort}]` map, in the list call's one-entry-per-binding shape. */
function toPublishedPorts(ports: Record<string, { HostIp?: string; HostPort?: string }[] | null> | null | undefined): PublishedPort[] {
  const published: PublishedPort[] = [];
  for (const [key, bindings] of Object.entries(ports ?? {})) {
    const [port = '0', type = 'tcp'] = key.split('/');
    const privatePort = Number(port);
    if (bindings === null || bindings.length === 0) {
      published.push({ privatePort, type });
      continue;
    }
    for (const binding of bindings) {
      const entry: PublishedPort = { privatePort, type };
      const hostPort = Number(binding.HostPort);
      if (binding.HostPort !== undefined && binding.HostPort !== '' && !Number.isNaN(hostPort)) entry.publicPort = hostPort;
      if (binding.HostIp !== undefined && binding.HostIp !== '') entry.ip = binding.HostIp;
      published.push(entry);
    }
  }
  return published;
}
