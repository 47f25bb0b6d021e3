// The model's service, as the body of `POST /containers/create` (Engine API 1.41, the oldest berth
// supports), the way docker compose v2 builds it.

import type { Service } from '../../model/index.js';
import type { EngineContainerCreateBody, EngineHostConfig } from '../engine-types.js';
import type { ContainerSpecInput } from './container-input.js';
import { firstContainerOfService, serviceField, servicePath } from './container-input.js';
import { containerLabels } from './container-labels.js';
import { NAME_SEPARATOR } from './container-name.js';
import { grantFiles, type ContainerFile } from './file-grants.js';
import { healthConfig } from './healthcheck.js';
import { containerMounts } from './mounts.js';
import { containerLinks, containerMacAddress, namespaceMode, networkMode, primaryEndpoint } from './networking.js';
import { exposedPorts, portBindings } from './ports.js';
import { resourceConfig } from './resources.js';
import { restartPolicy } from './restart-policy.js';
import { securityOptions } from './security-options.js';
import { byteCount, durationSeconds } from './units.js';

export type { ContainerSpecInput } from './container-input.js';
export type { ContainerFile } from './file-grants.js';
export { extraNetworkAttachments, networksByPriority, type NetworkAttachment } from './networking.js';
export { seccompProfilePaths } from './security-options.js';

/**
 * The image a service's containers run: `image`, or for a service only built, the name docker
 * compose tags the build with, `<project>-<service>`.
 */
export function serviceImageReference(projectName: string, serviceName: string, service: Pick<Service, 'image'>): string {
  return service.image !== undefined && service.image !== ''
    ? service.image
    : `${projectName}${NAME_SEPARATOR}${serviceName}`;
}

/**
 * The create body of one container of a service. Everything absent from the model is absent from
 * the body, so the engine (or the image) applies its own default. The container joins its first
 * network here; `extraNetworkAttachments` gives the others, `containerFiles` the secret and config
 * files to copy in before start.
 */
export function containerCreateBody(input: ContainerSpecInput): EngineContainerCreateBody {
  const { service } = input;
  const body: EngineContainerCreateBody = {
    Image: serviceImageReference(input.projectName, input.serviceName, service),
    // As docker compose creates them, so `docker attach` and `docker logs` behave alike.
    AttachStdout: true,
    AttachStderr: true,
    Labels: containerLabels(input),
    HostConfig: hostConfig(input),
  };
  if (service.hostname !== undefined) body.Hostname = service.hostname;
  if (service.domainname !== undefined) body.Domainname = service.domainname;
  if (service.user !== undefined) body.User = service.user;
  const exposed = exposedPorts(service, servicePath(input));
  if (exposed !== undefined) body.ExposedPorts = exposed;
  if (service.tty === true) body.Tty = true;
  if (service.stdin_open === true) body.OpenStdin = true;
  const env = environmentList(service);
  if (env.length > 0) body.Env = env;
  // null keeps the image's own; [] is sent, to override it with nothing.
  if (service.command !== null) body.Cmd = [...service.command];
  if (service.entrypoint !== null) body.Entrypoint = [...service.entrypoint];
  if (service.healthcheck !== undefined) {
    body.Healthcheck = healthConfig(service.healthcheck, serviceField(input, 'healthcheck'));
  }
  if (service.working_dir !== undefined) body.WorkingDir = service.working_dir;
  const mac = containerMacAddress(input);
  if (mac !== undefined) body.MacAddress = mac;
  if (service.stop_signal !== undefined) body.StopSignal = service.stop_signal;
  if (service.stop_grace_period !== undefined) {
    body.StopTimeout = durationSeconds(service.stop_grace_period, serviceField(input, 'stop_grace_period'));
  }
  const endpoint = primaryEndpoint(input);
  if (endpoint !== undefined) body.NetworkingConfig = { EndpointsConfig: { [endpoint.network]: endpoint.config } };
  return body;
}

/**
 * The secret and config files to copy into the container after it is created and before it starts:
 * those whose content comes from the environment or is written inline, with their mode (`0444`
 * unless set), owner and group. File-based ones are bind mounts in the create body instead.
 */
export function containerFiles(input: ContainerSpecInput): ContainerFile[] {
  return grantFiles(input);
}

function hostConfig(input: ContainerSpecInput): EngineHostConfig {
  const { service } = input;
  const config: EngineHostConfig = {};
  const { binds, mounts } = containerMounts(input);
  if (binds.length > 0) config.Binds = binds;
  if (mounts.length > 0) config.Mounts = mounts;
  const mode = networkMode(input);
  if (mode !== undefined) config.NetworkMode = mode;
  const bindings = portBindings(service);
  if (bindings !== undefined) config.PortBindings = bindings;
  const restart = restartPolicy(service, servicePath(input));
  if (restart !== undefined) config.RestartPolicy = restart;
  const volumesFrom = (service.volumes_from ?? []).map((source) => volumesFromEntry(input, source));
  if (volumesFrom.length > 0) config.VolumesFrom = volumesFrom;
  copyList(service.cap_add, (list) => (config.CapAdd = list));
  copyList(service.cap_drop, (list) => (config.CapDrop = list));
  if (service.cgroup !== undefined) config.CgroupnsMode = service.cgroup;
  copyList(service.dns, (list) => (config.Dns = list));
  copyList(service.dns_opt, (list) => (config.DnsOptions = list));
  copyList(service.dns_search, (list) => (config.DnsSearch = list));
  copyList(service.extra_hosts?.map(engineExtraHost), (list) => (config.ExtraHosts = list));
  copyList(service.group_add, (list) => (config.GroupAdd = list));
  if (service.ipc !== undefined) config.IpcMode = namespaceMode(input, service.ipc, 'ipc') ?? service.ipc;
  copyList(containerLinks(input), (list) => (config.Links = list));
  if (service.oom_score_adj !== undefined) config.OomScoreAdj = service.oom_score_adj;
  if (service.pid !== undefined) config.PidMode = namespaceMode(input, service.pid, 'pid') ?? service.pid;
  if (service.privileged === true) config.Privileged = true;
  if (service.read_only === true) config.ReadonlyRootfs = true;
  copyList(securityOptions(input), (list) => (config.SecurityOpt = list));
  if (service.storage_opt !== undefined) config.StorageOpt = { ...service.storage_opt };
  const tmpfs = tmpfsMounts(service);
  if (tmpfs !== undefined) config.Tmpfs = tmpfs;
  if (service.uts !== undefined) config.UTSMode = service.uts;
  if (service.userns_mode !== undefined) config.UsernsMode = service.userns_mode;
  if (service.shm_size !== undefined) config.ShmSize = byteCount(service.shm_size, serviceField(input, 'shm_size'));
  if (service.sysctls !== undefined) config.Sysctls = { ...service.sysctls };
  if (service.runtime !== undefined) config.Runtime = service.runtime;
  if (service.isolation !== undefined) config.Isolation = service.isolation;
  if (service.init !== undefined) config.Init = service.init;
  if (service.logging !== undefined) {
    config.LogConfig = { Type: service.logging.driver ?? '' };
    if (service.logging.options !== undefined) config.LogConfig.Config = { ...service.logging.options };
  }
  if (service.annotations !== undefined) config.Annotations = { ...service.annotations };
  Object.assign(config, resourceConfig(service, servicePath(input)));
  return config;
}

/** `KEY=VALUE` per variable; a variable with no value (a bare name the environment lacks) is left out. */
function environmentList(service: Service): string[] {
  return Object.entries(service.environment ?? {}).flatMap(([name, value]) => (value === null ? [] : [`${name}=${value}`]));
}

/** The model writes `host=address`; the engine reads `host:address`, splitting at the first colon. */
function engineExtraHost(entry: string): string {
  const at = entry.indexOf('=');
  return at === -1 ? entry : `${entry.slice(0, at)}:${entry.slice(at + 1)}`;
}

/** `path[:options]` entries as the engine's path → options map. */
function tmpfsMounts(service: Service): Record<string, string> | undefined {
  if (service.tmpfs === undefined || service.tmpfs.length === 0) return undefined;
  const tmpfs: Record<string, string> = {};
  for (const entry of service.tmpfs) {
    const at = entry.indexOf(':');
    if (at === -1) tmpfs[entry] = '';
    else tmpfs[entry.slice(0, at)] = entry.slice(at + 1);
  }
  return tmpfs;
}

/**
 * `service[:mode]` (or `service:service[:mode]`) as the service's first container; `container:x[:mode]`
 * as `x[:mode]`.
 */
function volumesFromEntry(input: ContainerSpecInput, source: string): string {
  if (source.startsWith('container:')) return source.slice('container:'.length);
  const rest = source.startsWith('service:') ? source.slice('service:'.length) : source;
  const [serviceName = '', mode] = rest.split(':');
  const container = firstContainerOfService(input, serviceName, serviceField(input, 'volumes_from'));
  return mode === undefined ? container : `${container}:${mode}`;
}

function copyList(list: readonly string[] | undefined, assign: (copy: string[]) => void): void {
  if (list !== undefined && list.length > 0) assign([...list]);
}
