import { ConfigError } from './config-error.js';
import { isJsonObject, type Json, type JsonObject, type PathSegment } from './json.js';
import { mergeRuleFor, type MergeRule } from './merge-rules.js';
import {
  carryOwnPosition,
  carryPosition,
  clearMergeTag,
  cloneWithPositions,
  mergeTagsInUse,
  mergeTagOf,
  positionOf,
} from './source-map.js';

/** How a merge treats the `!reset`/`!override` tags of the overriding side. */
export interface MergeOptions {
  /**
   * Keep the override's tags (and its `!reset` entries, as written) in the result, so that they
   * still act when the result is itself merged over an earlier file. Used by `extends` and
   * `include`, whose results are one document's contribution, not the final tree.
   */
  keepTags?: boolean;
}

type Container = JsonObject | Json[];

/** Where an overriding value sits, to point an error at it. */
interface Origin {
  container: Container;
  key: PathSegment;
}

/** What combining two values gave, and whose entry position the result should report. */
interface Outcome {
  value: Json;
  from: 'base' | 'override';
}

/**
 * Merges `override` over `base` (two canonical-form documents) by the rules of the spec and
 * merge-rules.ts. Neither input is modified; every value of the result keeps the position of the
 * file that set it, and the result carries no merge tags unless `options.keepTags` asks for them.
 */
export function mergeDocuments(base: JsonObject, override: JsonObject, options: MergeOptions = {}): JsonObject {
  const result = mergeMappings(base, override, [], options);
  // An empty starting tree knows no position; the first real document's then stands for the whole.
  carryOwnPosition(override, result);
  carryOwnPosition(base, result);
  return result;
}

/**
 * Merges one service definition over another, with the same rules `mergeDocuments` applies under
 * `services.<name>` (so `extends` and the file merge cannot drift apart).
 */
export function mergeService(
  base: JsonObject,
  override: JsonObject,
  serviceName: string,
  options: MergeOptions = {},
): JsonObject {
  const result = mergeMappings(base, override, ['services', serviceName], options);
  // The overriding service is the definition being written; the base only fills it in.
  carryOwnPosition(base, result);
  carryOwnPosition(override, result);
  return result;
}

/**
 * A deep copy with the merge tags applied to nothing: `!reset` entries left out, other tags
 * dropped. What a value means once nothing comes before it.
 */
export function withoutMergeTags<T extends Json>(value: T): T {
  if (!mergeTagsInUse()) return cloneWithPositions(value);
  if (Array.isArray(value)) {
    const copy: Json[] = [];
    carryOwnPosition(value, copy);
    value.forEach((item, index) => {
      if (mergeTagOf(value, index) === 'reset') return;
      copy.push(withoutMergeTags(item));
      carryPosition(value, index, copy, copy.length - 1);
      clearMergeTag(copy, copy.length - 1);
    });
    return copy as T;
  }
  if (isJsonObject(value)) {
    const copy: JsonObject = {};
    carryOwnPosition(value, copy);
    for (const [key, item] of Object.entries(value)) {
      if (mergeTagOf(value, key) === 'reset') continue;
      copy[key] = withoutMergeTags(item);
      carryPosition(value, key, copy, key);
      clearMergeTag(copy, key);
    }
    return copy as T;
  }
  return value;
}

function hasKey(mapping: JsonObject, key: string): boolean {
  return Object.prototype.hasOwnProperty.call(mapping, key);
}

function valueAt(container: Container, key: PathSegment): Json {
  if (Array.isArray(container)) return typeof key === 'number' ? (container[key] ?? null) : null;
  return container[String(key)] ?? null;
}

function isContainer(value: Json | undefined): value is Container {
  return typeof value === 'object' && value !== null;
}

/** Copies `from[fromKey]` into `to[toKey]` with its position; the base's tags never survive. */
function place(
  to: Container,
  toKey: PathSegment,
  from: Container,
  fromKey: PathSegment,
  side: 'base' | 'override',
  options: MergeOptions,
): void {
  const value = valueAt(from, fromKey);
  const keep = side === 'override' && options.keepTags === true;
  const copy = keep ? cloneWithPositions(value) : withoutMergeTags(value);
  if (Array.isArray(to)) to[toKey as number] = copy;
  else to[String(toKey)] = copy;
  carryPosition(from, fromKey, to, toKey);
  if (!keep) clearMergeTag(to, toKey);
}

function mergeMappings(
  base: JsonObject,
  override: JsonObject,
  path: readonly PathSegment[],
  options: MergeOptions,
): JsonObject {
  const result: JsonObject = {};
  carryOwnPosition(base, result);
  // Base keys first, in their order, so a merged file reads like the file it started from.
  for (const key of Object.keys(base)) {
    if (hasKey(override, key)) mergeEntry(result, key, base, override, [...path, key], options);
    else place(result, key, base, key, 'base', options);
  }
  for (const key of Object.keys(override)) {
    if (hasKey(base, key)) continue;
    // `!reset` over nothing still means "not set", unless the tag must travel further.
    if (mergeTagOf(override, key) === 'reset' && options.keepTags !== true) continue;
    place(result, key, override, key, 'override', options);
  }
  return result;
}

/** Merges the entry `key`, present on both sides, into `result[key]`. */
function mergeEntry(
  result: JsonObject,
  key: string,
  base: JsonObject,
  override: JsonObject,
  path: readonly PathSegment[],
  options: MergeOptions,
): void {
  const tag = mergeTagOf(override, key);
  if (tag === 'reset') {
    if (options.keepTags === true) place(result, key, override, key, 'override', options);
    return;
  }
  if (tag === 'override') {
    place(result, key, override, key, 'override', options);
    return;
  }
  const outcome = combine(
    mergeRuleFor(path),
    base[key] ?? null,
    override[key] ?? null,
    path,
    { container: override, key },
    options,
  );
  result[key] = outcome.value;
  carryPosition(outcome.from === 'base' ? base : override, key, result, key);
  clearMergeTag(result, key);
}

/** Combines two values set at `path` by `rule` (or the general rule when there is none). */
function combine(
  rule: MergeRule | undefined,
  base: Json,
  override: Json,
  path: readonly PathSegment[],
  origin: Origin,
  options: MergeOptions,
): Outcome {
  const overrideWins = (): Outcome => ({
    value: options.keepTags === true ? cloneWithPositions(override) : withoutMergeTags(override),
    from: 'override',
  });
  // A bare key (`networks:` with nothing under it) adds nothing; it does not wipe what came before.
  if (override === null && isContainer(base)) return { value: withoutMergeTags(base), from: 'base' };
  if (base === null) return overrideWins();
  if (rule?.kind === 'replace') return overrideWins();
  if (rule?.kind === 'mergeWhenEqual' && isJsonObject(base) && isJsonObject(override)) {
    const before = base[rule.field];
    const after = override[rule.field];
    if (before !== undefined && after !== undefined && !sameValue(before, after)) return overrideWins();
  }
  if (isJsonObject(base) && isJsonObject(override)) {
    return { value: mergeMappings(base, override, path, options), from: 'base' };
  }
  if (Array.isArray(base) && Array.isArray(override)) {
    return { value: mergeSequences(rule, base, override, path, options), from: 'base' };
  }
  if (isContainer(base) || isContainer(override)) throw conflict(base, override, path, origin);
  return overrideWins();
}

function mergeSequences(
  rule: MergeRule | undefined,
  base: Json[],
  override: Json[],
  path: readonly PathSegment[],
  options: MergeOptions,
): Json[] {
  const result: Json[] = [];
  carryOwnPosition(base, result);
  const append = (from: Json[], index: number, side: 'base' | 'override'): void => {
    place(result, result.length, from, index, side, options);
  };

  if (rule?.kind === 'uniqueByValue') {
    const seen = new Set<string>();
    const appendOnce = (from: Json[], side: 'base' | 'override'): void => {
      from.forEach((item, index) => {
        const identity = valueIdentity(item);
        if (seen.has(identity)) return;
        seen.add(identity);
        append(from, index, side);
      });
    };
    appendOnce(base, 'base');
    appendOnce(override, 'override');
    return result;
  }

  if (rule?.kind === 'uniqueByKey') {
    // Only later items fold into earlier ones: repeats within one file are left for the checks to report.
    const slots = new Map<string, number>();
    base.forEach((item, index) => {
      const key = rule.key(item);
      if (key !== undefined && !slots.has(key)) slots.set(key, result.length);
      append(base, index, 'base');
    });
    override.forEach((item, index) => {
      const key = rule.key(item);
      const slot = key === undefined ? undefined : slots.get(key);
      if (slot === undefined) {
        append(override, index, 'override');
        return;
      }
      // Errors name the override's own item, the one the user wrote last.
      const itemPath = [...path, index];
      const origin = { container: override, key: index };
      const outcome = combine(rule.items, result[slot] ?? null, item, itemPath, origin, options);
      result[slot] = outcome.value;
      if (outcome.from === 'override') carryPosition(override, index, result, slot);
      clearMergeTag(result, slot);
    });
    return result;
  }

  base.forEach((_, index) => append(base, index, 'base'));
  override.forEach((_, index) => append(override, index, 'override'));
  return result;
}

/** Scalars compare by their text (`80` and `"80"` are one port), containers by their content. */
function valueIdentity(value: Json): string {
  return isContainer(value) ? `json:${JSON.stringify(value)}` : `text:${String(value)}`;
}

function sameValue(a: Json, b: Json): boolean {
  return valueIdentity(a) === valueIdentity(b);
}

function kindOf(value: Json): string {
  if (Array.isArray(value)) return 'a sequence';
  if (value === null) return 'null';
  if (typeof value === 'object') return 'a mapping';
  return `a ${typeof value}`;
}

function conflict(base: Json, override: Json, path: readonly PathSegment[], origin: Origin): ConfigError {
  const position = positionOf(origin.container, origin.key);
  return new ConfigError(
    `cannot merge ${kindOf(override)} into ${kindOf(base)} set earlier`,
    { file: position?.file, line: position?.line, column: position?.column, path },
    { hint: 'tag the value with !override to replace the earlier one whole' },
  );
}
