import { configErrorAt } from './config-error.js';
import { isJsonObject, type Json, type JsonObject, type PathSegment } from './json.js';
import {
  carryOwnPosition,
  carryPosition,
  cloneWithPositions,
  positionOf,
  setOwnPosition,
  setPosition,
} from './source-map.js';
import { toBooleanIfBoolean } from './syntax/boolean.js';
import { parseDeviceShortSyntax } from './syntax/devices.js';
import { parseExtraHost, unbracket } from './syntax/extra-hosts.js';
import { parseKeyValue } from './syntax/key-value.js';
import { parsePortShortSyntax } from './syntax/ports.js';
import { scalarToString, toWholeNumber } from './syntax/scalar.js';
import { ShortSyntaxError } from './syntax/short-syntax-error.js';
import { parseVolumeShortSyntax } from './syntax/volumes.js';

/** Service keys holding a list of strings that may also be written as one string. */
const STRING_LISTS = [
  'dns',
  'dns_search',
  'dns_opt',
  'tmpfs',
  'cap_add',
  'cap_drop',
  'profiles',
  'links',
  'group_add',
  'security_opt',
  'external_links',
] as const;

/** Service keys holding a string mapping that may also be written as a `KEY=VALUE` list. */
const SERVICE_MAPPINGS = ['environment', 'labels', 'annotations', 'sysctls'] as const;

/** The same, under `build`. */
const BUILD_MAPPINGS = ['args', 'labels', 'additional_contexts'] as const;

const RESOURCE_SECTIONS = ['networks', 'volumes', 'secrets', 'configs'] as const;

type Container = JsonObject | Json[];

/**
 * Rewrites one compose document's short syntax into the long syntax (docs/loader.md, "the canonical
 * form"), so that merge, extends and include deal with one shape per key. Nothing is defaulted and no
 * path resolved here. The result's values keep their source positions and merge tags, and its new
 * containers start where the short form was written. The input is left untouched, unless `inPlace`
 * says its caller has no further use for it (the loader, which then saves a copy of every document).
 */
export function canonicalize(root: JsonObject, options: { inPlace?: boolean } = {}): JsonObject {
  const tree = options.inPlace === true ? root : cloneWithPositions(root);
  const services = tree.services;
  if (isJsonObject(services)) {
    for (const [name, service] of Object.entries(services)) {
      if (isJsonObject(service)) new ServiceCanonicalizer(tree, ['services', name], service).run();
    }
  }
  for (const section of RESOURCE_SECTIONS) {
    const resources = tree[section];
    if (!isJsonObject(resources)) continue;
    for (const [name, resource] of Object.entries(resources)) {
      if (resource === null) {
        const empty: JsonObject = {};
        const position = positionOf(resources, name);
        if (position) setOwnPosition(empty, position);
        resources[name] = empty;
      } else if (isJsonObject(resource)) {
        toStringMapping(tree, [section, name], resource, 'labels');
        toStringMapping(tree, [section, name], resource, 'driver_opts');
      }
    }
  }
  canonicalIncludes(tree);
  return tree;
}

/** The canonical form of one service, rewritten in place inside the cloned tree. */
class ServiceCanonicalizer {
  constructor(
    private readonly root: JsonObject,
    private readonly path: PathSegment[],
    private readonly service: JsonObject,
  ) {}

  run(): void {
    const service = this.service;
    for (const key of SERVICE_MAPPINGS) toStringMapping(this.root, this.path, service, key);
    for (const key of STRING_LISTS) toStringList(service, key);
    this.build();
    this.ports();
    this.expose();
    this.volumes();
    toHostsMapping(this.root, this.path, service, 'extra_hosts');
    this.envFiles();
    toStringList(service, 'label_file');
    this.dependsOn();
    this.networks();
    toFileReferences(service, 'secrets');
    toFileReferences(service, 'configs');
    this.devices();
    this.extends();
    this.deploy();
    this.hooks();
    this.develop();
  }

  private build(): void {
    const build = this.service.build;
    if (typeof build === 'string') {
      const long: JsonObject = { context: build };
      carryInto(this.service, 'build', long, 'context');
      this.service.build = long;
      return;
    }
    if (!isJsonObject(build)) return;
    const path = [...this.path, 'build'];
    for (const key of BUILD_MAPPINGS) toStringMapping(this.root, path, build, key);
    toHostsMapping(this.root, path, build, 'extra_hosts');
    toFileReferences(build, 'secrets');
  }

  private ports(): void {
    const ports = this.service.ports;
    if (!Array.isArray(ports)) return;
    this.service.ports = expandList(ports, (item, index) => {
      if (typeof item === 'string' || typeof item === 'number') {
        return this.parse(['ports', index], () => parsePortShortSyntax(item)).map(plainObject);
      }
      if (isJsonObject(item)) {
        const target = toWholeNumber(item.target);
        if (target !== undefined) item.target = target;
        if (typeof item.published === 'number') item.published = String(item.published);
        if (typeof item.host_ip === 'string') item.host_ip = unbracket(item.host_ip);
      }
      return [item];
    });
  }

  private expose(): void {
    const expose = this.service.expose;
    if (Array.isArray(expose)) {
      expose.forEach((item, index) => {
        if (typeof item === 'number') expose[index] = String(item);
      });
    } else if (typeof expose === 'number' || typeof expose === 'string') {
      this.service.expose = oneItemList(this.service, 'expose', String(expose));
    }
  }

  private volumes(): void {
    const volumes = this.service.volumes;
    if (!Array.isArray(volumes)) return;
    this.service.volumes = expandList(volumes, (item, index) => {
      if (typeof item !== 'string') {
        if (isJsonObject(item) && 'read_only' in item) item.read_only = toBooleanIfBoolean(item.read_only);
        return [item];
      }
      const mount = this.parse(['volumes', index], () => parseVolumeShortSyntax(item));
      return [plainObject(mount)];
    });
  }

  private envFiles(): void {
    const service = this.service;
    let files = service.env_file;
    if (typeof files === 'string') files = service.env_file = oneItemList(service, 'env_file', files);
    if (!Array.isArray(files)) return;
    files.forEach((item, index) => {
      if (typeof item === 'string') {
        const long: JsonObject = { path: item, required: true };
        replaceItem(files, index, long);
      } else if (isJsonObject(item)) {
        item.required = item.required === undefined ? true : toBooleanIfBoolean(item.required);
      }
    });
  }

  private dependsOn(): void {
    const dependsOn = this.service.depends_on;
    if (Array.isArray(dependsOn)) {
      const mapping: JsonObject = {};
      carryOwnPosition(dependsOn, mapping);
      dependsOn.forEach((item, index) => {
        if (typeof item !== 'string') return;
        const dependency: JsonObject = { condition: 'service_started', required: true };
        const position = positionOf(dependsOn, index);
        if (position) setOwnPosition(dependency, position);
        mapping[item] = dependency;
        carryPosition(dependsOn, index, mapping, item);
      });
      this.service.depends_on = mapping;
    } else if (isJsonObject(dependsOn)) {
      for (const dependency of Object.values(dependsOn)) {
        if (!isJsonObject(dependency)) continue;
        if ('required' in dependency) dependency.required = toBooleanIfBoolean(dependency.required);
        if ('restart' in dependency) dependency.restart = toBooleanIfBoolean(dependency.restart);
      }
    }
  }

  private networks(): void {
    const networks = this.service.networks;
    if (!Array.isArray(networks)) return;
    this.service.networks = listToMapping(networks, (item) => (typeof item === 'string' ? [item, null] : undefined));
  }

  private devices(): void {
    const devices = this.service.devices;
    if (!Array.isArray(devices)) return;
    devices.forEach((item, index) => {
      if (typeof item !== 'string') return;
      const device = this.parse(['devices', index], () => parseDeviceShortSyntax(item));
      replaceItem(devices, index, plainObject(device));
    });
  }

  private extends(): void {
    const base = this.service.extends;
    if (typeof base !== 'string') return;
    const long: JsonObject = { service: base };
    carryInto(this.service, 'extends', long, 'service');
    this.service.extends = long;
  }

  private deploy(): void {
    const deploy = this.service.deploy;
    if (isJsonObject(deploy)) toStringMapping(this.root, [...this.path, 'deploy'], deploy, 'labels');
  }

  /** Lifecycle hooks carry an environment of their own. */
  private hooks(): void {
    for (const key of ['post_start', 'pre_stop']) {
      const hooks = this.service[key];
      if (!Array.isArray(hooks)) continue;
      hooks.forEach((hook, index) => {
        if (isJsonObject(hook)) toStringMapping(this.root, [...this.path, key, index], hook, 'environment');
      });
    }
  }

  private develop(): void {
    const develop = this.service.develop;
    const watch = isJsonObject(develop) ? develop.watch : undefined;
    if (!Array.isArray(watch)) return;
    watch.forEach((rule, index) => {
      if (!isJsonObject(rule)) return;
      toStringList(rule, 'ignore');
      toStringList(rule, 'include');
      if (isJsonObject(rule.exec)) {
        toStringMapping(this.root, [...this.path, 'develop', 'watch', index, 'exec'], rule.exec, 'environment');
      }
    });
  }

  /** Runs a short-syntax parser, turning its complaint into an error located at the value. */
  private parse<T>(at: PathSegment[], parse: () => T): T {
    try {
      return parse();
    } catch (error) {
      if (!(error instanceof ShortSyntaxError)) throw error;
      throw configErrorAt(this.root, [...this.path, ...at], error.message, { cause: error });
    }
  }
}

/**
 * `KEY=VALUE` lists become mappings, and scalar values become strings (YAML reads `1` and `true` as
 * numbers and booleans; containers only see text). A bare `KEY` keeps a null value: normalize looks
 * it up later.
 */
function toStringMapping(root: JsonObject, path: PathSegment[], owner: JsonObject, key: string): void {
  const value = owner[key];
  if (Array.isArray(value)) {
    owner[key] = listToMapping(value, (item, index) => {
      if (typeof item !== 'string' && typeof item !== 'number' && typeof item !== 'boolean') return undefined;
      try {
        const entry = parseKeyValue(scalarToString(item));
        return [entry.key, entry.value];
      } catch (error) {
        if (!(error instanceof ShortSyntaxError)) throw error;
        throw configErrorAt(root, [...path, key, index], error.message, { cause: error });
      }
    });
  } else if (isJsonObject(value)) {
    for (const [name, item] of Object.entries(value)) {
      if (typeof item === 'number' || typeof item === 'boolean') value[name] = scalarToString(item);
    }
  }
}

/** `extra_hosts` in either form becomes host → list of addresses. */
function toHostsMapping(root: JsonObject, path: PathSegment[], owner: JsonObject, key: string): void {
  const value = owner[key];
  if (Array.isArray(value)) {
    const mapping: JsonObject = {};
    carryOwnPosition(value, mapping);
    value.forEach((item, index) => {
      if (typeof item !== 'string') return;
      let host: string;
      let address: string;
      try {
        ({ host, address } = parseExtraHost(item));
      } catch (error) {
        if (!(error instanceof ShortSyntaxError)) throw error;
        throw configErrorAt(root, [...path, key, index], error.message, { cause: error });
      }
      const addresses = mapping[host];
      if (Array.isArray(addresses)) {
        if (!addresses.includes(address)) addresses.push(address);
        return;
      }
      const list: Json[] = [address];
      const position = positionOf(value, index);
      if (position) {
        setOwnPosition(list, position);
        setPosition(list, 0, position);
      }
      mapping[host] = list;
      carryPosition(value, index, mapping, host);
    });
    owner[key] = mapping;
  } else if (isJsonObject(value)) {
    for (const [host, addresses] of Object.entries(value)) {
      if (typeof addresses === 'string') {
        value[host] = oneItemList(value, host, unbracket(addresses));
      } else if (Array.isArray(addresses)) {
        addresses.forEach((address, index) => {
          if (typeof address === 'string') addresses[index] = unbracket(address);
        });
      }
    }
  }
}

/** A single string where a list is expected becomes a one-item list. */
function toStringList(owner: JsonObject, key: string): void {
  const value = owner[key];
  if (typeof value === 'string') owner[key] = oneItemList(owner, key, value);
}

/** Service (and build) `secrets`/`configs`: a bare name becomes `{ source }`. */
function toFileReferences(owner: JsonObject, key: string): void {
  const list = owner[key];
  if (!Array.isArray(list)) return;
  list.forEach((item, index) => {
    if (typeof item === 'string') replaceItem(list, index, { source: item });
  });
}

/** Top-level `include`: a path becomes `{ path: [path] }`, single strings become lists. */
function canonicalIncludes(tree: JsonObject): void {
  const include = tree.include;
  if (!Array.isArray(include)) return;
  include.forEach((item, index) => {
    if (typeof item === 'string') {
      const long: JsonObject = { path: [item] };
      const position = positionOf(include, index);
      if (position) setPosition(asList(long.path), 0, position);
      replaceItem(include, index, long);
    } else if (isJsonObject(item)) {
      toStringList(item, 'path');
      toStringList(item, 'env_file');
    }
  });
}

/** A parser's result as plain JSON (its optional fields left out when unset). */
function plainObject(value: object): JsonObject {
  return JSON.parse(JSON.stringify(value)) as JsonObject;
}

function asList(value: Json | undefined): Json[] {
  return Array.isArray(value) ? value : [];
}

/** A new list holding what `convert` makes of each item, each starting where its item was written. */
function expandList(list: Json[], convert: (item: Json, index: number) => Json[]): Json[] {
  const out: Json[] = [];
  carryOwnPosition(list, out);
  list.forEach((item, index) => {
    for (const produced of convert(item, index)) {
      out.push(produced);
      carryPosition(list, index, out, out.length - 1);
      startsAt(produced, list, index);
    }
  });
  return out;
}

/** A new mapping from a list; `entry` gives the key and value of an item, or undefined to skip it. */
function listToMapping(list: Json[], entry: (item: Json, index: number) => [string, Json] | undefined): JsonObject {
  const mapping: JsonObject = {};
  carryOwnPosition(list, mapping);
  list.forEach((item, index) => {
    const pair = entry(item, index);
    if (!pair) return;
    const [key, value] = pair;
    mapping[key] = value;
    carryPosition(list, index, mapping, key);
  });
  return mapping;
}

/** Puts a long form in place of a short item, where the short item was written. */
function replaceItem(list: Json[], index: number, long: JsonObject): void {
  startsAt(long, list, index);
  const position = positionOf(list, index);
  if (position) for (const key of Object.keys(long)) setPosition(long, key, position);
  list[index] = long;
}

/** A one-item list standing for the scalar at `owner[key]`. */
function oneItemList(owner: Container, key: PathSegment, value: Json): Json[] {
  const list: Json[] = [value];
  const position = positionOf(owner, key);
  if (position) {
    setOwnPosition(list, position);
    setPosition(list, 0, position);
  }
  return list;
}

/** The one field of a long form made from the scalar at `owner[key]` is where that scalar was. */
function carryInto(owner: Container, key: PathSegment, long: JsonObject, field: string): void {
  const position = positionOf(owner, key);
  if (!position) return;
  setOwnPosition(long, position);
  setPosition(long, field, position);
}

function startsAt(produced: Json, list: Json[], index: number): void {
  const position = positionOf(list, index);
  if (!position || typeof produced !== 'object' || produced === null) return;
  setOwnPosition(produced, position);
  if (!Array.isArray(produced)) {
    for (const key of Object.keys(produced)) {
      if (positionOf(produced, key) === undefined) setPosition(produced, key, position);
    }
  }
}
