import { isJsonObject, type JsonObject } from './json.js';
import { cloneWithPositions } from './source-map.js';
import type { NormalizeContext } from './normalize/context.js';
import { orderItemsAt, orderKeys, orderKeysAt } from './normalize/key-order.js';
import { addDefaultNetworkIfUsed, normalizeResources, RESOURCE_SECTIONS } from './normalize/resources.js';
import { normalizeService } from './normalize/service.js';
import { removeKey } from './normalize/remove-key.js';

export type { NormalizeContext } from './normalize/context.js';

/** Top-level keys docker compose does not print: `version` is obsolete, `include` already applied. */
const DROPPED_TOP_LEVEL = ['version', 'include'];

/**
 * Turns the merged, path-resolved canonical tree into the normalized project: what
 * `config --format json` prints (docs/architecture.md). The result keeps every source position, so
 * later checks and `berth explain` can still point at the file. The input is left untouched unless
 * `inPlace` says nobody will look at it again: copying it first was a twentieth of `config`'s time
 * on a 200-service project.
 */
export async function normalizeProject(root: JsonObject, ctx: NormalizeContext, options: { inPlace?: boolean } = {}): Promise<JsonObject> {
  const tree = options.inPlace === true ? root : cloneWithPositions(root);
  for (const key of DROPPED_TOP_LEVEL) removeKey(tree, key);
  if (!isJsonObject(tree.services)) tree.services = {};
  const services = tree.services;
  for (const [name, service] of Object.entries(services)) {
    if (!isJsonObject(service)) continue;
    await normalizeService({ root: tree, name, path: ['services', name], service, ctx });
  }
  addDefaultNetworkIfUsed(tree, ctx.projectName);
  for (const section of RESOURCE_SECTIONS) normalizeResources(tree, section, ctx.projectName);
  tree.name = ctx.projectName;
  return inPrintedOrder(tree);
}

/** Field order of the structures docker compose prints; maps and everything else sorted. */
const FIELD_ORDER = {
  project: ['name', 'services', 'networks', 'volumes', 'secrets', 'configs', 'models'],
  build: [
    'context',
    'dockerfile',
    'dockerfile_inline',
    'entitlements',
    'args',
    'ssh',
    'labels',
    'cache_from',
    'cache_to',
    'no_cache',
    'additional_contexts',
    'network',
    'provenance',
    'sbom',
    'pull',
    'target',
    'shm_size',
    'extra_hosts',
    'isolation',
    'privileged',
    'secrets',
    'tags',
    'ulimits',
    'platforms',
  ],
  port: ['name', 'mode', 'host_ip', 'target', 'published', 'protocol', 'app_protocol'],
  mount: ['type', 'source', 'target', 'read_only', 'consistency', 'bind', 'volume', 'tmpfs', 'image'],
  bind: ['selinux', 'propagation', 'create_host_path', 'recursive'],
  dependency: ['condition', 'restart', 'required'],
  fileReference: ['source', 'target', 'uid', 'gid', 'mode'],
  healthcheck: ['test', 'timeout', 'interval', 'retries', 'start_period', 'start_interval', 'disable'],
  network: ['name', 'driver', 'driver_opts', 'ipam', 'external', 'internal', 'attachable', 'labels'],
  volume: ['name', 'driver', 'driver_opts', 'external', 'labels'],
  fileResource: ['name', 'environment', 'file', 'external', 'labels', 'driver', 'driver_opts', 'template_driver', 'content'],
  deploy: [
    'mode',
    'replicas',
    'labels',
    'update_config',
    'rollback_config',
    'resources',
    'restart_policy',
    'placement',
    'endpoint_mode',
  ],
  resources: ['limits', 'reservations'],
  resourceAmounts: ['cpus', 'memory', 'pids', 'devices', 'generic_resources'],
  rollout: ['parallelism', 'delay', 'failure_action', 'monitor', 'max_failure_ratio', 'order'],
  restartPolicy: ['condition', 'delay', 'max_attempts', 'window'],
  placement: ['constraints', 'preferences', 'max_replicas_per_node'],
  logging: ['driver', 'options'],
} as const;

/** Rebuilds the containers whose key order docker compose fixes, carrying positions. */
function inPrintedOrder(tree: JsonObject): JsonObject {
  const services = tree.services;
  if (isJsonObject(services)) {
    for (const [name, service] of Object.entries(services)) {
      if (isJsonObject(service)) services[name] = orderService(service);
    }
    tree.services = orderKeys(services);
  }
  orderSection(tree, 'networks', FIELD_ORDER.network);
  orderSection(tree, 'volumes', FIELD_ORDER.volume);
  orderSection(tree, 'secrets', FIELD_ORDER.fileResource);
  orderSection(tree, 'configs', FIELD_ORDER.fileResource);
  return orderKeys(tree, FIELD_ORDER.project);
}

function orderService(service: JsonObject): JsonObject {
  for (const key of ['environment', 'labels', 'annotations', 'sysctls', 'networks', 'ulimits', 'storage_opt']) {
    orderKeysAt(service, key);
  }
  const build = service.build;
  if (isJsonObject(build)) {
    for (const key of ['args', 'labels', 'additional_contexts']) orderKeysAt(build, key);
    orderItemsAt(build, 'secrets', FIELD_ORDER.fileReference);
    orderKeysAt(service, 'build', FIELD_ORDER.build);
  }
  orderItemsAt(service, 'ports', FIELD_ORDER.port);
  const volumes = service.volumes;
  if (Array.isArray(volumes)) {
    for (const mount of volumes) if (isJsonObject(mount)) orderKeysAt(mount, 'bind', FIELD_ORDER.bind);
  }
  orderItemsAt(service, 'volumes', FIELD_ORDER.mount);
  const dependsOn = service.depends_on;
  if (isJsonObject(dependsOn)) {
    for (const name of Object.keys(dependsOn)) orderKeysAt(dependsOn, name, FIELD_ORDER.dependency);
    orderKeysAt(service, 'depends_on');
  }
  orderItemsAt(service, 'secrets', FIELD_ORDER.fileReference);
  orderItemsAt(service, 'configs', FIELD_ORDER.fileReference);
  orderKeysAt(service, 'healthcheck', FIELD_ORDER.healthcheck);
  const logging = service.logging;
  if (isJsonObject(logging)) {
    orderKeysAt(logging, 'options');
    orderKeysAt(service, 'logging', FIELD_ORDER.logging);
  }
  const deploy = service.deploy;
  if (isJsonObject(deploy)) orderDeploy(service, deploy);
  return orderKeys(service);
}

function orderDeploy(service: JsonObject, deploy: JsonObject): void {
  orderKeysAt(deploy, 'labels');
  const resources = deploy.resources;
  if (isJsonObject(resources)) {
    for (const key of ['limits', 'reservations']) orderKeysAt(resources, key, FIELD_ORDER.resourceAmounts);
    orderKeysAt(deploy, 'resources', FIELD_ORDER.resources);
  }
  orderKeysAt(deploy, 'update_config', FIELD_ORDER.rollout);
  orderKeysAt(deploy, 'rollback_config', FIELD_ORDER.rollout);
  orderKeysAt(deploy, 'restart_policy', FIELD_ORDER.restartPolicy);
  orderKeysAt(deploy, 'placement', FIELD_ORDER.placement);
  orderKeysAt(service, 'deploy', FIELD_ORDER.deploy);
}

function orderSection(tree: JsonObject, section: string, fields: readonly string[]): void {
  const resources = tree[section];
  if (!isJsonObject(resources)) return;
  for (const name of Object.keys(resources)) orderKeysAt(resources, name, fields);
  tree[section] = orderKeys(resources);
}
