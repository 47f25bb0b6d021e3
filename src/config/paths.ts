import { homedir } from 'node:os';
import path from 'node:path';
import { isJsonObject, type Json, type JsonObject } from './json.js';

/**
 * Makes the project's relative host paths absolute against `baseDir` (the project directory, or an
 * included project's own) and expands `~`, in place: every service's paths, top-level secret and
 * config `file`s, and the device of a local volume bound to a host directory. `include` entries
 * are resolved when they are loaded, not here.
 */
export function resolveProjectPaths(root: JsonObject, baseDir: string): void {
  const services = root.services;
  if (isJsonObject(services)) {
    for (const service of Object.values(services)) {
      if (isJsonObject(service)) resolveServicePaths(service, baseDir);
    }
  }
  for (const section of ['secrets', 'configs']) {
    const resources = root[section];
    if (!isJsonObject(resources)) continue;
    for (const resource of Object.values(resources)) {
      if (isJsonObject(resource)) resolveKey(resource, 'file', baseDir);
    }
  }
  const volumes = root.volumes;
  if (isJsonObject(volumes)) {
    for (const volume of Object.values(volumes)) {
      if (isJsonObject(volume)) resolveBoundVolumeDevice(volume, baseDir);
    }
  }
}

/**
 * The same for one service, in place: `build.context` (unless a URL or a git remote; a build with no
 * context builds `baseDir`), `build.additional_contexts` paths, `env_file` and `label_file` paths,
 * bind-mount sources, `extends.file` and `develop.watch[].path`. Extends calls this on a service
 * taken from another file, with that file's directory.
 */
export function resolveServicePaths(service: JsonObject, baseDir: string): void {
  const build = service.build;
  if (typeof build === 'string') {
    if (!isRemoteContext(build)) service.build = resolveHostPath(build, baseDir);
  } else if (isJsonObject(build)) {
    const context = build.context;
    if (context === undefined || context === null) build.context = baseDir;
    else if (typeof context === 'string' && !isRemoteContext(context)) build.context = resolveHostPath(context, baseDir);
    const extra = build.additional_contexts;
    if (isJsonObject(extra)) {
      for (const [name, value] of Object.entries(extra)) {
        if (typeof value === 'string' && !isNamedContext(value)) extra[name] = resolveHostPath(value, baseDir);
      }
    }
  }
  resolveFileList(service, 'env_file', baseDir);
  resolveFileList(service, 'label_file', baseDir);
  const volumes = service.volumes;
  if (Array.isArray(volumes)) {
    for (const mount of volumes) {
      if (isJsonObject(mount) && mount.type === 'bind') resolveKey(mount, 'source', baseDir);
    }
  }
  const base = service.extends;
  if (isJsonObject(base)) resolveKey(base, 'file', baseDir);
  const develop = service.develop;
  const watch = isJsonObject(develop) ? develop.watch : undefined;
  if (Array.isArray(watch)) {
    for (const rule of watch) {
      if (isJsonObject(rule)) resolveKey(rule, 'path', baseDir);
    }
  }
}

/**
 * A host path made absolute: `~` and `~/x` expand to the home directory, a relative path joins
 * `baseDir`, an absolute (or Windows) path is only tidied.
 */
export function resolveHostPath(value: string, baseDir: string): string {
  if (isWindowsAbsolute(value)) return value;
  const expanded = value === '~' ? homedir() : value.startsWith('~/') ? path.join(homedir(), value.slice(2)) : value;
  return path.resolve(baseDir, expanded);
}

/** Whether a build context names something to fetch (a URL, a git remote) rather than a directory. */
export function isRemoteContext(context: string): boolean {
  return /^[a-zA-Z][a-zA-Z0-9+.-]*:\/\//.test(context) || context.startsWith('git@') || context.startsWith('github.com/');
}

/** An additional context that is not a directory: a URL, `docker-image://`, `service:` or `target:`. */
function isNamedContext(value: string): boolean {
  return isRemoteContext(value) || /^(service|target):/.test(value);
}

function isWindowsAbsolute(value: string): boolean {
  return /^[A-Za-z]:[\\/]/.test(value) || value.startsWith('\\\\');
}

function resolveKey(owner: JsonObject, key: string, baseDir: string): void {
  const value = owner[key];
  if (typeof value === 'string' && value !== '') owner[key] = resolveHostPath(value, baseDir);
}

/** `env_file` items are `{ path }` in the canonical form, `label_file` items plain strings. */
function resolveFileList(service: JsonObject, key: string, baseDir: string): void {
  const value: Json | undefined = service[key];
  if (typeof value === 'string') {
    service[key] = resolveHostPath(value, baseDir);
    return;
  }
  if (!Array.isArray(value)) return;
  value.forEach((item, index) => {
    if (typeof item === 'string') value[index] = resolveHostPath(item, baseDir);
    else if (isJsonObject(item)) resolveKey(item, 'path', baseDir);
  });
}

/** `driver_opts: { type: none, o: bind, device: ./data }` binds a host directory: resolve it. */
function resolveBoundVolumeDevice(volume: JsonObject, baseDir: string): void {
  const driver = volume.driver;
  const options = volume.driver_opts;
  if ((driver !== undefined && driver !== null && driver !== 'local') || !isJsonObject(options)) return;
  const mountOptions = options.o;
  if (typeof mountOptions !== 'string' || !mountOptions.split(',').includes('bind')) return;
  resolveKey(options, 'device', baseDir);
}
