import { isJsonObject, type Json, type JsonObject } from '../json.js';
import { carryOwnPosition, carryPosition } from '../source-map.js';

/**
 * `object` with its keys in the given order, then the rest sorted: itself when they already are, else
 * a copy with its positions carried.
 * docker compose prints structures in their field order and maps sorted by key; the output should
 * not depend on how the files happened to be written or merged.
 */
export function orderKeys(object: JsonObject, first: readonly string[] = []): JsonObject {
  const keys = Object.keys(object);
  // Most mappings the loader made itself are in order already: a copy would only cost time.
  if (inOrder(keys, first)) return object;
  const rest = keys.filter((key) => !first.includes(key)).sort(compareKeys);
  const ordered: JsonObject = {};
  carryOwnPosition(object, ordered);
  for (const key of [...first, ...rest]) {
    const value = object[key];
    if (value === undefined) continue;
    ordered[key] = value;
    carryPosition(object, key, ordered, key);
  }
  return ordered;
}

/** Whether `keys` are those of `first` that are present, in that order, then the others sorted. */
function inOrder(keys: readonly string[], first: readonly string[]): boolean {
  let lastFirst = -1;
  let lastRest: string | undefined;
  for (const key of keys) {
    const at = first.length === 0 ? -1 : first.indexOf(key);
    if (at !== -1) {
      if (lastRest !== undefined || at < lastFirst) return false;
      lastFirst = at;
    } else {
      if (lastRest !== undefined && compareKeys(lastRest, key) > 0) return false;
      lastRest = key;
    }
  }
  return true;
}

/** Replaces `owner[key]` by its ordered copy when it is a mapping. */
export function orderKeysAt(owner: JsonObject, key: string, first: readonly string[] = []): void {
  const value = owner[key];
  if (isJsonObject(value)) owner[key] = orderKeys(value, first);
}

/** Orders each mapping item of the list at `owner[key]`, in place. */
export function orderItemsAt(owner: JsonObject, key: string, first: readonly string[]): void {
  const list: Json | undefined = owner[key];
  if (!Array.isArray(list)) return;
  list.forEach((item, index) => {
    if (isJsonObject(item)) list[index] = orderKeys(item, first);
  });
}

/** Plain code-point order, the order docker compose prints map keys in. */
export function compareKeys(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
