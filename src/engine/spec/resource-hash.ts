import { createHash } from 'node:crypto';
import { canonicalJson } from '../../model/config-hash.js';
import type { NetworkDefinition, VolumeDefinition } from '../../model/index.js';

/**
 * The config-hash label of a project network or volume: the sha256 (hex) of its definition's
 * canonical JSON. A network or volume whose label no longer matches its definition has diverged
 * from the compose file (a network is then recreated, a volume only after asking).
 */
export function resourceConfigHash(definition: NetworkDefinition | VolumeDefinition): string {
  return createHash('sha256').update(canonicalJson(definition)).digest('hex');
}
