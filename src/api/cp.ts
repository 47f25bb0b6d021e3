import { lstat, stat } from 'node:fs/promises';
import path from 'node:path';
import type { Backend, ContainerSummary } from '../engine/backend.js';
import { packHostPath } from '../engine/archive/pack.js';
import { readTar, type TarEntry } from '../engine/archive/tar-reader.js';
import { unpackToHost } from '../engine/archive/unpack.js';
import { EngineError } from '../engine/engine-errors.js';
import { BerthError } from '../errors.js';
import { isContentsOnly, parseCopyEndpoint, placeCopy, type CopySource } from './copy-paths.js';
import { openProject, type ProjectOptions } from './project-context.js';
import { reportStep } from './report-step.js';
import { serviceContainer, serviceContainers } from './service-container.js';

/** `cp SRC DEST`, one of them `SERVICE:PATH`: docker compose's flags, as options. */
export interface CopyOptions extends ProjectOptions {
  /** `SERVICE:PATH`, a host path, or `-` (a tar archive on standard input). */
  source: string;
  /** `SERVICE:PATH`, a host path, or `-` (the tar archive returned as `archive`). */
  destination: string;
  /** `-a`: keep uid and gid; otherwise copies into a container are root's, copies out the user's. */
  archive?: boolean;
  /** `-L`: when the source is a symlink, copy what it points to. */
  followLink?: boolean;
  /** The replica (`--index`). Out of a service: the lowest-numbered when absent; into one: every container when absent. */
  index?: number;
  /** `--all`: `run` containers too. */
  all?: boolean;
  /** The tar archive to copy in when the source is `-`. */
  archiveInput?: Buffer;
}

export interface CopyResult {
  /** The containers copied from or into. */
  containers: string[];
  /** The archive, when the destination was `-`. */
  archive?: Buffer;
}

const EMPTY_ARCHIVE = Buffer.alloc(1024);
/** How many symlinks `-L` follows in a container before giving up (a loop). */
const MAX_LINKS = 16;

/**
 * Copies between a service's container and the host, by docker cp's rules (see placeCopy). Host
 * paths are relative to `workingDir` (the current directory), container paths to the container's
 * root. Containers may be stopped.
 */
export async function cp(options: CopyOptions): Promise<CopyResult> {
  const source = parseCopyEndpoint(options.source);
  const destination = parseCopyEndpoint(options.destination);
  if (source.kind === 'service' && destination.kind === 'service') {
    throw new BerthError('cp', 'copying between services is not supported', { hint: 'copy to the host first, then from there' });
  }
  if (source.kind !== 'service' && destination.kind !== 'service') {
    throw new BerthError('cp', 'one of the paths must be SERVICE:PATH', { hint: 'e.g. berth cp web:/etc/hosts ./hosts, or berth cp ./config web:/app/' });
  }
  const service = source.kind === 'service' ? source.service : destination.kind === 'service' ? destination.service : '';
  const { project, backend, onProgress } = await openProject({ ...options, services: [service] });
  const cwd = options.workingDir ?? process.cwd();

  if (source.kind === 'service') {
    const container = await serviceContainer(backend, project.name, { service, index: options.index, running: false, includeOneOff: options.all === true });
    const target = { resource: 'Container' as const, name: container.name };
    const archive = await reportStep(onProgress, target, { working: 'Copying', done: 'Copied' }, async () => {
      const fetched = await fetchArchive(backend, container, containerPath(source.path), options.followLink === true);
      if (destination.kind !== 'host') return fetched.archive;
      await unpackFetched(fetched, cwd, destination.path, options.archive === true);
      return undefined;
    });
    return { containers: [container.name], ...(archive === undefined ? {} : { archive }) };
  }

  if (destination.kind !== 'service') throw new BerthError('cp', 'one of the paths must be SERVICE:PATH');
  const containers = await serviceContainers(backend, project.name, { service, index: options.index, running: false, includeOneOff: options.all === true });
  const destinationPath = containerPath(destination.path);
  const local = source.kind === 'host' ? await hostSource(path.resolve(cwd, source.path), source.path, options.followLink === true) : undefined;
  for (const container of containers) {
    await reportStep(onProgress, { resource: 'Container', name: container.name }, { working: 'Copying', done: 'Copied' }, async () => {
      if (local === undefined) {
        const input = options.archiveInput ?? EMPTY_ARCHIVE;
        await putInto(backend, container, destinationPath, input);
        return;
      }
      const placement = placeCopy(local.facts, await containerDestination(backend, container, destinationPath, local.facts.isDirectory));
      const archive = await packHostPath(local.file, placement.name, { followLink: options.followLink === true, keepOwner: options.archive === true });
      await putInto(backend, container, placement.directory, archive);
    });
  }
  return { containers: containers.map((container) => container.name) };
}

/** An archive from a container, read, with the name its root entry has. */
interface FetchedArchive {
  archive: Buffer;
  entries: TarEntry[];
  root: TarEntry;
  facts: CopySource;
}

/** `getArchive` of the path; with followLink, of what a symlink there points to (named as the link). */
async function fetchArchive(backend: Backend, container: ContainerSummary, sourcePath: string, followLink: boolean): Promise<FetchedArchive> {
  const baseName = path.posix.basename(sourcePath);
  let current = sourcePath;
  for (let hops = 0; ; hops++) {
    const archive = await archiveOf(backend, container, current);
    const entries = readTar(archive);
    const [root] = entries;
    if (root === undefined) throw new BerthError('cp', `${container.name} sent an empty archive for ${current}`);
    if (followLink && root.type === 'symlink' && hops < MAX_LINKS) {
      current = path.posix.resolve(path.posix.dirname(current), root.linkTarget);
      continue;
    }
    const contentsOnly = isContentsOnly(sourcePath);
    return { archive, entries, root, facts: { isDirectory: root.type === 'directory', baseName: contentsOnly ? '.' : baseName, contentsOnly } };
  }
}

async function archiveOf(backend: Backend, container: ContainerSummary, sourcePath: string): Promise<Buffer> {
  try {
    return await backend.getArchive(container.id, sourcePath);
  } catch (error) {
    if (error instanceof EngineError && error.statusCode === 404) {
      throw new BerthError('cp', `no such file or directory in ${container.name}: ${sourcePath}`, { cause: error });
    }
    throw error;
  }
}

/** Writes a fetched archive where docker cp would put it on the host (`written` relative to `cwd`). */
async function unpackFetched(fetched: FetchedArchive, cwd: string, written: string, keepOwner: boolean): Promise<void> {
  const destination = path.resolve(cwd, written);
  const found = await stat(destination).catch(() => undefined);
  // resolve() drops a trailing slash, which says "a directory" and so must be kept for the rules.
  const trailing = /[/\\]\.?$/.test(written) ? path.sep : '';
  const placement = placeCopy(fetched.facts, { path: `${destination}${trailing}`, exists: found !== undefined, isDirectory: found?.isDirectory() === true }, path);
  const parent = await stat(placement.directory).catch(() => undefined);
  if (parent?.isDirectory() !== true) throw new BerthError('cp', `no such directory: ${placement.directory}`);
  const target = placement.name === undefined ? placement.directory : path.join(placement.directory, placement.name);
  await unpackToHost(fetched.entries, { root: fetched.root.path, target, keepOwner });
}

/** The host source and what docker cp's rules need to know of it. */
async function hostSource(file: string, written: string, followLink: boolean): Promise<{ file: string; facts: CopySource }> {
  const found = await (followLink ? stat(file) : lstat(file)).catch(() => undefined);
  if (found === undefined) throw new BerthError('cp', `no such file or directory: ${written}`);
  if (/[/\\]$/.test(written) && !found.isDirectory()) throw new BerthError('cp', `${written} is not a directory`);
  return { file, facts: { isDirectory: found.isDirectory(), baseName: path.basename(file), contentsOnly: isContentsOnly(written) } };
}

/**
 * Whether the destination is a directory in the container: putting an empty archive there
 * succeeds only for one, and changes nothing. Only when a directory is copied is it worth asking
 * whether something else is there (a file it cannot replace).
 */
async function containerDestination(backend: Backend, container: ContainerSummary, destination: string, sourceIsDirectory: boolean): Promise<{ path: string; exists: boolean; isDirectory: boolean }> {
  try {
    await backend.putArchive(container.id, destination, EMPTY_ARCHIVE);
    return { path: destination, exists: true, isDirectory: true };
  } catch (error) {
    // `extraction point is not a directory`, or nothing there at all.
    if (!(error instanceof EngineError)) throw error;
  }
  if (!sourceIsDirectory) return { path: destination, exists: false, isDirectory: false };
  const exists = await backend.getArchive(container.id, destination).then(
    () => true,
    () => false,
  );
  return { path: destination, exists, isDirectory: false };
}

/** Puts an archive into an existing directory of the container. */
async function putInto(backend: Backend, container: ContainerSummary, directory: string, archive: Buffer): Promise<void> {
  try {
    await backend.putArchive(container.id, directory, archive);
  } catch (error) {
    if (error instanceof EngineError && error.statusCode === 404) {
      throw new BerthError('cp', `no such directory in ${container.name}: ${directory}`, { cause: error });
    }
    throw error;
  }
}

/** A container path as the engine takes it: absolute (relative ones are from the root, as docker cp has them). */
function containerPath(written: string): string {
  if (written === '') return '/';
  return written.startsWith('/') ? written : `/${written}`;
}
