import type { Extensions, StringMapping } from './extensions.js';

/** A top-level volume. */
export interface VolumeDefinition extends Extensions {
  /** The engine's name: `<project>_<key>`, the key when external, or as written. */
  name: string;
  driver?: string;
  driver_opts?: StringMapping;
  external?: boolean;
  labels?: StringMapping;
}
