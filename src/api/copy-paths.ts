// `cp`'s arguments and docker cp's rules for where a copy lands, as pure functions.

import path from 'node:path';
import { BerthError } from '../errors.js';

/** One side of a copy: a host path, a path in a service's container, or `-` (a tar stream). */
export type CopyEndpoint = { kind: 'host'; path: string } | { kind: 'service'; service: string; path: string } | { kind: 'stream' };

/**
 * `SERVICE:PATH`, a host path, or `-`, read as the docker CLI reads `CONTAINER:PATH`: an absolute
 * path is the host's even with a colon in it, and so is a path starting with `.` (`./a:b`).
 */
export function parseCopyEndpoint(argument: string): CopyEndpoint {
  if (argument === '-') return { kind: 'stream' };
  if (path.isAbsolute(argument)) return { kind: 'host', path: argument };
  const colon = argument.indexOf(':');
  if (colon === -1 || argument.startsWith('.')) return { kind: 'host', path: argument };
  const service = argument.slice(0, colon);
  if (service === '') return { kind: 'host', path: argument };
  return { kind: 'service', service, path: argument.slice(colon + 1) };
}

/** What is known of the source. */
export interface CopySource {
  isDirectory: boolean;
  /** The name the source has (`hosts`, `etc`). */
  baseName: string;
  /** Written `DIR/.`: the directory's contents are copied, not the directory. */
  contentsOnly: boolean;
}

/** What is known of the destination. */
export interface CopyDestination {
  /** As written. */
  path: string;
  exists: boolean;
  isDirectory: boolean;
}

/**
 * Where the source lands: inside the existing `directory`, under `name` (the source's own or the
 * destination's), or with `name` undefined, its contents straight into `directory`.
 */
export interface CopyPlacement {
  directory: string;
  name: string | undefined;
}

/**
 * docker cp's rules. A file goes into an existing directory under its own name, over an existing
 * file, or to a new file named by the destination (whose directory must exist; a destination
 * ending in `/` must be an existing directory). A directory goes into an existing directory under
 * its own name (its contents only when written `DIR/.`), or becomes the destination when that does
 * not exist; it cannot replace a file. `paths` is the path module of the destination's side.
 */
export function placeCopy(source: CopySource, destination: CopyDestination, paths: path.PlatformPath = path.posix): CopyPlacement {
  const trailing = /[/\\]$/.test(destination.path) || /[/\\]\.$/.test(destination.path) || destination.path === '.';
  if (destination.exists && destination.isDirectory) {
    return { directory: destination.path, name: source.isDirectory && source.contentsOnly ? undefined : source.baseName };
  }
  if (source.isDirectory) {
    if (destination.exists) throw new BerthError('cp', `cannot copy a directory to a file: ${destination.path} is a file`);
  } else if (trailing) {
    throw new BerthError('cp', `${destination.path} is not a directory`, {
      hint: destination.exists ? 'name a directory, or leave out the trailing /' : 'create the directory first, or leave out the trailing / to copy to a file of that name',
    });
  }
  const resolved = paths.normalize(destination.path);
  return { directory: paths.dirname(resolved), name: paths.basename(resolved) };
}

/** `DIR/.` (or `DIR/./`): the contents of DIR rather than DIR itself. */
export function isContentsOnly(sourcePath: string): boolean {
  return /(^|[/\\])\.[/\\]?$/.test(sourcePath);
}
