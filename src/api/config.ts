import { renderYaml } from './render-yaml.js';
import { BerthError } from '../errors.js';
import { DependencyGraph } from '../graph/dependency-graph.js';
import { listVariables, type VariableUse } from '../config/interpolate.js';
import { isJsonObject, type Json, type JsonObject } from '../config/json.js';
import type { ParsedDocument } from '../config/parse.js';
import type { LoadedProject } from '../config/load.js';
import { serviceConfigHash } from '../model/config-hash.js';

/** The text formats `config` writes the model in. */
export type ConfigFormat = 'yaml' | 'json';

/** The normalized project model, as LoadedProject carries it. */
export type ProjectModel = LoadedProject['model'];

/** What `config` is asked to show; exactly one view per run. */
export type ConfigView =
  | { kind: 'model'; format: ConfigFormat }
  | { kind: 'services' }
  | { kind: 'volumes' }
  | { kind: 'networks' }
  | { kind: 'profiles' }
  | { kind: 'images' }
  | { kind: 'hash'; selector: string }
  | { kind: 'environment' };

/** One `${VAR}` the compose files use, with what they say about it. */
export interface VariableRow {
  name: string;
  required: boolean;
  defaultValue: string;
  alternateValue: string;
}

/** A service and its configuration hash, as `config --hash` lists them. */
export interface ServiceHash {
  service: string;
  hash: string;
}

/** The text `config` prints for `view` (every line ends with a newline; empty when there is nothing). */
export function renderConfigView(project: LoadedProject, view: ConfigView): string {
  switch (view.kind) {
    case 'model':
      return renderModel(project.model, view.format);
    case 'services':
      return lines(serviceNames(project.model));
    case 'volumes':
      return lines(volumeNames(project.model));
    case 'networks':
      return lines(networkNames(project.model));
    case 'profiles':
      return lines(profileNames(project));
    case 'images':
      return lines(imageNames(project.model, project.name));
    case 'hash':
      return lines(serviceHashes(project.model, view.selector).map(({ service, hash }) => `${service} ${hash}`));
    case 'environment':
      return lines(environmentLines(project));
  }
}

/** The model as YAML or JSON text, keys in the order the loader produced them. */
export function renderModel(model: ProjectModel, format: ConfigFormat): string {
  if (format === 'json') return `${JSON.stringify(model, null, 2)}\n`;
  return renderYaml(model);
}

/**
 * The model with only the named services and what they depend on (directly or not), as
 * `config web` shows it. No names keeps every service. An unknown name is an error.
 */
export function selectServices(model: ProjectModel, names: readonly string[]): ProjectModel {
  if (names.length === 0) return model;
  const services = servicesOf(model);
  const graph = dependencyGraphOf(services);
  for (const name of names) {
    if (!graph.has(name)) throw noSuchService(name);
  }
  const kept = new Set(graph.withDependencies(names));
  const selected: JsonObject = {};
  for (const [name, service] of Object.entries(services)) {
    if (kept.has(name)) selected[name] = service;
  }
  return fromJson({ ...asJson(model), services: selected });
}

/** Service names, each after the services it depends on (peers in name order), as `config --services` lists them. */
export function serviceNames(model: ProjectModel): string[] {
  return dependencyGraphOf(servicesOf(model)).dependencyOrder();
}

/** The keys of the top-level `volumes`, sorted. */
export function volumeNames(model: ProjectModel): string[] {
  return sortedKeys(asJson(model).volumes);
}

/** The keys of the top-level `networks`, sorted. */
export function networkNames(model: ProjectModel): string[] {
  return sortedKeys(asJson(model).networks);
}

/** Every profile any service declares, active or not, sorted. */
export function profileNames(project: LoadedProject): string[] {
  return [...new Set(project.allProfiles)].sort(compareText);
}

/** The image of each service (by service name); a service that only builds gets `<project>-<service>`. */
export function imageNames(model: ProjectModel, projectName: string): string[] {
  return Object.entries(servicesOf(model))
    .sort(([a], [b]) => compareText(a, b))
    .map(([name, service]) => {
      const image = isJsonObject(service) ? service.image : undefined;
      return typeof image === 'string' && image !== '' ? image : `${projectName}-${name}`;
    });
}

/**
 * The configuration hash of the services `selector` names: `*` for all of them (in name order), or
 * names separated by commas (in the order given).
 */
export function serviceHashes(model: ProjectModel, selector: string): ServiceHash[] {
  const services = servicesOf(model);
  const names =
    selector.trim() === '*'
      ? Object.keys(services).sort(compareText)
      : selector.split(',').map((name) => name.trim()).filter((name) => name !== '');
  return names.map((name) => {
    const service = services[name];
    if (!isJsonObject(service)) throw noSuchService(name);
    return { service: name, hash: serviceConfigHash(service) };
  });
}

/**
 * The environment `${VAR}` is looked up in, as sorted `KEY=VALUE` lines. The project name is part of
 * it as COMPOSE_PROJECT_NAME even when nothing set that variable, since interpolation sees it so.
 */
export function environmentLines(project: LoadedProject): string[] {
  const values = new Map<string, string>(project.environment.values);
  if (!values.has('COMPOSE_PROJECT_NAME')) values.set('COMPOSE_PROJECT_NAME', project.name);
  return [...values.keys()].sort(compareText).map((key) => `${key}=${values.get(key) ?? ''}`);
}

/**
 * Every variable the string values of the documents use (keys are never interpolated), sorted by
 * name. A variable used several times is required if any use requires it; the first default and
 * the first alternate value written win.
 */
export function collectVariables(documents: readonly ParsedDocument[]): VariableRow[] {
  const rows = new Map<string, VariableRow>();
  const add = (use: VariableUse): void => {
    const row = rows.get(use.name);
    if (!row) {
      rows.set(use.name, {
        name: use.name,
        required: use.required,
        defaultValue: use.defaultValue ?? '',
        alternateValue: use.alternateValue ?? '',
      });
      return;
    }
    row.required ||= use.required;
    if (row.defaultValue === '' && use.defaultValue !== undefined) row.defaultValue = use.defaultValue;
    if (row.alternateValue === '' && use.alternateValue !== undefined) row.alternateValue = use.alternateValue;
  };
  for (const document of documents) {
    for (const text of stringValues(document.data)) {
      for (const use of listVariables(text)) add(use);
    }
  }
  return [...rows.values()].sort((a, b) => compareText(a.name, b.name));
}

/**
 * `config --variables`: an aligned table NAME, REQUIRED, DEFAULT VALUE, ALTERNATE VALUE, or, with a
 * format, a mapping from each name to its row (the keys docker compose's JSON uses).
 */
export function renderVariables(rows: readonly VariableRow[], format?: ConfigFormat): string {
  if (format !== undefined) {
    const byName: Record<string, { Name: string; DefaultValue: string; PresenceValue: string; Required: boolean }> = {};
    for (const row of rows) {
      byName[row.name] = {
        Name: row.name,
        DefaultValue: row.defaultValue,
        PresenceValue: row.alternateValue,
        Required: row.required,
      };
    }
    return format === 'json' ? `${JSON.stringify(byName, null, 2)}\n` : renderYaml(byName);
  }
  return table([
    ['NAME', 'REQUIRED', 'DEFAULT VALUE', 'ALTERNATE VALUE'],
    ...rows.map((row) => [row.name, String(row.required), row.defaultValue, row.alternateValue]),
  ]);
}

/** Columns separated by at least three spaces, trailing space trimmed. */
function table(rows: readonly (readonly string[])[]): string {
  const widths: number[] = [];
  for (const row of rows) {
    row.forEach((cell, index) => {
      widths[index] = Math.max(widths[index] ?? 0, cell.length);
    });
  }
  return lines(
    rows.map((row) => row.map((cell, index) => cell.padEnd((widths[index] ?? 0) + 3)).join('').trimEnd()),
  );
}

function lines(items: readonly string[]): string {
  return items.map((item) => `${item}\n`).join('');
}

/** The model is plain JSON in docker compose's shape; this view lets generic code walk it by key. */
function asJson(model: ProjectModel): JsonObject {
  return model as unknown as JsonObject;
}

function fromJson(json: JsonObject): ProjectModel {
  return json as unknown as ProjectModel;
}

function servicesOf(model: ProjectModel): JsonObject {
  const services = asJson(model).services;
  return isJsonObject(services) ? services : {};
}

/** Dependencies on services that are not in the model (disabled, optional) are left out. */
function dependencyGraphOf(services: JsonObject): DependencyGraph {
  const dependencies: Record<string, string[]> = {};
  for (const [name, service] of Object.entries(services)) {
    const dependsOn = isJsonObject(service) ? service.depends_on : undefined;
    const targets = isJsonObject(dependsOn) ? Object.keys(dependsOn) : Array.isArray(dependsOn) ? dependsOn.filter((item): item is string => typeof item === 'string') : [];
    dependencies[name] = targets.filter((target) => Object.prototype.hasOwnProperty.call(services, target));
  }
  return DependencyGraph.fromDependencies(dependencies);
}

function sortedKeys(value: Json | undefined): string[] {
  return isJsonObject(value) ? Object.keys(value).sort(compareText) : [];
}

function* stringValues(value: Json): Generator<string> {
  if (typeof value === 'string') yield value;
  else if (Array.isArray(value)) for (const item of value) yield* stringValues(item);
  else if (isJsonObject(value)) for (const item of Object.values(value)) yield* stringValues(item);
}

function noSuchService(name: string): BerthError {
  return new BerthError('no-such-service', `no such service: ${name}`, {
    hint: 'see the services with `berth config --services`',
  });
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
