/** The plain data a compose file parses to: YAML 1.2 core types, no dates, no shared nodes. */
export type Json = null | boolean | number | string | Json[] | JsonObject;

/** A YAML mapping with string keys. */
export interface JsonObject {
  [key: string]: Json;
}

/** A step in a key path: a mapping key or a sequence index. */
export type PathSegment = string | number;

export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Renders a key path the way docker compose names it in messages: `services.web.ports[0]`. */
export function formatPath(path: readonly PathSegment[]): string {
  let out = '';
  for (const segment of path) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else out += out === '' ? segment : `.${segment}`;
  }
  return out;
}
