import { isJsonObject, type Json, type JsonObject } from '../json.js';
import { scalarToString } from '../syntax/scalar.js';
import { removeKey } from './remove-key.js';

/**
 * A name → text mapping as docker compose prints it (labels, sysctls, driver and logging options,
 * ...): numbers and booleans as their text, an unset value (null) as the empty string. Anything
 * else is left as written, for the schema or a check to name.
 */
export function stringifyValues(mapping: Json | undefined): void {
  if (!isJsonObject(mapping)) return;
  for (const [name, value] of Object.entries(mapping)) {
    if (value === null) mapping[name] = '';
    else if (typeof value === 'number' || typeof value === 'boolean') mapping[name] = scalarToString(value);
  }
}

/**
 * The mapping at `owner[key]` printed as above, and left out altogether when null or empty, as
 * docker compose leaves out an empty mapping.
 */
export function normalizeStringMapping(owner: JsonObject, key: string): void {
  if (!(key in owner)) return;
  const mapping = owner[key];
  if (mapping === null || (isJsonObject(mapping) && Object.keys(mapping).length === 0)) {
    removeKey(owner, key);
    return;
  }
  stringifyValues(mapping);
}
