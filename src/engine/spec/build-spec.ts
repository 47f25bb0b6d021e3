// A service's build section as a request to the engine's build endpoint, the classic builder's
// (the one the Engine API runs without a BuildKit session).

import type { BuildConfig, Service } from '../../model/index.js';
import type { BuildRequest } from '../backend.js';
import type { BuildContextOptions } from '../build/build-context.js';
import { BerthError } from '../../errors.js';

/** What the build of one image asks of the engine, but its context stream. */
export type BuildSpec = Omit<BuildRequest, 'context' | 'dockerfile' | 'signal'>;

/** What the command line adds to every build (`build --no-cache --pull --build-arg`). */
export interface BuildOverrides {
  noCache?: boolean;
  pull?: boolean;
  args?: Readonly<Record<string, string>>;
}

/** A build section the classic builder cannot carry out. */
export class UnsupportedBuildError extends BerthError {
  constructor(service: string, detail: string, hint: string) {
    super('build-unsupported', `service "${service}": ${detail}`, { hint });
  }
}

/** The build section's keys that only BuildKit implements: the classic builder would ignore or reject them. */
const BUILDKIT_ONLY = ['secrets', 'ssh', 'additional_contexts', 'entitlements', 'privileged'] as const;

/** Keys with no effect on the classic builder; building without them is what the user gets elsewhere too. */
const IGNORED = ['cache_to', 'provenance', 'sbom', 'isolation', 'ulimits'] as const;

const BUILDKIT_HINT = 'berth builds through the Engine API\'s classic builder, which has no BuildKit session; build this image with docker buildx, then give the service an image:';

/** The build section of a service; throws for one that is missing or that only BuildKit can build. */
export function buildSection(serviceName: string, service: Service): BuildConfig {
  const build = service.build;
  if (build === undefined) throw new BerthError('build-missing', `service "${serviceName}" has no build section`);
  for (const key of BUILDKIT_ONLY) {
    const value = build[key];
    const set = Array.isArray(value) ? value.length > 0 : typeof value === 'object' && value !== null ? Object.keys(value).length > 0 : value !== undefined && value !== false;
    if (set) throw new UnsupportedBuildError(serviceName, `build.${key} needs BuildKit`, BUILDKIT_HINT);
  }
  if ((build.platforms?.length ?? 0) > 1) {
    throw new UnsupportedBuildError(serviceName, `build.platforms names ${build.platforms?.length ?? 0} platforms; a multi-platform build needs BuildKit`, BUILDKIT_HINT);
  }
  if (/^(?:[a-z][a-z0-9+.-]*:\/\/|git@)/i.test(build.context)) {
    throw new UnsupportedBuildError(serviceName, `build.context ${build.context} is a URL; berth builds from a local directory only`, 'clone it, and point context at the directory');
  }
  return build;
}

/** The build section's keys that are set and that the classic builder ignores, for a warning. */
export function ignoredBuildKeys(build: BuildConfig): string[] {
  return IGNORED.filter((key) => build[key] !== undefined);
}

/** Where the context and Dockerfile of a build section are, as the context archive takes them. */
export function buildSource(build: BuildConfig): BuildContextOptions {
  if (build.dockerfile_inline !== undefined) return { contextDir: build.context, dockerfile: { inline: build.dockerfile_inline } };
  return { contextDir: build.context, dockerfile: build.dockerfile ?? 'Dockerfile' };
}

/**
 * The request for one image: every name it gets (`reference`, then the section's `tags`), the
 * arguments with a value (a bare `ARG` with nothing in the environment is left to the Dockerfile's
 * default), and the section's settings with the command line's on top.
 */
export function buildSpec(reference: string, service: Service, build: BuildConfig, overrides: BuildOverrides = {}): BuildSpec {
  const spec: BuildSpec = { tags: [reference, ...(build.tags ?? []).filter((tag) => tag !== reference)] };
  const args: Record<string, string> = {};
  for (const [name, value] of Object.entries(build.args ?? {})) if (value !== null) args[name] = value;
  Object.assign(args, overrides.args);
  if (Object.keys(args).length > 0) spec.buildArgs = args;
  if (build.target !== undefined) spec.target = build.target;
  if (build.labels !== undefined && Object.keys(build.labels).length > 0) spec.labels = { ...build.labels };
  if (build.no_cache === true || overrides.noCache === true) spec.noCache = true;
  if (build.pull === true || overrides.pull === true) spec.pull = true;
  if (build.network !== undefined) spec.network = build.network;
  if (build.extra_hosts !== undefined && build.extra_hosts.length > 0) {
    // The model keeps `host=address`; the build endpoint takes `host:address`.
    spec.extraHosts = build.extra_hosts.map((entry) => entry.replace('=', ':'));
  }
  if (build.shm_size !== undefined) spec.shmSize = Number(build.shm_size);
  if (build.cache_from !== undefined && build.cache_from.length > 0) spec.cacheFrom = [...build.cache_from];
  const platform = service.platform ?? build.platforms?.[0];
  if (platform !== undefined) spec.platform = platform;
  return spec;
}
