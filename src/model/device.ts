import type { Extensions } from './extensions.js';

/** A host device made available in the container. */
export interface DeviceMapping extends Extensions {
  /** Host path, or a CDI device name. */
  source: string;
  target: string;
  /** Cgroup permissions, letters of `rwm`. */
  permissions?: string;
}
