import type { Json, JsonObject, PathSegment } from './json.js';

/**
 * Where a value came from. Positions ride beside the plain data (in a WeakMap keyed by the mapping or
 * sequence that holds the value) so every stage can work on ordinary objects and arrays, and an
 * error found late (after merge, extends, include) can still name the file, line and column.
 */
export interface SourcePosition {
  file: string;
  /** 1-based. */
  line: number;
  /** 1-based. */
  column: number;
}

/** The YAML tags that change how a value merges over an earlier file's. */
export type MergeTag = 'reset' | 'override';

interface EntryMeta {
  /** Where the value of this entry starts. */
  value?: SourcePosition;
  /** Where the key of this entry starts (mappings only). */
  key?: SourcePosition;
  tag?: MergeTag;
}

type Container = JsonObject | Json[];

const entries = new WeakMap<Container, Map<PathSegment, EntryMeta>>();
const selves = new WeakMap<Container, SourcePosition>();
// Tables that a clone shares with its original (see cloneWithPositions). Whoever writes to one first
// takes a private copy, so a clone costs one pointer per container instead of a copy per entry.
const shared = new WeakSet<Map<PathSegment, EntryMeta>>();

function metaOf(container: Container, key: PathSegment, create: true): EntryMeta;
function metaOf(container: Container, key: PathSegment, create: false): EntryMeta | undefined;
function metaOf(container: Container, key: PathSegment, create: boolean): EntryMeta | undefined {
  let map = entries.get(container);
  if (!create) return map?.get(key);
  if (!map) {
    map = new Map();
    entries.set(container, map);
  } else if (shared.has(map)) {
    map = privateCopy(map);
    entries.set(container, map);
  }
  let meta = map.get(key);
  if (!meta) {
    meta = {};
    map.set(key, meta);
  }
  return meta;
}

function privateCopy(map: Map<PathSegment, EntryMeta>): Map<PathSegment, EntryMeta> {
  const copy = new Map<PathSegment, EntryMeta>();
  for (const [key, meta] of map) copy.set(key, { ...meta });
  return copy;
}

/** Records where the value at `container[key]` (and its key) was written. */
export function setPosition(
  container: Container,
  key: PathSegment,
  value: SourcePosition | undefined,
  keyPosition?: SourcePosition,
): void {
  const meta = metaOf(container, key, true);
  if (value) meta.value = value;
  if (keyPosition) meta.key = keyPosition;
}

/** Where the value at `container[key]` was written, if known. */
export function positionOf(container: Container, key: PathSegment): SourcePosition | undefined {
  return metaOf(container, key, false)?.value;
}

/** Where the key `key` of a mapping was written, if known (falls back to the value's position). */
export function keyPositionOf(container: Container, key: PathSegment): SourcePosition | undefined {
  const meta = metaOf(container, key, false);
  return meta?.key ?? meta?.value;
}

/** Records where a mapping or sequence itself starts. */
export function setOwnPosition(container: Container, position: SourcePosition): void {
  selves.set(container, position);
}

/** Where a mapping or sequence itself starts, if known. */
export function ownPositionOf(container: Container): SourcePosition | undefined {
  return selves.get(container);
}

// Merge tags are rare; while none has ever been set, stages can skip looking for them.
let mergeTagsSeen = false;

export function setMergeTag(container: Container, key: PathSegment, tag: MergeTag): void {
  mergeTagsSeen = true;
  metaOf(container, key, true).tag = tag;
}

/** False while no value anywhere has carried `!reset` or `!override`. */
export function mergeTagsInUse(): boolean {
  return mergeTagsSeen;
}

/** `!reset` or `!override` on the value at `container[key]`, if it carried one. */
export function mergeTagOf(container: Container, key: PathSegment): MergeTag | undefined {
  return metaOf(container, key, false)?.tag;
}

export function clearMergeTag(container: Container, key: PathSegment): void {
  if (metaOf(container, key, false)?.tag === undefined) return;
  delete metaOf(container, key, true).tag;
}

/**
 * Copies what is known about `from[fromKey]` to `to[toKey]`: use it whenever a stage moves a value
 * into a new container, so its origin travels with it.
 */
export function carryPosition(
  from: Container,
  fromKey: PathSegment,
  to: Container,
  toKey: PathSegment,
): void {
  const meta = metaOf(from, fromKey, false);
  if (!meta) return;
  const target = metaOf(to, toKey, true);
  if (meta.value) target.value = meta.value;
  if (meta.key) target.key = meta.key;
  if (meta.tag) target.tag = meta.tag;
}

/** Copies a container's own position to another container that replaces it. */
export function carryOwnPosition(from: Container, to: Container): void {
  const own = selves.get(from);
  if (own) selves.set(to, own);
}

/**
 * A deep copy of `value` that keeps every position. Stages that must not mutate their input (merge,
 * extends) clone first.
 */
export function cloneWithPositions<T extends Json>(value: T): T {
  if (Array.isArray(value)) {
    const copy: Json[] = value.map((item) => cloneWithPositions(item));
    shareTable(value, copy);
    return copy as T;
  }
  if (typeof value === 'object' && value !== null) {
    const source: JsonObject = value;
    const copy: JsonObject = {};
    for (const key of Object.keys(source)) copy[key] = cloneWithPositions(source[key] ?? null);
    shareTable(source, copy);
    return copy as T;
  }
  return value;
}

/** Gives `copy`, which has the same keys as `original`, the original's positions without copying them. */
function shareTable(original: Container, copy: Container): void {
  carryOwnPosition(original, copy);
  const map = entries.get(original);
  if (!map) return;
  shared.add(map);
  entries.set(copy, map);
}

/**
 * The best known position for a key path under `root`: the exact entry if it exists, else the
 * deepest ancestor that does. In a sequence a string segment matches an item equal to it, or a short
 * form starting with it (`front` in `[front, back]`, `8080` in `["8080:80"]`), or a long-form item
 * whose `source`, `target` or `name` equals it, so checks written against the normalized shape still
 * point at the right line of the short form. `preferKey` points at the key rather than the value.
 */
export function locate(
  root: Json,
  path: readonly PathSegment[],
  preferKey = false,
): SourcePosition | undefined {
  let current: Json = root;
  let best: SourcePosition | undefined =
    typeof root === 'object' && root !== null ? ownPositionOf(root) : undefined;
  for (const segment of path) {
    if (typeof current !== 'object' || current === null) break;
    let key: PathSegment | undefined;
    if (Array.isArray(current)) {
      key = typeof segment === 'number' ? segment : findItem(current, segment);
      if (key === undefined || typeof key !== 'number' || key >= current.length) break;
      best = positionOf(current, key) ?? best;
      current = current[key] ?? null;
    } else {
      key = String(segment);
      if (!Object.prototype.hasOwnProperty.call(current, key)) break;
      best = (preferKey ? keyPositionOf(current, key) : positionOf(current, key)) ?? best;
      current = current[key] ?? null;
    }
  }
  return best;
}

function findItem(items: Json[], wanted: string): number | undefined {
  const index = items.findIndex((item) => {
    if (typeof item === 'string' || typeof item === 'number') {
      const text = String(item);
      return text === wanted || text.startsWith(`${wanted}:`) || text.startsWith(`${wanted}=`);
    }
    if (typeof item === 'object' && item !== null && !Array.isArray(item)) {
      return item.source === wanted || item.target === wanted || item.name === wanted;
    }
    return false;
  });
  return index === -1 ? undefined : index;
}
