import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { ConfigError } from '../config/config-error.js';
import { discoverFiles } from '../config/discover.js';
import { loadEnvironment } from '../config/environment.js';
import { parseCompose, type ParsedDocument } from '../config/parse.js';
import type { LoadOptions } from '../config/load.js';

/** Loads a compose project into the normalized model: the library's main entry point. */
export { loadProject } from '../config/load.js';
/** What loadProject takes and what it returns. */
export type { LoadOptions, LoadedProject } from '../config/load.js';

/** The compose files a project is made of, parsed but not interpolated, merged or checked. */
export interface ComposeDocuments {
  /** Absolute paths, or `-` for standard input, in load order. */
  files: string[];
  /** Every YAML document of every file, in load order. */
  documents: ParsedDocument[];
}

/**
 * Finds and parses the compose files the way `loadProject` would, and stops there: for looking at
 * what the files say (which variables they use) even when they would not load as they are.
 */
export async function loadComposeDocuments(options: LoadOptions = {}): Promise<ComposeDocuments> {
  const osEnv = options.env ?? process.env;
  const workingDir = path.resolve(options.workingDir ?? process.cwd());
  const base = { workingDir, files: options.files, projectDirectory: options.projectDirectory, onWarning: options.onWarning };
  let discovered = await discoverFiles({ ...base, env: osEnv });
  if (options.files === undefined && discovered.fromSearch) {
    // COMPOSE_FILE may be set by the project's .env, as loadProject allows.
    const environment = await loadEnvironment({
      projectDir: discovered.projectDir,
      workingDir,
      envFiles: options.envFiles,
      osEnv,
    });
    const composeFile = environment.get('COMPOSE_FILE');
    if (composeFile !== undefined) {
      discovered = await discoverFiles({
        ...base,
        env: { ...osEnv, COMPOSE_FILE: composeFile, COMPOSE_PATH_SEPARATOR: environment.get('COMPOSE_PATH_SEPARATOR') },
      });
    }
  }

  const documents: ParsedDocument[] = [];
  for (const file of discovered.files) {
    documents.push(...parseCompose(await readText(file, options), file));
  }
  return { files: discovered.files, documents };
}

async function readText(file: string, options: LoadOptions): Promise<string> {
  if (file === '-') {
    if (!options.stdin) throw new ConfigError('`-f -` needs the compose file on standard input', { file: '-' });
    return options.stdin();
  }
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new ConfigError(code === 'ENOENT' ? 'no such file' : `cannot read it (${code ?? 'unknown error'})`, { file }, { cause: error });
  }
}
