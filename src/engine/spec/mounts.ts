import type { ServiceMount } from '../../model/index.js';
import type { EngineMount } from '../engine-types.js';
import type { ContainerSpecInput } from './container-input.js';
import { serviceField } from './container-input.js';
import { resolvedGrants } from './file-grants.js';
import { ContainerSpecError } from './spec-error.js';
import { byteCount } from './units.js';

/** A container's mounts, in the two forms the engine takes. */
export interface ContainerMounts {
  /** `source:target[:options]` bind strings. */
  binds: string[];
  mounts: EngineMount[];
}

/** `bind.recursive` values and the bind options each sets; `enabled` is the engine's default. */
const RECURSIVE_OPTIONS: Readonly<Record<string, NonNullable<EngineMount['BindOptions']>>> = {
  enabled: {},
  disabled: { NonRecursive: true },
  writable: { ReadOnlyNonRecursive: true },
  readonly: { ReadOnlyForceRecursive: true },
};

/**
 * The service's `volumes`, then its file-based secrets and configs (bind-mounted read-only).
 *
 * Bind mounts go in the legacy `Binds` form unless they need the mount API. Only `Binds` creates a
 * missing host directory on API 1.41 (the mount API's `CreateMountpoint` arrived in 1.42), and only
 * it applies SELinux relabelling (`z`, `Z`), so a bind with `create_host_path` (the default) or
 * `selinux` is a bind string. `create_host_path: false` uses the mount API, which refuses a missing
 * source: exactly what asking not to create it means. A non-default `bind.recursive` needs the mount
 * API too (`CreateMountpoint` is then set, honoured from API 1.42).
 *
 * Volume `subpath` (API 1.45), image mounts (1.47) and the recursive read-only modes (1.44) are
 * passed on as written: an older engine ignores the field, so a check of the engine's API version
 * belongs to the caller.
 */
export function containerMounts(input: ContainerSpecInput): ContainerMounts {
  const binds: string[] = [];
  const mounts: EngineMount[] = [];
  (input.service.volumes ?? []).forEach((mount, index) => {
    const field = serviceField(input, `volumes[${index}]`);
    if (mount.type === 'bind' && !needsMountApi(mount)) binds.push(bindString(mount, field));
    else mounts.push(engineMount(input, mount, field));
  });
  for (const { origin, target } of resolvedGrants(input)) {
    if ('file' in origin) mounts.push({ Type: 'bind', Source: origin.file, Target: target, ReadOnly: true });
  }
  return { binds, mounts };
}

function needsMountApi(mount: ServiceMount): boolean {
  const bind = mount.bind;
  if (bind === undefined) return false;
  if (bind.recursive !== undefined && bind.recursive !== 'enabled') return true;
  return bind.create_host_path === false && (bind.selinux === undefined || bind.selinux === '');
}

/** `source:target[:ro][,z|Z][,propagation]`. */
function bindString(mount: ServiceMount, field: string): string {
  const options: string[] = [];
  if (mount.read_only === true) options.push('ro');
  if (mount.bind?.selinux !== undefined && mount.bind.selinux !== '') options.push(mount.bind.selinux);
  if (mount.bind?.propagation !== undefined && mount.bind.propagation !== '') options.push(mount.bind.propagation);
  const spec = `${requiredSource(mount, field)}:${mount.target}`;
  return options.length > 0 ? `${spec}:${options.join(',')}` : spec;
}

function engineMount(input: ContainerSpecInput, mount: ServiceMount, field: string): EngineMount {
  const engine: EngineMount = { Type: mount.type, Target: mount.target };
  if (mount.read_only === true) engine.ReadOnly = true;
  if (mount.consistency !== undefined) engine.Consistency = mount.consistency;
  switch (mount.type) {
    case 'bind': {
      engine.Source = requiredSource(mount, field);
      const recursive = mount.bind?.recursive;
      const options: NonNullable<EngineMount['BindOptions']> = {};
      if (recursive !== undefined) {
        const flags = RECURSIVE_OPTIONS[recursive];
        if (flags === undefined) {
          throw new ContainerSpecError(`${field}.bind.recursive: "${recursive}" is not one of enabled, disabled, writable, readonly`);
        }
        Object.assign(options, flags);
      }
      if (mount.bind?.propagation !== undefined && mount.bind.propagation !== '') options.Propagation = mount.bind.propagation;
      if (mount.bind?.create_host_path === true) options.CreateMountpoint = true;
      if (Object.keys(options).length > 0) engine.BindOptions = options;
      break;
    }
    case 'volume': {
      const source = volumeSource(input, mount, field);
      if (source !== undefined) engine.Source = source;
      const options: NonNullable<EngineMount['VolumeOptions']> = {};
      if (mount.volume?.nocopy === true) options.NoCopy = true;
      if (mount.volume?.subpath !== undefined && mount.volume.subpath !== '') options.Subpath = mount.volume.subpath;
      if (mount.volume?.labels !== undefined && Object.keys(mount.volume.labels).length > 0) {
        options.Labels = { ...mount.volume.labels };
      }
      if (Object.keys(options).length > 0) engine.VolumeOptions = options;
      break;
    }
    case 'tmpfs': {
      const options: NonNullable<EngineMount['TmpfsOptions']> = {};
      if (mount.tmpfs?.size !== undefined) options.SizeBytes = byteCount(mount.tmpfs.size, `${field}.tmpfs.size`);
      if (mount.tmpfs?.mode !== undefined) options.Mode = mount.tmpfs.mode;
      if (Object.keys(options).length > 0) engine.TmpfsOptions = options;
      break;
    }
    case 'image': {
      engine.Source = requiredSource(mount, field);
      if (mount.image?.subpath !== undefined && mount.image.subpath !== '') engine.ImageOptions = { Subpath: mount.image.subpath };
      break;
    }
    case 'npipe':
    case 'cluster':
      engine.Source = requiredSource(mount, field);
      break;
  }
  return engine;
}

/**
 * A named volume's engine name (from the top-level definition: `<project>_<key>`, or the external
 * name); for an anonymous one, the volume a replaced container had at the same target, if any.
 */
function volumeSource(input: ContainerSpecInput, mount: ServiceMount, field: string): string | undefined {
  if (mount.source === undefined || mount.source === '') return input.anonymousVolumes?.[mount.target];
  const definition = input.project.volumes?.[mount.source];
  if (definition === undefined) {
    throw new ContainerSpecError(`${field}: volume "${mount.source}" is not defined in the top-level volumes`, {
      hint: `add "${mount.source}:" under volumes:, or start the source with ./ or / for a host path`,
    });
  }
  return definition.name;
}

function requiredSource(mount: ServiceMount, field: string): string {
  if (mount.source === undefined || mount.source === '') {
    throw new ContainerSpecError(`${field}: a ${mount.type} mount needs a source`);
  }
  return mount.source;
}
