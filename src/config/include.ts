import { AsyncLocalStorage } from 'node:async_hooks';
import { access } from 'node:fs/promises';
import path from 'node:path';
import { configErrorAt } from './config-error.js';
import { isJsonObject, type Json, type JsonObject, type PathSegment } from './json.js';
import { mergeDocuments, withoutMergeTags } from './merge.js';
import { carryPosition, cloneWithPositions } from './source-map.js';

/** One `include` entry, as the loader needs it to load the included project. */
export interface IncludeRequest {
  /** Absolute compose files, merged in order. */
  files: string[];
  /** Absolute; relative paths of the included files resolve against it. */
  projectDirectory: string;
  /** Absolute env files for its interpolation; absent means the `.env` of `projectDirectory`. */
  envFiles?: string[];
}

/** What `resolveIncludes` needs from the loader. */
export interface IncludeContext {
  /** The file the document came from (`-` for standard input). */
  file: string;
  /** The including project's directory: the base of relative paths when the file has no directory. */
  projectDir: string;
  /** Loads one included project on its own: merged, with its own includes and relative paths resolved. */
  loadIncluded(request: IncludeRequest): Promise<JsonObject>;
}

/** The top-level sections an included project contributes. */
const RESOURCE_SECTIONS = ['services', 'networks', 'volumes', 'secrets', 'configs', 'models'] as const;

/**
 * The files whose includes are being loaded, outermost first. Nested includes run inside the
 * loader's call to `loadIncluded`, so the chain follows that asynchronous call, not a parameter
 * the stage signature has no room for.
 */
const includeChain = new AsyncLocalStorage<readonly string[]>();

/**
 * Resolves the top-level `include`: each entry is loaded as a project of its own and its resources
 * are added to this document, whose own definitions of the same names merge over the included
 * ones. Returns a new tree without `include`; the input is untouched.
 */
export async function resolveIncludes(root: JsonObject, ctx: IncludeContext): Promise<JsonObject> {
  const entries = root.include;
  if (entries === undefined) return root;
  const baseDir = ctx.file === '-' ? ctx.projectDir : path.dirname(path.resolve(ctx.file));
  const chain = [...(includeChain.getStore() ?? []), path.resolve(ctx.file)];
  const list = Array.isArray(entries) ? entries : [entries];

  const included: JsonObject = {};
  /** Which include entry brought each resource, to name both when two disagree. */
  const broughtBy = new Map<string, number>();
  for (const [index, entry] of list.entries()) {
    const request = requestOf(entry, ['include', index], root, baseDir, ctx);
    await checkRequest(request, ['include', index], root, chain, ctx);
    const project = await includeChain.run(chain, () => ctx.loadIncluded(request));
    addResources(included, project, index, broughtBy, root, ctx);
  }

  const local = cloneWithPositions(root);
  delete local.include;
  return mergeDocuments(included, local, { keepTags: true });
}

/** Reads one entry of the canonical form (`{ path: [...], project_directory?, env_file?: [...] }`). */
function requestOf(
  entry: Json,
  at: PathSegment[],
  root: JsonObject,
  baseDir: string,
  ctx: IncludeContext,
): IncludeRequest {
  // A bare path is the short syntax; understood here too in case it reaches this stage.
  const spec: JsonObject = typeof entry === 'string' ? { path: [entry] } : isJsonObject(entry) ? entry : {};
  const files = stringList(spec.path).map((file) => path.resolve(baseDir, file));
  if (files.length === 0) {
    throw configErrorAt(root, at, 'an include entry needs a path', { fallbackFile: ctx.file });
  }
  const firstFile = files[0] ?? baseDir;
  const projectDirectory =
    typeof spec.project_directory === 'string'
      ? path.resolve(baseDir, spec.project_directory)
      : path.dirname(firstFile);
  const envFiles = spec.env_file === undefined || spec.env_file === null ? undefined : stringList(spec.env_file);
  return {
    files,
    projectDirectory,
    ...(envFiles === undefined ? {} : { envFiles: envFiles.map((file) => path.resolve(baseDir, file)) }),
  };
}

function stringList(value: Json | undefined): string[] {
  if (typeof value === 'string') return [value];
  if (!Array.isArray(value)) return [];
  return value.filter((item): item is string => typeof item === 'string');
}

/** A missing file or a cycle is reported at the path entry that names it, before loading anything. */
async function checkRequest(
  request: IncludeRequest,
  at: PathSegment[],
  root: JsonObject,
  chain: readonly string[],
  ctx: IncludeContext,
): Promise<void> {
  for (const [index, file] of request.files.entries()) {
    const where = pathEntry(root, at, index);
    const cycleStart = chain.indexOf(file);
    if (cycleStart !== -1) {
      const top = path.dirname(chain[0] ?? file);
      const names = [...chain.slice(cycleStart), file].map((link) => path.relative(top, link) || link);
      throw configErrorAt(root, where, `include cycle: ${names.join(' -> ')}`, { fallbackFile: ctx.file });
    }
    try {
      await access(file);
    } catch (error) {
      throw configErrorAt(root, where, `included file ${file} does not exist`, {
        fallbackFile: ctx.file,
        cause: error,
      });
    }
  }
}

/** The key path of the `index`th file of an entry: `include[0].path[1]`, or the entry itself for a bare string. */
function pathEntry(root: JsonObject, at: PathSegment[], index: number): PathSegment[] {
  const entry = root.include;
  const item = Array.isArray(entry) ? entry[Number(at[1])] : undefined;
  return isJsonObject(item) && Array.isArray(item.path) ? [...at, 'path', index] : at;
}

/**
 * Adds an included project's resources to `into`. Two includes may bring the same resource only
 * if they define it identically (a shared dependency); otherwise neither can be preferred.
 */
function addResources(
  into: JsonObject,
  project: JsonObject,
  entryIndex: number,
  broughtBy: Map<string, number>,
  root: JsonObject,
  ctx: IncludeContext,
): void {
  for (const section of RESOURCE_SECTIONS) {
    const resources = project[section];
    if (!isJsonObject(resources)) continue;
    let target = into[section];
    if (!isJsonObject(target)) {
      target = {};
      into[section] = target;
    }
    for (const name of Object.keys(resources)) {
      const value = resources[name] ?? null;
      const id = `${section}.${name}`;
      const earlier = broughtBy.get(id);
      if (earlier !== undefined) {
        if (JSON.stringify(target[name]) === JSON.stringify(value)) continue;
        throw configErrorAt(
          root,
          ['include', entryIndex],
          `${section}.${name} is defined differently by include[${earlier}] and include[${entryIndex}]`,
          { fallbackFile: ctx.file, hint: 'rename one of them, or define it once in this file' },
        );
      }
      broughtBy.set(id, entryIndex);
      target[name] = withoutMergeTags(value);
      carryPosition(resources, name, target, name);
    }
  }
}
