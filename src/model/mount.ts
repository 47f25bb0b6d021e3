import type { Extensions, StringMapping } from './extensions.js';

/** The kinds of mount a service may ask for. */
export type MountType = 'bind' | 'volume' | 'tmpfs' | 'image' | 'npipe' | 'cluster';

/** Options of a bind mount. */
export interface BindOptions {
  /** `z` (shared) or `Z` (private) relabelling. */
  selinux?: string;
  propagation?: string;
  /** Create the host directory when missing; true unless written false. */
  create_host_path: boolean;
  recursive?: string;
}

/** Options of a volume mount. */
export interface VolumeOptions {
  labels?: StringMapping;
  nocopy?: boolean;
  subpath?: string;
}

/** Options of a tmpfs mount. */
export interface TmpfsOptions {
  /** A count of bytes in decimal (`"1536"` for `1.5k`), absent when zero. */
  size?: string;
  mode?: number;
}

/** Options of an image mount. */
export interface ImageOptions {
  subpath?: string;
}

/** One entry of a service's `volumes`: what is mounted where. */
export interface ServiceMount extends Extensions {
  type: MountType;
  /** Absolute host path (bind), volume key (volume; absent when anonymous), image reference (image). */
  source?: string;
  target: string;
  read_only?: boolean;
  consistency?: string;
  bind?: BindOptions;
  volume?: VolumeOptions;
  tmpfs?: TmpfsOptions;
  image?: ImageOptions;
}
