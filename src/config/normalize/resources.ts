import { isJsonObject, type Json, type JsonObject } from '../json.js';
import { positionOf, setPosition } from '../source-map.js';
import { toBooleanIfBoolean } from '../syntax/boolean.js';
import { removeKey } from './remove-key.js';
import { normalizeStringMapping } from './string-maps.js';

/** The top-level sections whose entries are engine objects with a project-scoped name. */
export const RESOURCE_SECTIONS = ['networks', 'volumes', 'secrets', 'configs'] as const;

/** One of the sections above. */
export type ResourceSection = (typeof RESOURCE_SECTIONS)[number];

/**
 * Names every resource of a section as docker compose does: `name:` as written, an external
 * resource by its key (the legacy `external: { name }` moved to `name`), anything else
 * `<project>_<key>`. Labels and driver options are text. Networks always print an `ipam` block, as
 * docker compose's do.
 */
export function normalizeResources(root: JsonObject, section: ResourceSection, projectName: string): void {
  const resources = root[section];
  if (!isJsonObject(resources)) return;
  for (const [key, written] of Object.entries(resources)) {
    const resource: JsonObject = written === null ? {} : isJsonObject(written) ? written : {};
    if (!isJsonObject(written)) resources[key] = resource;
    normalizeExternal(resource);
    if (resource.name === undefined || resource.name === null || resource.name === '') {
      resource.name = resource.external === true ? key : `${projectName}_${key}`;
    }
    normalizeStringMapping(resource, 'labels');
    normalizeStringMapping(resource, 'driver_opts');
    if (section === 'networks') normalizeNetwork(resource);
  }
  if (Object.keys(resources).length === 0) removeKey(root, section);
}

/**
 * The `default` network exists only when a service joins it: created then (named like any other
 * network) unless the file declares it.
 */
export function addDefaultNetworkIfUsed(root: JsonObject, projectName: string): void {
  const services = root.services;
  if (!isJsonObject(services)) return;
  const used = Object.values(services).some(
    (service) => isJsonObject(service) && isJsonObject(service.networks) && 'default' in service.networks,
  );
  if (!used) return;
  const networks = isJsonObject(root.networks) ? root.networks : (root.networks = {});
  if (networks.default !== undefined) return;
  networks.default = { name: `${projectName}_default`, ipam: {} };
}

function normalizeExternal(resource: JsonObject): void {
  const external: Json | undefined = resource.external;
  if (isJsonObject(external)) {
    // The legacy form `external: { name: x }` means `external: true, name: x`.
    if (typeof external.name === 'string' && (resource.name === undefined || resource.name === null)) {
      resource.name = external.name;
      const position = positionOf(external, 'name');
      if (position) setPosition(resource, 'name', position);
    }
    resource.external = true;
    return;
  }
  if (external === undefined) return;
  resource.external = toBooleanIfBoolean(external);
  if (resource.external === false) delete resource.external;
}

function normalizeNetwork(network: JsonObject): void {
  if (!isJsonObject(network.ipam)) network.ipam = {};
  const ipam = network.ipam;
  normalizeStringMapping(ipam, 'options');
  if (Array.isArray(ipam.config)) {
    for (const pool of ipam.config) {
      if (isJsonObject(pool)) normalizeStringMapping(pool, 'aux_addresses');
    }
  }
  for (const key of ['internal', 'attachable']) {
    if (key in network) network[key] = toBooleanIfBoolean(network[key] ?? null);
    if (network[key] === false) removeKey(network, key);
  }
  for (const key of ['enable_ipv4', 'enable_ipv6']) {
    if (key in network) network[key] = toBooleanIfBoolean(network[key] ?? null);
  }
}
