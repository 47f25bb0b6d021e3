import { ShortSyntaxError } from './short-syntax-error.js';

/** A service mount in the long form, as the short syntax can express it. */
export interface VolumeMount {
  type: 'bind' | 'volume';
  source?: string;
  target: string;
  read_only?: boolean;
  consistency?: string;
  bind?: { propagation?: string; create_host_path?: boolean; selinux?: string };
  volume?: { nocopy?: boolean };
}

const PROPAGATIONS = new Set(['shared', 'rshared', 'slave', 'rslave', 'private', 'rprivate']);
const CONSISTENCIES = new Set(['consistent', 'cached', 'delegated']);

/**
 * Reads `[SOURCE:]TARGET[:OPTIONS]`. A source that is a path (starting `.`, `/` or `~`, or a Windows
 * drive) makes a bind mount that creates its host directory when missing, as the legacy short syntax
 * always did; any other source names a volume; no source is an anonymous volume.
 */
export function parseVolumeShortSyntax(spec: string): VolumeMount {
  const parts = splitVolumeSpec(spec);
  if (parts.length > 3) throw new ShortSyntaxError(`invalid volume "${spec}": too many colons`);
  const [first, second, options] = parts;
  if (first === undefined || first === '') throw new ShortSyntaxError(`invalid volume "${spec}": empty section`);
  if (parts.length === 1) return { type: 'volume', target: first, volume: {} };
  if (second === undefined || second === '') {
    throw new ShortSyntaxError(`invalid volume "${spec}": no container path`);
  }
  const mount: VolumeMount = isHostPath(first)
    ? { type: 'bind', source: first, target: second, bind: { create_host_path: true } }
    : { type: 'volume', source: first, target: second, volume: {} };
  if (options !== undefined) applyOptions(mount, options, spec);
  return mount;
}

/** Whether a short-syntax source names a host path rather than a volume. */
export function isHostPath(source: string): boolean {
  return /^[./~]/.test(source) || isWindowsPath(source);
}

function isWindowsPath(text: string): boolean {
  return /^[A-Za-z]:[\\/]/.test(text) || text.startsWith('\\\\');
}

/** Splits on `:` except the one of a Windows drive letter (`C:\data:/data`). */
function splitVolumeSpec(spec: string): string[] {
  const parts: string[] = [];
  let rest = spec;
  while (rest !== '') {
    const skip = isWindowsPath(rest) ? 2 : 0;
    const at = rest.indexOf(':', skip);
    if (at === -1) {
      parts.push(rest);
      break;
    }
    parts.push(rest.slice(0, at));
    rest = rest.slice(at + 1);
    if (rest === '') parts.push('');
  }
  return parts;
}

function applyOptions(mount: VolumeMount, options: string, spec: string): void {
  for (const option of options.split(',')) {
    if (option === 'ro') mount.read_only = true;
    else if (option === 'rw') mount.read_only = false;
    else if (option === 'nocopy') {
      if (mount.type !== 'volume') throw new ShortSyntaxError(`invalid volume "${spec}": nocopy applies to volumes only`);
      mount.volume = { ...mount.volume, nocopy: true };
    } else if (option === 'z' || option === 'Z') {
      if (mount.type !== 'bind') throw new ShortSyntaxError(`invalid volume "${spec}": ${option} applies to bind mounts only`);
      mount.bind = { ...mount.bind, selinux: option };
    } else if (PROPAGATIONS.has(option)) {
      if (mount.type !== 'bind') throw new ShortSyntaxError(`invalid volume "${spec}": ${option} applies to bind mounts only`);
      mount.bind = { ...mount.bind, propagation: option };
    } else if (CONSISTENCIES.has(option)) mount.consistency = option;
    else throw new ShortSyntaxError(`invalid volume "${spec}": unknown option "${option}"`);
  }
  // rw is the default: saying so adds nothing to the long form.
  if (mount.read_only === false) delete mount.read_only;
}
