import { isJsonObject, type Json, type JsonObject, type PathSegment } from '../json.js';

/** One service under check, with the project around it (for positions and top-level declarations). */
export interface ServiceUnderCheck {
  root: JsonObject;
  name: string;
  service: JsonObject;
}

/** The key path of something inside a service: `services.<name>.<...rest>`. */
export function servicePath(name: string, ...rest: PathSegment[]): PathSegment[] {
  return ['services', name, ...rest];
}

/** `value` if it is a mapping, else undefined: the tree is normalized, but a check must not crash on a surprise. */
export function objectOr(value: Json | undefined): JsonObject | undefined {
  return isJsonObject(value) ? value : undefined;
}

/** `value` if it is a sequence, else an empty one. */
export function arrayOr(value: Json | undefined): Json[] {
  return Array.isArray(value) ? value : [];
}

/** `value` if it is a non-empty string, else undefined. */
export function stringOr(value: Json | undefined): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/** The project's services, by name. */
export function servicesOf(root: JsonObject): JsonObject {
  return objectOr(root.services) ?? {};
}

/** The names declared under a top-level section (`networks`, `volumes`, `secrets`, `configs`). */
export function declaredNames(root: JsonObject, section: string): string[] {
  return Object.keys(objectOr(root[section]) ?? {});
}

/** Whether `name` is declared under the top-level `section`. */
export function isDeclared(root: JsonObject, section: string, name: string): boolean {
  const declared = objectOr(root[section]);
  return declared !== undefined && Object.prototype.hasOwnProperty.call(declared, name);
}
