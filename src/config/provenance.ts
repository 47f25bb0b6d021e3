import path from 'node:path';
import { formatPath, isJsonObject, type Json, type JsonObject, type PathSegment } from './json.js';
import { positionOf, type SourcePosition } from './source-map.js';
import type { TracedReference } from './variable-trace.js';

/**
 * Who set a value of the model: a line of a compose file or env file (`written`); the short-syntax
 * string it was expanded from (`expanded`: `"8080:80"` becomes ports[0].published and .target); or
 * nobody (`default`: filled in by normalization, as docker compose does).
 */
export type ValueOrigin =
  | { kind: 'written'; at: SourcePosition }
  | { kind: 'expanded'; at: SourcePosition; from: string }
  | { kind: 'default' };

/** One value of a service, where it came from, and the variables that went into it. */
export interface ValueProvenance {
  /** The key path inside the service, as docker compose prints paths: `ports[0].published`. */
  path: string;
  value: Json;
  origin: ValueOrigin;
  variables: TracedReference[];
}

/**
 * The values of one service, leaf by leaf (a list of plain values counts as one leaf), each with its
 * origin. `variables` are the traced references of the load; those written in the same string as a
 * value are attached to it.
 */
export function serviceProvenance(service: JsonObject, variables: readonly TracedReference[]): ValueProvenance[] {
  const byPosition = new Map<string, TracedReference[]>();
  for (const reference of variables) {
    if (!reference.at) continue;
    const key = positionKey(reference.at);
    const list = byPosition.get(key) ?? [];
    list.push(reference);
    byPosition.set(key, list);
  }
  const out: ValueProvenance[] = [];
  const visit = (container: JsonObject | Json[], path: PathSegment[], inherited: { at: SourcePosition; from: string } | undefined): void => {
    const keys: PathSegment[] = Array.isArray(container) ? container.map((_, index) => index) : Object.keys(container);
    for (const key of keys) {
      const value: Json = Array.isArray(container) ? (container[key as number] ?? null) : (container[key as string] ?? null);
      const itemPath = [...path, key];
      const own = positionOf(container, key);
      // Below a sequence item or a mapping value written as one string, every part came from that string.
      const context = own ? { at: own, from: formatPath(itemPath) } : inherited;
      if (typeof value === 'object' && value !== null && !isScalarList(value)) {
        visit(value, itemPath, context);
        continue;
      }
      const origin: ValueOrigin = own
        ? { kind: 'written', at: own }
        : context
          ? { kind: 'expanded', at: context.at, from: context.from }
          : { kind: 'default' };
      const at = origin.kind === 'default' ? undefined : origin.at;
      out.push({
        path: formatPath(itemPath),
        value,
        origin,
        variables: at ? (byPosition.get(positionKey(at)) ?? []) : [],
      });
    }
  };
  visit(service, [], undefined);
  return out;
}

/** Whether a key path (`ports[0].published`) falls under what was asked for (`ports`, `ports.0`, `ports[0]`). */
export function pathMatches(path: string, asked: string): boolean {
  const wanted = asked.replace(/\.(\d+)(?=\.|\[|$)/g, '[$1]');
  return path === wanted || path.startsWith(`${wanted}.`) || path.startsWith(`${wanted}[`);
}

function isScalarList(value: JsonObject | Json[]): boolean {
  return Array.isArray(value) && value.every((item) => typeof item !== 'object' || item === null);
}

function positionKey(at: SourcePosition): string {
  return `${at.file}\0${at.line}\0${at.column}`;
}

/**
 * The names that the services' env_files set, with the line that sets them: normalization writes
 * env_file values into `environment` keeping their file's position, so an environment entry whose
 * position is in one of `envFiles` came from an env_file.
 */
export function envFileVariables(services: JsonObject, envFiles: ReadonlySet<string>): Map<string, { service: string; at: SourcePosition }[]> {
  const found = new Map<string, { service: string; at: SourcePosition }[]>();
  for (const [service, definition] of Object.entries(services)) {
    if (!isJsonObject(definition) || !isJsonObject(definition.environment)) continue;
    const environment = definition.environment;
    for (const name of Object.keys(environment)) {
      const at = positionOf(environment, name);
      if (!at || !envFiles.has(at.file)) continue;
      const list = found.get(name) ?? [];
      list.push({ service, at });
      found.set(name, list);
    }
  }
  return found;
}

/** The env files services list (`env_file`, short or long form), as absolute paths against `projectDir`. */
export function listedEnvFiles(services: JsonObject, projectDir: string): Set<string> {
  const files = new Set<string>();
  for (const definition of Object.values(services)) {
    if (!isJsonObject(definition)) continue;
    const list = definition.env_file;
    const items = typeof list === 'string' ? [list] : Array.isArray(list) ? list : [];
    for (const item of items) {
      const file = typeof item === 'string' ? item : isJsonObject(item) && typeof item.path === 'string' ? item.path : undefined;
      if (file !== undefined) files.add(path.resolve(projectDir, file));
    }
  }
  return files;
}
