import type { Extensions } from './extensions.js';

/** A service's grant of a secret or config: which one, and where and how it is mounted. */
export interface FileReference extends Extensions {
  /** The key under the top-level `secrets` or `configs`. */
  source: string;
  /** Absolute path in the container (defaulted; absent only for build secrets). */
  target?: string;
  uid?: string;
  gid?: string;
  mode?: number | string;
}
