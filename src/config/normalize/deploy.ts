import { isJsonObject, type JsonObject } from '../json.js';
import { normalizeStringMapping } from './string-maps.js';
import { byteSizeAt, cpusAt } from './units.js';

/**
 * `deploy` as docker compose prints it: `resources` and `placement` always there (`{}` when not
 * written, as its JSON never leaves them out), CPU counts as numbers, memory as a count of bytes,
 * labels and device options as text. A null `deploy` is no deploy at all.
 */
export function normalizeDeploy(service: JsonObject): void {
  if (!('deploy' in service)) return;
  const deploy = service.deploy;
  if (deploy === null) {
    delete service.deploy;
    return;
  }
  if (!isJsonObject(deploy)) return;
  normalizeStringMapping(deploy, 'labels');
  if (!isJsonObject(deploy.resources)) deploy.resources = {};
  for (const amounts of [deploy.resources.limits, deploy.resources.reservations]) {
    if (isJsonObject(amounts)) normalizeAmounts(amounts);
  }
  if (!isJsonObject(deploy.placement)) deploy.placement = {};
}

/** Device requests (`deploy.resources.reservations.devices`, `gpus`): options as text. */
export function normalizeDeviceRequests(requests: unknown): void {
  if (!Array.isArray(requests)) return;
  for (const request of requests) {
    if (isJsonObject(request)) normalizeStringMapping(request, 'options');
  }
}

function normalizeAmounts(amounts: JsonObject): void {
  cpusAt(amounts, 'cpus');
  byteSizeAt(amounts, 'memory');
  normalizeDeviceRequests(amounts.devices);
}
