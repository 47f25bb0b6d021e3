import type { VolumeDefinition } from '../../model/index.js';
import type { EngineVolumeCreateBody } from '../engine-types.js';
import { CONFIG_HASH_LABEL, volumeLabels } from '../labels.js';
import { resourceConfigHash } from './resource-hash.js';

/**
 * The create body of a project volume (an external one is looked up, never created): its own
 * labels with docker compose's over them, the config hash included.
 */
export function volumeCreateBody(projectName: string, key: string, definition: VolumeDefinition): EngineVolumeCreateBody {
  const body: EngineVolumeCreateBody = {
    Name: definition.name,
    Labels: {
      ...definition.labels,
      ...volumeLabels(projectName, key),
      [CONFIG_HASH_LABEL]: resourceConfigHash(definition),
    },
  };
  if (definition.driver !== undefined && definition.driver !== '') body.Driver = definition.driver;
  if (definition.driver_opts !== undefined && Object.keys(definition.driver_opts).length > 0) {
    body.DriverOpts = { ...definition.driver_opts };
  }
  return body;
}
