import { configErrorAt } from '../config-error.js';
import { isJsonObject, type Json, type JsonObject, type PathSegment } from '../json.js';
import { ownPositionOf, positionOf, setOwnPosition } from '../source-map.js';
import { toBooleanIfBoolean } from '../syntax/boolean.js';
import { normalizeDuration } from '../syntax/duration.js';
import { toWholeNumber } from '../syntax/scalar.js';
import { ShortSyntaxError } from '../syntax/short-syntax-error.js';
import { splitShellWords } from '../syntax/shell-words.js';
import type { ServiceUnderNormalization } from './context.js';
import { normalizeDependencies } from './dependencies.js';
import { normalizeDeploy, normalizeDeviceRequests } from './deploy.js';
import { resolveEnvironment, resolveLabelFiles } from './env-files.js';
import { removeKey } from './remove-key.js';
import { normalizeStringMapping, stringifyValues } from './string-maps.js';
import { normalizeServiceUnits } from './units.js';

/** Flags docker compose leaves out of its output when false. */
const OMITTED_WHEN_FALSE = ['privileged', 'read_only', 'stdin_open', 'tty', 'oom_kill_disable'];

/** Collections docker compose leaves out of its output when empty. */
const OMITTED_WHEN_EMPTY = [
  'annotations',
  'cap_add',
  'cap_drop',
  'configs',
  'depends_on',
  'devices',
  'dns',
  'dns_opt',
  'dns_search',
  'environment',
  'expose',
  'external_links',
  'extra_hosts',
  'group_add',
  'labels',
  'links',
  'ports',
  'profiles',
  'secrets',
  'security_opt',
  'sysctls',
  'tmpfs',
  'ulimits',
  'volumes',
  'volumes_from',
];

/** Mappings docker compose prints as text, an unset (null) value as the empty string. */
const STRING_MAPPINGS = ['labels', 'annotations', 'sysctls'];

/** Service durations, by key path below the service. */
const DURATIONS: readonly (readonly string[])[] = [
  ['stop_grace_period'],
  ['healthcheck', 'interval'],
  ['healthcheck', 'timeout'],
  ['healthcheck', 'start_period'],
  ['healthcheck', 'start_interval'],
  ['deploy', 'update_config', 'delay'],
  ['deploy', 'update_config', 'monitor'],
  ['deploy', 'rollback_config', 'delay'],
  ['deploy', 'rollback_config', 'monitor'],
  ['deploy', 'restart_policy', 'delay'],
  ['deploy', 'restart_policy', 'window'],
];

/**
 * Brings one service to the shape docker compose prints: defaults filled in, environment and
 * labels resolved from their files, commands split into words, implied dependencies and the
 * implicit `default` network added, byte sizes as counts of bytes, CPU counts as numbers, option
 * and label values as text, and empty or false leftovers dropped.
 */
export async function normalizeService(unit: ServiceUnderNormalization): Promise<void> {
  const { service } = unit;
  delete service.extends;
  normalizeBuild(unit);
  normalizeCommand(unit, [], 'command');
  normalizeCommand(unit, [], 'entrypoint');
  await resolveEnvironment(unit);
  await resolveLabelFiles(unit);
  for (const key of STRING_MAPPINGS) stringifyValues(service[key]);
  normalizeStringMapping(service, 'storage_opt');
  if (isJsonObject(service.logging)) normalizeStringMapping(service.logging, 'options');
  normalizeDeviceRequests(service.gpus);
  normalizeExtraHosts(service);
  normalizeHealthcheck(unit);
  normalizeHooks(unit);
  normalizePorts(service);
  normalizeVolumes(service);
  normalizeFileReferences(service, 'secrets', (source) => `/run/secrets/${source}`);
  normalizeFileReferences(service, 'configs', (source) => `/${source}`);
  normalizeDependencies(service);
  normalizeServiceNetworks(service);
  normalizeServiceUnits(service);
  normalizeDeploy(service);
  for (const keys of DURATIONS) normalizeDurationAt(service, keys);
  for (const key of OMITTED_WHEN_FALSE) {
    if (key in service) service[key] = toBooleanIfBoolean(service[key] ?? null);
    if (service[key] === false) removeKey(service, key);
  }
  for (const key of OMITTED_WHEN_EMPTY) {
    if (isEmptyCollection(service[key])) removeKey(service, key);
  }
}

function normalizeBuild({ service, ctx }: ServiceUnderNormalization): void {
  const build = service.build;
  if (!isJsonObject(build)) return;
  // Path resolution normally sets the context; without it the project directory is what `.` means.
  if (build.context === undefined || build.context === null) build.context = ctx.projectDir;
  if (build.dockerfile === undefined && build.dockerfile_inline === undefined) build.dockerfile = 'Dockerfile';
  const args = build.args;
  if (isJsonObject(args)) {
    for (const [name, value] of Object.entries(args)) {
      if (value === null) args[name] = ctx.environment.get(name) ?? null;
    }
  }
  stringifyValues(build.labels);
  normalizeExtraHosts(build);
  normalizeFileReferences(build, 'secrets', () => undefined);
  for (const key of ['no_cache', 'pull', 'privileged']) {
    if (key in build) build[key] = toBooleanIfBoolean(build[key] ?? null);
    if (build[key] === false) removeKey(build, key);
  }
  for (const key of ['args', 'labels', 'additional_contexts', 'cache_from', 'cache_to', 'tags', 'platforms']) {
    if (isEmptyCollection(build[key])) removeKey(build, key);
  }
}

/**
 * A command written as one string is split into words as a shell would, without running a shell.
 * Absent, docker compose prints it as null.
 */
function normalizeCommand(unit: ServiceUnderNormalization, at: PathSegment[], key: string): void {
  const owner = ownerAt(unit.service, at);
  if (!owner) return;
  const value = owner[key];
  if (value === undefined && at.length === 0) {
    owner[key] = null;
    return;
  }
  if (typeof value !== 'string') return;
  try {
    owner[key] = splitShellWords(value);
  } catch (error) {
    if (!(error instanceof ShortSyntaxError)) throw error;
    throw configErrorAt(unit.root, [...unit.path, ...at, key], error.message, { cause: error });
  }
}

function normalizeHealthcheck(unit: ServiceUnderNormalization): void {
  const healthcheck = unit.service.healthcheck;
  if (!isJsonObject(healthcheck)) return;
  // A string test is run by the container's shell.
  if (typeof healthcheck.test === 'string') healthcheck.test = ['CMD-SHELL', healthcheck.test];
  if ('disable' in healthcheck) healthcheck.disable = toBooleanIfBoolean(healthcheck.disable ?? null);
  if (healthcheck.disable === false) delete healthcheck.disable;
  const retries = toWholeNumber(healthcheck.retries);
  if (retries !== undefined) healthcheck.retries = retries;
}

/** Lifecycle hooks and `sync+exec` watch rules run commands too. */
function normalizeHooks(unit: ServiceUnderNormalization): void {
  for (const key of ['post_start', 'pre_stop']) {
    const hooks = unit.service[key];
    if (!Array.isArray(hooks)) continue;
    hooks.forEach((_, index) => normalizeCommand(unit, [key, index], 'command'));
  }
  const develop = unit.service.develop;
  const watch = isJsonObject(develop) ? develop.watch : undefined;
  if (!Array.isArray(watch)) return;
  watch.forEach((_, index) => normalizeCommand(unit, ['develop', 'watch', index, 'exec'], 'command'));
}

/** Ports: protocol `tcp` and mode `ingress` by default, the target a number, published a string. */
function normalizePorts(service: JsonObject): void {
  const ports = service.ports;
  if (!Array.isArray(ports)) return;
  for (const port of ports) {
    if (!isJsonObject(port)) continue;
    if (port.mode === undefined) port.mode = 'ingress';
    if (port.protocol === undefined) port.protocol = 'tcp';
    const target = toWholeNumber(port.target);
    if (target !== undefined) port.target = target;
    if (typeof port.published === 'number') port.published = String(port.published);
    if (port.published === '' || port.published === null) delete port.published;
  }
}

/** Bind mounts create a missing host directory unless told not to; volume labels are text. */
function normalizeVolumes(service: JsonObject): void {
  const volumes = service.volumes;
  if (!Array.isArray(volumes)) return;
  for (const mount of volumes) {
    if (!isJsonObject(mount)) continue;
    if ('read_only' in mount) mount.read_only = toBooleanIfBoolean(mount.read_only ?? null);
    if (mount.read_only === false) delete mount.read_only;
    if (isJsonObject(mount.volume)) normalizeStringMapping(mount.volume, 'labels');
    if (mount.type !== 'bind') continue;
    const bind = isJsonObject(mount.bind) ? mount.bind : (mount.bind = {});
    bind.create_host_path =
      bind.create_host_path === undefined ? true : toBooleanIfBoolean(bind.create_host_path);
  }
}

/**
 * Secret and config grants without a target get their mount path: a secret's is
 * `/run/secrets/<source>`, a config's `/<source>`. A target that is written is kept as written,
 * relative or not: the engine, not the loader, decides where a relative one lands.
 */
function normalizeFileReferences(
  owner: JsonObject,
  key: 'secrets' | 'configs',
  defaultTarget: (source: string) => string | undefined,
): void {
  const list = owner[key];
  if (!Array.isArray(list)) return;
  for (const grant of list) {
    if (!isJsonObject(grant) || typeof grant.source !== 'string') continue;
    const target = grant.target;
    if (target !== undefined && target !== null && target !== '') continue;
    const fallback = defaultTarget(grant.source);
    if (fallback !== undefined) grant.target = fallback;
  }
}

/**
 * A service that names no network and no network mode joins the project's `default` network.
 * Attachment driver options are text.
 */
function normalizeServiceNetworks(service: JsonObject): void {
  const networks = service.networks;
  if (isJsonObject(networks)) {
    for (const attachment of Object.values(networks)) {
      if (isJsonObject(attachment)) normalizeStringMapping(attachment, 'driver_opts');
    }
  }
  if (service.network_mode !== undefined && service.network_mode !== null) return;
  if (networks !== undefined && networks !== null && !isEmptyCollection(networks)) return;
  const implicit: JsonObject = { default: null };
  const own = isJsonObject(networks) ? ownPositionOf(networks) : positionOf(service, 'networks');
  if (own) setOwnPosition(implicit, own);
  service.networks = implicit;
}

/** `HOST -> [addresses]` is printed as a sorted list of `HOST=ADDRESS`. */
function normalizeExtraHosts(owner: JsonObject): void {
  const hosts = owner.extra_hosts;
  if (!isJsonObject(hosts)) return;
  const lines: string[] = [];
  for (const [host, addresses] of Object.entries(hosts)) {
    const list = Array.isArray(addresses) ? addresses : [addresses];
    for (const address of list) {
      if (typeof address === 'string') lines.push(`${host}=${address}`);
    }
  }
  lines.sort();
  owner.extra_hosts = lines;
}

function normalizeDurationAt(service: JsonObject, keys: readonly string[]): void {
  const last = keys[keys.length - 1];
  const owner = ownerAt(service, keys.slice(0, -1));
  if (!owner || last === undefined) return;
  const value = owner[last];
  if (typeof value === 'string') owner[last] = normalizeDuration(value);
}

function ownerAt(start: JsonObject, at: readonly PathSegment[]): JsonObject | undefined {
  let current: Json | undefined = start;
  for (const segment of at) {
    if (Array.isArray(current) && typeof segment === 'number') current = current[segment];
    else if (isJsonObject(current) && typeof segment === 'string') current = current[segment];
    else return undefined;
  }
  return isJsonObject(current) ? current : undefined;
}

function isEmptyCollection(value: Json | undefined): boolean {
  if (Array.isArray(value)) return value.length === 0;
  return isJsonObject(value) && Object.keys(value).length === 0;
}
