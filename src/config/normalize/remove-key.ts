import type { JsonObject } from '../json.js';

/** Drops `key` from a mapping whose keys are data (service fields, section names), not fixed names. */
export function removeKey(owner: JsonObject, key: string): void {
  Reflect.deleteProperty(owner, key);
}
