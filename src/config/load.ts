import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { canonicalize } from './canonical.js';
import { checkProject } from './check.js';
import { ConfigError } from './config-error.js';
import { discoverFiles, type DiscoveredFiles } from './discover.js';
import { createEnvironment, loadEnvironment, type Environment } from './environment.js';
import { resolveExtends } from './extends.js';
import { resolveIncludes, type IncludeRequest } from './include.js';
import { interpolateDocument } from './interpolate.js';
import { isJsonObject, type JsonObject } from './json.js';
import { mergeDocuments } from './merge.js';
import { mergeTagsInUse } from './source-map.js';
import { normalizeProject } from './normalize.js';
import { resolveProjectPaths, resolveServicePaths } from './paths.js';
import { parseCompose, type ParsedDocument } from './parse.js';
import { applyProfiles } from './profiles.js';
import { resolveProjectName } from './project-name.js';
import { validateSchema } from './validate-schema.js';
import { VariableTrace, type TracedReference } from './variable-trace.js';
import type { ComposeProject } from '../model/project.js';

/** What the loader needs to know; every field has the default docker compose would use. */
export interface LoadOptions {
  /** Where relative `-f` paths and the upward search start. Default: `process.cwd()`. */
  workingDir?: string;
  /** `-f`, in order; `-` reads `stdin`. Default: `COMPOSE_FILE`, else the upward search. */
  files?: readonly string[];
  /** Supplies the text of `-f -`. */
  stdin?: () => Promise<string>;
  /** `-p`. */
  projectName?: string;
  /** `--project-directory`. */
  projectDirectory?: string;
  /** `--env-file`, repeatable. */
  envFiles?: readonly string[];
  /** `--profile`, repeatable (added to `COMPOSE_PROFILES`). */
  profiles?: readonly string[];
  /** Services named on the command line: they activate their own profiles. */
  services?: readonly string[];
  /** The OS environment. Default: `process.env`. */
  env?: Readonly<Record<string, string | undefined>>;
  /** `--no-interpolate` sets this to false. */
  interpolate?: boolean;
  /** `--no-normalize` sets this to false. */
  normalize?: boolean;
  /** `--no-path-resolution` sets this to false. */
  resolvePaths?: boolean;
  /** Called once per warning (unset variable, several compose files found, ...). */
  onWarning?: (message: string) => void;
  /**
   * Record, for every variable reference, what it resolved to and where that came from
   * (`LoadedProject.variables`), for `berth explain`. Off by default: plain loads record nothing.
   */
  traceVariables?: boolean;
}

/** A loaded project: the normalized model plus what it was made from. */
export interface LoadedProject {
  model: ComposeProject;
  name: string;
  workingDir: string;
  configFiles: string[];
  environment: Environment;
  /** Profiles in force (from `--profile`, `COMPOSE_PROFILES` and services named on the command line). */
  activeProfiles: string[];
  /** Every profile any service declares, active or not. */
  allProfiles: string[];
  /** Services left out because none of their profiles is active. */
  disabledServices: string[];
  warnings: string[];
  /**
   * The services as merged, before profiles left any out and before normalization, keeping every
   * source position: what `berth explain` says about services that are not active. Only with
   * `traceVariables`.
   */
  mergedServices?: JsonObject;
  /** Every variable reference and what it resolved to; only with `traceVariables`, else empty. */
  variables?: TracedReference[];
}

/** Runs the loader pipeline (docs/architecture.md) and returns the normalized project. */
export async function loadProject(options: LoadOptions = {}): Promise<LoadedProject> {
  const trace = options.traceVariables === true ? new VariableTrace() : undefined;
  const tree = await loadMergedTree(options, trace);
  const { merged, name, environment, located, warnings } = tree;
  if (options.resolvePaths ?? true) resolveProjectPaths(merged, located.projectDir);
  const activeProfiles = profilesFrom(options, environment);
  // Profiles first, so that normalization adds the `default` network only if an active service uses it.
  const profiled = applyProfiles(merged, { profiles: activeProfiles, services: options.services ?? [] });
  const model =
    (options.normalize ?? true)
      ? await normalizeProject(
          profiled.project,
          { projectName: name, projectDir: located.projectDir, environment },
          // Only explain reads the merged services afterwards.
          { inPlace: trace === undefined },
        )
      : { ...profiled.project, name };
  const checkWarnings = await checkProject(model, {
    disabledServices: profiled.disabledServices,
    projectDir: located.projectDir,
  });
  for (const message of checkWarnings) tree.warn(message);

  return {
    model: model as unknown as ComposeProject,
    name,
    workingDir: located.projectDir,
    configFiles: located.files,
    environment,
    activeProfiles: profiled.activeProfiles,
    allProfiles: profiled.allProfiles,
    disabledServices: profiled.disabledServices,
    warnings,
    ...(trace === undefined ? {} : { mergedServices: isJsonObject(merged.services) ? merged.services : {} }),
    variables: trace?.references ?? [],
  };
}

interface MergedTree {
  merged: JsonObject;
  name: string;
  environment: Environment;
  located: DiscoveredFiles;
  warnings: string[];
  warn: (message: string) => void;
}

/** Everything up to and including the merge of all files: what an `include` brings in. */
async function loadMergedTree(options: LoadOptions, trace: VariableTrace | undefined, inherited?: Environment): Promise<MergedTree> {
  const warnings: string[] = [];
  const warn = (message: string): void => {
    if (warnings.includes(message)) return;
    warnings.push(message);
    options.onWarning?.(message);
  };
  const osEnv = options.env ?? process.env;
  const workingDir = path.resolve(options.workingDir ?? process.cwd());
  const discovered = await discoverFiles({
    workingDir,
    files: options.files,
    projectDirectory: options.projectDirectory,
    env: osEnv,
    onWarning: warn,
  });
  const loaded = await loadEnvironment({
    projectDir: discovered.projectDir,
    workingDir,
    envFiles: options.envFiles,
    osEnv,
  });
  const environment = inherited ? withInheritedOrigins(loaded, inherited) : loaded;
  // COMPOSE_FILE may come from the project's .env: search again with it when no -f was given.
  const composeFileFromDotEnv =
    options.files === undefined && discovered.fromSearch && environment.get('COMPOSE_FILE') !== undefined;
  const located = composeFileFromDotEnv
    ? await discoverFiles({
        workingDir,
        projectDirectory: options.projectDirectory,
        env: {
          ...osEnv,
          COMPOSE_FILE: environment.get('COMPOSE_FILE'),
          COMPOSE_PATH_SEPARATOR: environment.get('COMPOSE_PATH_SEPARATOR'),
        },
        onWarning: warn,
      })
    : discovered;

  const documents: ParsedDocument[] = [];
  for (const file of located.files) {
    const text = file === '-' ? await readStdin(options) : await readComposeFile(file);
    documents.push(...parseCompose(text, file));
  }

  const interpolate = options.interpolate ?? true;
  const name = resolveProjectName({
    explicit: options.projectName,
    environment,
    documents,
    projectDir: located.projectDir,
    interpolate,
  });
  const lookup = (variable: string): string | undefined =>
    variable === 'COMPOSE_PROJECT_NAME' ? (environment.get(variable) ?? name) : environment.get(variable);

  const recordReferences = trace?.recorder(environment, name);
  const prepare = (document: ParsedDocument): JsonObject => {
    if (document.data.version !== undefined) {
      warn(`${document.file}: the attribute \`version\` is obsolete, it will be ignored, please remove it to avoid potential confusion`);
    }
    if (interpolate) {
      interpolateDocument(document.data, lookup, {
        onUnset: (variable) => warn(`The "${variable}" variable is not set. Defaulting to a blank string.`),
        ...(recordReferences ? { onResolve: recordReferences } : {}),
      });
    }
    validateSchema(document.data, document.file);
    // Interpolation already rewrote the document in place; nothing reads it as written afterwards.
    return canonicalize(document.data, { inPlace: true });
  };

  const loadFile = async (file: string): Promise<JsonObject> => {
    let merged: JsonObject = {};
    for (const document of parseCompose(await readComposeFile(file), file)) {
      merged = mergeDocuments(merged, prepare(document));
    }
    return merged;
  };

  let merged: JsonObject = {};
  for (const document of documents) {
    let data = prepare(document);
    data = await resolveIncludes(data, {
      file: document.file,
      projectDir: located.projectDir,
      loadIncluded: (request: IncludeRequest) => loadIncluded(request, { options, environment, name, trace }, warn),
    });
    data = await resolveExtends(data, {
      file: document.file,
      loadFile,
      resolvePaths: (service, baseDir) => resolveServicePaths(service, baseDir),
    });
    // Merging the first document over nothing would only copy it, unless merge tags need dropping.
    merged = Object.keys(merged).length === 0 && !mergeTagsInUse() ? data : mergeDocuments(merged, data);
  }
  if (documents.length === 0) {
    throw new ConfigError('empty compose file', { file: located.files[0] });
  }
  return { merged, name, environment, located, warnings, warn };
}

/** What an included project inherits from the project that includes it. */
interface Includer {
  options: LoadOptions;
  environment: Environment;
  name: string;
  trace: VariableTrace | undefined;
}

async function loadIncluded(
  request: IncludeRequest,
  includer: Includer,
  warn: (message: string) => void,
): Promise<JsonObject> {
  const included = await loadMergedTree({
    workingDir: request.projectDirectory,
    files: request.files,
    projectDirectory: request.projectDirectory,
    envFiles: request.envFiles,
    // The includer's environment (OS and its env files) overrides the included project's .env.
    env: Object.fromEntries(includer.environment.values),
    // One project, one name: ${COMPOSE_PROJECT_NAME} in an included file is the includer's.
    projectName: includer.name,
    interpolate: includer.options.interpolate,
    onWarning: warn,
  }, includer.trace, includer.environment);
  // Relative paths of an included project are relative to its own directory, not the includer's.
  if (includer.options.resolvePaths ?? true) resolveProjectPaths(included.merged, included.located.projectDir);
  return included.merged;
}

/**
 * An included project's environment, whose "OS environment" is the includer's whole environment:
 * each value the includer supplied keeps the origin it had there (its shell, its .env line).
 */
function withInheritedOrigins(environment: Environment, inherited: Environment): Environment {
  const origins = new Map(environment.origins);
  for (const [name, value] of environment.values) {
    const origin = inherited.origins.get(name);
    if (origin && inherited.values.get(name) === value) origins.set(name, origin);
  }
  return createEnvironment(environment.values, origins, environment.files);
}

function profilesFrom(options: LoadOptions, environment: Environment): string[] {
  const fromEnv = (environment.get('COMPOSE_PROFILES') ?? '')
    .split(',')
    .map((profile) => profile.trim())
    .filter((profile) => profile !== '');
  return [...new Set([...(options.profiles ?? []), ...fromEnv])];
}

async function readComposeFile(file: string): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason = code === 'ENOENT' ? 'no such file' : code === 'EACCES' ? 'permission denied' : `cannot read it (${code ?? 'unknown error'})`;
    throw new ConfigError(reason, { file }, { cause: error });
  }
}

async function readStdin(options: LoadOptions): Promise<string> {
  if (!options.stdin) throw new ConfigError('`-f -` needs the compose file on standard input', { file: '-' });
  return options.stdin();
}
