import type { Extensions, NullableStringMapping, StringMapping } from './extensions.js';
import type { FileReference } from './file-reference.js';
import type { Ulimit } from './ulimit.js';

/** How a service's image is built. */
export interface BuildConfig extends Extensions {
  /** An absolute directory, or a URL / git remote. */
  context: string;
  /** Relative to the context unless absolute; `Dockerfile` unless `dockerfile_inline` is set. */
  dockerfile?: string;
  dockerfile_inline?: string;
  entitlements?: string[];
  /** A bare `ARG` takes its value from the environment, and stays null when that has none. */
  args?: NullableStringMapping;
  ssh?: unknown;
  labels?: StringMapping;
  cache_from?: string[];
  cache_to?: string[];
  no_cache?: boolean;
  /** Name → absolute directory, URL, `docker-image://...` or `service:<name>`. */
  additional_contexts?: StringMapping;
  network?: string;
  provenance?: string | boolean;
  sbom?: string | boolean;
  pull?: boolean;
  target?: string;
  /** A count of bytes in decimal (`"67108864"` for `64m`), absent when zero. */
  shm_size?: string;
  /** `host=address`, sorted. */
  extra_hosts?: string[];
  isolation?: string;
  privileged?: boolean;
  secrets?: FileReference[];
  tags?: string[];
  ulimits?: Record<string, Ulimit>;
  platforms?: string[];
}
