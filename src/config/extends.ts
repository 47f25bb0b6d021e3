import path from 'node:path';
import { ConfigError, configErrorAt } from './config-error.js';
import { isJsonObject, type JsonObject } from './json.js';
import { mergeService, withoutMergeTags } from './merge.js';
import { didYouMean } from './suggest.js';
import { cloneWithPositions, mergeTagOf } from './source-map.js';

/** What `resolveExtends` needs from the loader. */
export interface ExtendsContext {
  /** The file the document being resolved came from. */
  file: string;
  /** Loads another compose file, prepared and merged (canonical form), but with its `extends` unresolved. */
  loadFile(file: string): Promise<JsonObject>;
  /** Makes the relative paths of a service absolute against `baseDir`, in place. */
  resolvePaths(service: JsonObject, baseDir: string): void;
}

/** One service of one file: a link of an `extends` chain. */
interface ServiceRef {
  file: string;
  name: string;
}

/** Other files read for `extends`, per loader: several documents of one load read each file once. */
const fileCaches = new WeakMap<ExtendsContext['loadFile'], Map<string, Promise<JsonObject>>>();

/**
 * Resolves `services.*.extends` in a document: each extending service becomes its base (from the
 * same document or another file, itself resolved first) with the service merged over it by the
 * merge rules. Returns a new tree without `extends` keys, or the input itself when no service
 * extends another (copying a large file for nothing showed in start-up figures); the input is never
 * modified. The extending service's `!reset`/`!override` tags stay on the result, so they also act on
 * earlier files.
 */
export async function resolveExtends(root: JsonObject, ctx: ExtendsContext): Promise<JsonObject> {
  const services = root.services;
  if (!isJsonObject(services)) return root;
  if (!Object.values(services).some((service) => isJsonObject(service) && service.extends !== undefined)) return root;
  const result = cloneWithPositions(root);
  const resolver = new ExtendsResolver(root, ctx);
  const resolvedServices = result.services;
  if (!isJsonObject(resolvedServices)) return result;
  for (const name of Object.keys(services)) {
    const service = services[name];
    if (!isJsonObject(service) || service.extends === undefined) continue;
    const resolved = await resolver.resolve({ file: path.resolve(ctx.file), name }, []);
    resolvedServices[name] = resolved;
  }
  return result;
}

class ExtendsResolver {
  /** Resolved services, by file and name: a base shared by many services is resolved once. */
  private readonly resolved = new Map<string, JsonObject>();
  private readonly files: Map<string, Promise<JsonObject>>;
  private readonly mainFile: string;

  constructor(
    private readonly root: JsonObject,
    private readonly ctx: ExtendsContext,
  ) {
    this.mainFile = path.resolve(ctx.file);
    let cache = fileCaches.get(ctx.loadFile);
    if (!cache) {
      cache = new Map();
      fileCaches.set(ctx.loadFile, cache);
    }
    this.files = cache;
  }

  /** The service `ref` with its `extends` chain applied; `chain` holds the services that led here. */
  async resolve(ref: ServiceRef, chain: readonly ServiceRef[]): Promise<JsonObject> {
    const id = `${ref.file}\0${ref.name}`;
    const done = this.resolved.get(id);
    if (done) return done;

    const document = await this.documentOf(ref.file);
    const service = document.services;
    const own = isJsonObject(service) ? service[ref.name] : undefined;
    if (!isJsonObject(own)) throw new Error(`extends: service ${ref.name} vanished from ${ref.file}`);
    const servicePath = ['services', ref.name];

    let result: JsonObject;
    if (own.extends === undefined) {
      result = cloneWithPositions(own);
    } else {
      const baseRef = this.baseOf(own, document, ref);
      const loop = [...chain, ref].findIndex((link) => sameRef(link, baseRef));
      if (loop !== -1) {
        const names = [...chain, ref].slice(loop).map((link) => this.label(link));
        names.push(this.label(baseRef));
        throw configErrorAt(document, [...servicePath, 'extends'], `extends loop: ${names.join(' -> ')}`, {
          atKey: true,
          fallbackFile: ref.file,
        });
      }
      const baseDocument = await this.baseDocumentOf(baseRef, document, ref);
      this.checkBaseExists(baseDocument, baseRef, document, ref);
      const base = withoutMergeTags(await this.resolve(baseRef, [...chain, ref]));
      // Paths in another file are relative to that file; make them absolute before they move here.
      if (baseRef.file !== ref.file) this.ctx.resolvePaths(base, path.dirname(baseRef.file));
      const local = cloneWithPositions(own);
      delete local.extends;
      checkHealthcheckDisable(base, local, document, ref);
      result = mergeService(base, local, ref.name, { keepTags: true });
    }
    this.resolved.set(id, result);
    return result;
  }

  /** Which service `service.extends` names, with its file made absolute. */
  private baseOf(service: JsonObject, document: JsonObject, ref: ServiceRef): ServiceRef {
    const spec = service.extends;
    const at = ['services', ref.name, 'extends'];
    // The canonical form is `{ service, file? }`; a bare name is still understood.
    if (typeof spec === 'string') return { file: ref.file, name: spec };
    if (!isJsonObject(spec) || typeof spec.service !== 'string') {
      throw configErrorAt(document, at, 'extends must name a service: { service: <name>, file?: <path> }', {
        fallbackFile: ref.file,
      });
    }
    if (spec.file === undefined || spec.file === null) return { file: ref.file, name: spec.service };
    if (typeof spec.file !== 'string') {
      throw configErrorAt(document, [...at, 'file'], 'extends.file must be a path', { fallbackFile: ref.file });
    }
    return { file: path.resolve(path.dirname(ref.file), spec.file), name: spec.service };
  }

  /** The document holding `baseRef`; an unreadable file is reported at the `extends.file` naming it. */
  private async baseDocumentOf(baseRef: ServiceRef, document: JsonObject, ref: ServiceRef): Promise<JsonObject> {
    try {
      return await this.documentOf(baseRef.file);
    } catch (error) {
      // Faults inside the file carry a line; only a file that cannot be read at all is ours to place.
      if (!(error instanceof ConfigError) || error.file !== baseRef.file || error.line !== undefined) throw error;
      throw configErrorAt(
        document,
        ['services', ref.name, 'extends', 'file'],
        `cannot read the extended file ${baseRef.file}: ${error.reason}`,
        { fallbackFile: ref.file, cause: error },
      );
    }
  }

  private checkBaseExists(baseDocument: JsonObject, baseRef: ServiceRef, document: JsonObject, ref: ServiceRef): void {
    const services = baseDocument.services;
    if (isJsonObject(services) && isJsonObject(services[baseRef.name])) return;
    const names = isJsonObject(services) ? Object.keys(services) : [];
    let hint = didYouMean(baseRef.name, names);
    if (hint === undefined && names.length > 0) hint = `services defined there: ${names.join(', ')}`;
    const where = baseRef.file === ref.file ? '' : ` in ${baseRef.file}`;
    throw configErrorAt(
      document,
      ['services', ref.name, 'extends', 'service'],
      `extends an unknown service "${baseRef.name}"${where}`,
      { hint, fallbackFile: ref.file },
    );
  }

  /** The document of `file`: the one being resolved, or another file loaded once per load. */
  private async documentOf(file: string): Promise<JsonObject> {
    if (file === this.mainFile) return this.root;
    let pending = this.files.get(file);
    if (!pending) {
      pending = this.ctx.loadFile(file);
      this.files.set(file, pending);
      // A failed read must not stay cached: the next load may find the file fixed.
      pending.catch(() => this.files.delete(file));
    }
    return pending;
  }

  /** How a chain link reads in a message: the bare name in this file, `name (file)` elsewhere. */
  private label(ref: ServiceRef): string {
    if (ref.file === this.mainFile) return ref.name;
    return `${ref.name} (${path.relative(path.dirname(this.mainFile), ref.file)})`;
  }
}

function sameRef(a: ServiceRef, b: ServiceRef): boolean {
  return a.name === b.name && a.file === b.file;
}

/**
 * The spec (05-services.md, extends) allows `healthcheck.disable: true` on the extending service
 * only when the base disables its healthcheck too.
 */
function checkHealthcheckDisable(base: JsonObject, local: JsonObject, document: JsonObject, ref: ServiceRef): void {
  const mine = local.healthcheck;
  const theirs = base.healthcheck;
  // A tagged healthcheck does not merge with the base's, so the restriction has nothing to guard.
  if (mergeTagOf(local, 'healthcheck') !== undefined) return;
  if (!isJsonObject(mine) || mine.disable !== true || !isJsonObject(theirs)) return;
  if (theirs.disable === true) return;
  throw configErrorAt(
    document,
    ['services', ref.name, 'healthcheck', 'disable'],
    'healthcheck.disable: true is not allowed when the extended service defines a healthcheck',
    {
      fallbackFile: ref.file,
      hint: 'tag the healthcheck with !reset (or !override) to drop the inherited one',
    },
  );
}
