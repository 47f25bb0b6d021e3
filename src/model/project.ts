import type { Extensions } from './extensions.js';
import type { NetworkDefinition } from './network.js';
import type { ConfigDefinition, SecretDefinition } from './secret.js';
import type { Service } from './service.js';
import type { VolumeDefinition } from './volume.js';

/**
 * The normalized project: exactly what `berth config --format json` prints, in docker compose's
 * shape and key names. Services and every mapping come sorted by key; empty sections are absent.
 */
export interface ComposeProject extends Extensions {
  name: string;
  services: Record<string, Service>;
  networks?: Record<string, NetworkDefinition>;
  volumes?: Record<string, VolumeDefinition>;
  secrets?: Record<string, SecretDefinition>;
  configs?: Record<string, ConfigDefinition>;
  models?: Record<string, unknown>;
}
