import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { parseBooleanWord } from './cast.js';
import { ConfigError } from './config-error.js';
import { parseDotEnv } from './dotenv.js';

/** Where a variable's value came from: the OS environment, or a line of an env file. */
export interface VariableOrigin {
  kind: 'os' | 'env-file';
  /** Absolute path of the env file (env-file only). */
  file?: string;
  /** 1-based line of the statement in that file (env-file only). */
  line?: number;
}

/** The variables interpolation and the `COMPOSE_*` settings read, with the origin of each. */
export interface Environment {
  /** The value of a variable, undefined when unset. */
  get(name: string): string | undefined;
  readonly values: ReadonlyMap<string, string>;
  readonly origins: ReadonlyMap<string, VariableOrigin>;
  /** Env files actually read, absolute, in the order they were read. */
  readonly files: readonly string[];
}

/** What decides the environment of a project. */
export interface LoadEnvironmentOptions {
  /** Where the default `.env` is looked for. */
  projectDir: string;
  /** What relative `--env-file` and `COMPOSE_ENV_FILES` paths are relative to. */
  workingDir: string;
  /** `--env-file`, in order; when given (non-empty) the default `.env` is not read. */
  envFiles?: readonly string[];
  osEnv: Readonly<Record<string, string | undefined>>;
}

/** Builds an Environment from values already known (also handy for tests and included projects). */
export function createEnvironment(
  values: ReadonlyMap<string, string>,
  origins: ReadonlyMap<string, VariableOrigin> = new Map(),
  files: readonly string[] = [],
): Environment {
  return { get: (name) => values.get(name), values, origins, files };
}

/**
 * Reads the OS environment and the env files that apply: `envFiles`, else `COMPOSE_ENV_FILES`
 * (comma-separated), else `<projectDir>/.env` unless `COMPOSE_DISABLE_ENV_FILE` is true. The OS
 * environment wins over any file, and a later file over an earlier one. A missing env file that was
 * asked for is a ConfigError; a missing default `.env` is not.
 */
export async function loadEnvironment(o: LoadEnvironmentOptions): Promise<Environment> {
  const osValues = new Map<string, string>();
  for (const [name, value] of Object.entries(o.osEnv)) {
    if (value !== undefined) osValues.set(name, value);
  }

  const fileValues = new Map<string, string>();
  const fileOrigins = new Map<string, VariableOrigin>();
  const read: string[] = [];
  for (const { file, explicit } of envFilesToRead(o)) {
    const text = await readEnvFile(file, explicit, o.workingDir);
    if (text === undefined) continue;
    read.push(file);
    // Earlier files are consulted only after the earlier lines of this one: a file sees its own
    // values before those it overrides, which matches the precedence between files.
    const earlierFiles = new Map(fileValues);
    const entries = parseDotEnv(text, file, (name) => osValues.get(name), (name) => earlierFiles.get(name));
    for (const entry of entries) {
      if (entry.value === undefined) continue;
      fileValues.set(entry.key, entry.value);
      fileOrigins.set(entry.key, { kind: 'env-file', file, line: entry.line });
    }
  }

  const values = new Map<string, string>();
  const origins = new Map<string, VariableOrigin>();
  for (const [name, value] of osValues) {
    values.set(name, value);
    origins.set(name, { kind: 'os' });
  }
  for (const [name, value] of fileValues) {
    if (values.has(name)) continue;
    values.set(name, value);
    const origin = fileOrigins.get(name);
    if (origin) origins.set(name, origin);
  }
  return createEnvironment(values, origins, read);
}

interface EnvFileRequest {
  file: string;
  /** Asked for by the user: missing is an error. */
  explicit: boolean;
}

function envFilesToRead(o: LoadEnvironmentOptions): EnvFileRequest[] {
  const explicit = o.envFiles && o.envFiles.length > 0 ? o.envFiles : splitList(o.osEnv.COMPOSE_ENV_FILES);
  if (explicit.length > 0) {
    return explicit.map((file) => ({ file: path.resolve(o.workingDir, file), explicit: true }));
  }
  if (isTruthy(o.osEnv.COMPOSE_DISABLE_ENV_FILE)) return [];
  return [{ file: path.join(o.projectDir, '.env'), explicit: false }];
}

// The spellings of true a boolean environment setting accepts (docker compose also takes `1` and `t`).
function isTruthy(value: string | undefined): boolean {
  return value !== undefined && (/^(?:1|t)$/i.test(value) || parseBooleanWord(value) === true);
}

function splitList(value: string | undefined): string[] {
  if (value === undefined) return [];
  return value
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '');
}

/** The text of an env file, or undefined for a default `.env` that is absent (or a directory). */
async function readEnvFile(file: string, explicit: boolean, workingDir: string): Promise<string | undefined> {
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    // A directory named `.env` is often a Python virtualenv: not ours to read.
    if (!explicit && (code === 'ENOENT' || code === 'EISDIR')) return undefined;
    if (code === 'ENOENT') {
      throw new ConfigError(
        'env file not found',
        { file },
        { hint: `relative env file paths are resolved from ${workingDir}`, cause: error },
      );
    }
    const reason =
      code === 'EISDIR'
        ? 'env file is a directory'
        : code === 'EACCES'
          ? 'env file cannot be read: permission denied'
          : `env file cannot be read (${code ?? 'unknown error'})`;
    throw new ConfigError(reason, { file }, { cause: error });
  }
}
