import { isJsonObject, type Json, type JsonObject, type PathSegment } from '../json.js';
import { carryPosition, ownPositionOf, positionOf, setOwnPosition, setPosition } from '../source-map.js';
import { toBooleanIfBoolean } from '../syntax/boolean.js';

const SERVICE_PREFIX = 'service:';

/**
 * `depends_on` with its defaults (`condition: service_started`, `required: true`; `restart` shown only
 * when true, as docker compose prints it), plus the dependencies a service implies without naming
 * them: `links`, `network_mode`/`ipc`/`pid` of `service:x` (both restarting with their donor), and
 * `volumes_from` a service. An explicit entry always wins over an implied one.
 */
export function normalizeDependencies(service: JsonObject): void {
  const written = service.depends_on;
  const dependsOn: JsonObject = isJsonObject(written) ? written : {};
  for (const [name, entry] of Object.entries(dependsOn)) {
    dependsOn[name] = withDefaults(dependsOn, name, entry);
  }
  const imply = (name: string, restart: boolean, from: JsonObject | Json[], key: PathSegment): void => {
    if (name === '' || Object.prototype.hasOwnProperty.call(dependsOn, name)) return;
    const entry: JsonObject = restart
      ? { condition: 'service_started', restart: true, required: true }
      : { condition: 'service_started', required: true };
    dependsOn[name] = entry;
    carryPosition(from, key, dependsOn, name);
    const position = positionOf(from, key);
    if (position) setOwnPosition(entry, position);
  };

  const links = service.links;
  if (Array.isArray(links)) {
    links.forEach((link, index) => {
      if (typeof link === 'string') imply(link.split(':')[0] ?? '', true, links, index);
    });
  }
  for (const key of ['network_mode', 'ipc', 'pid']) {
    const mode = service[key];
    if (typeof mode === 'string' && mode.startsWith(SERVICE_PREFIX)) {
      imply(mode.slice(SERVICE_PREFIX.length), true, service, key);
    }
  }
  const volumesFrom = service.volumes_from;
  if (Array.isArray(volumesFrom)) {
    volumesFrom.forEach((source, index) => {
      if (typeof source !== 'string' || source.startsWith('container:')) return;
      const name = source.startsWith(SERVICE_PREFIX) ? source.slice(SERVICE_PREFIX.length) : source;
      imply(name.split(':')[0] ?? '', false, volumesFrom, index);
    });
  }
  if (Object.keys(dependsOn).length > 0) service.depends_on = dependsOn;
  else delete service.depends_on;
}

function withDefaults(owner: JsonObject, name: string, entry: Json): Json {
  if (entry !== null && !isJsonObject(entry)) return entry;
  const written: JsonObject = entry ?? {};
  const restart = toBooleanIfBoolean(written.restart);
  const required = written.required === undefined ? true : toBooleanIfBoolean(written.required);
  const result: JsonObject = { condition: written.condition ?? 'service_started' };
  if (restart !== false && restart !== undefined) result.restart = restart;
  result.required = required;
  for (const [key, value] of Object.entries(written)) {
    if (!(key in result) && key !== 'restart') result[key] = value;
  }
  for (const key of Object.keys(result)) {
    const position = positionOf(written, key);
    if (position) setPosition(result, key, position);
  }
  const own = ownPositionOf(written) ?? positionOf(owner, name);
  if (own) setOwnPosition(result, own);
  return result;
}
