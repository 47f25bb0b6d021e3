import { stat } from 'node:fs/promises';
import path from 'node:path';
import { ConfigError } from './config-error.js';

/** The compose files to load, in order, and the directory relative paths in them are resolved from. */
export interface DiscoveredFiles {
  /** Absolute paths, or `-` for standard input. */
  files: string[];
  projectDir: string;
  /** True when no `-f` and no `COMPOSE_FILE` named the files, so a `.env` may still name them. */
  fromSearch: boolean;
}

/** What discovery looks at: the flags, the directory it runs in and the OS environment. */
export interface DiscoverOptions {
  workingDir: string;
  /** `-f`, in order; `-` means standard input. */
  files?: readonly string[];
  /** `--project-directory`. */
  projectDirectory?: string;
  env: Readonly<Record<string, string | undefined>>;
  onWarning?(message: string): void;
}

/** The names a compose file may have, in order of preference. */
export const COMPOSE_FILE_NAMES: readonly string[] = [
  'compose.yaml',
  'compose.yml',
  'docker-compose.yml',
  'docker-compose.yaml',
];

/** The names of the override file picked up beside the compose file found by the search. */
export const OVERRIDE_FILE_NAMES: readonly string[] = [
  'compose.override.yml',
  'compose.override.yaml',
  'docker-compose.override.yml',
  'docker-compose.override.yaml',
];

/**
 * Finds the compose files: `-f`, else `COMPOSE_FILE`, else the first compose file in the working
 * directory or the nearest parent that has one, with its override file.
 */
export async function discoverFiles(options: DiscoverOptions): Promise<DiscoveredFiles> {
  const workingDir = path.resolve(options.workingDir);
  const projectDirectory =
    options.projectDirectory === undefined || options.projectDirectory === ''
      ? undefined
      : path.resolve(workingDir, options.projectDirectory);

  const named = explicitFiles(options, workingDir);
  if (named !== undefined) {
    return { files: named, projectDir: projectDirectory ?? projectDirOf(named, workingDir), fromSearch: false };
  }

  // --project-directory also moves where the search starts, as it does for docker compose.
  const found = await searchUpward(projectDirectory ?? workingDir, options.onWarning);
  return { files: found, projectDir: projectDirectory ?? projectDirOf(found, workingDir), fromSearch: true };
}

/** `-f` or `COMPOSE_FILE` as absolute paths, or undefined when neither names a file. */
function explicitFiles(options: DiscoverOptions, workingDir: string): string[] | undefined {
  const absolute = (file: string): string => (file === '-' ? '-' : path.resolve(workingDir, file));
  if (options.files !== undefined && options.files.length > 0) return options.files.map(absolute);

  const composeFile = options.env.COMPOSE_FILE;
  if (composeFile === undefined || composeFile === '') return undefined;
  const separator = options.env.COMPOSE_PATH_SEPARATOR || path.delimiter;
  const files = composeFile.split(separator).filter((file) => file !== '');
  return files.length > 0 ? files.map(absolute) : undefined;
}

/** The directory of the first file; standard input has none, so the working directory stands in. */
function projectDirOf(files: readonly string[], workingDir: string): string {
  const first = files[0];
  return first === undefined || first === '-' ? workingDir : path.dirname(first);
}

async function searchUpward(start: string, onWarning?: (message: string) => void): Promise<string[]> {
  let dir = start;
  for (;;) {
    const candidates = await existingFiles(dir, COMPOSE_FILE_NAMES);
    const winner = candidates[0];
    if (winner !== undefined) {
      warnIfSeveral(candidates, 'config files', onWarning);
      const overrides = await existingFiles(dir, OVERRIDE_FILE_NAMES);
      warnIfSeveral(overrides, 'override files', onWarning);
      const override = overrides[0];
      return override === undefined ? [winner] : [winner, override];
    }
    const parent = path.dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  throw new ConfigError('no configuration file provided: not found', {}, {
    hint: `no ${COMPOSE_FILE_NAMES.join(', ')} in ${start} or its parents; name one with -f or COMPOSE_FILE`,
  });
}

function warnIfSeveral(files: readonly string[], what: string, onWarning?: (message: string) => void): void {
  if (files.length < 2 || !onWarning) return;
  onWarning(`Found multiple ${what} with supported names: ${files.join(', ')}. Using ${files[0] ?? ''}`);
}

async function existingFiles(dir: string, names: readonly string[]): Promise<string[]> {
  const checks = await Promise.all(
    names.map(async (name) => {
      const file = path.join(dir, name);
      return (await isFile(file)) ? file : undefined;
    }),
  );
  return checks.filter((file): file is string => file !== undefined);
}

async function isFile(file: string): Promise<boolean> {
  try {
    return (await stat(file)).isFile();
  } catch {
    // Missing or unreadable directories along the way simply hold no compose file.
    return false;
  }
}
