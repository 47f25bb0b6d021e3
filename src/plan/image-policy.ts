import { ImageNotFoundError } from '../engine/engine-errors.js';
import type { Service } from '../model/index.js';
import { BuildSectionMissingError } from './plan-errors.js';

/** `up --pull`: override every service's pull_policy, or `policy` to follow each one's. */
export type PullOption = 'always' | 'missing' | 'never' | 'policy';

/** `up --build` (`always`), `up --no-build` (`never`), or neither: build what is missing. */
export type BuildOption = 'always' | 'never';

/** How a service gets its image before its containers are created, and why. */
export type ImageDecision =
  | { action: 'none' }
  /** `mayFail`: the service can build its image, so a failed pull only warns and a build follows. */
  | { action: 'pull'; reason: string; mayFail: boolean }
  | { action: 'build'; reason: string };

/** What is known about the image when deciding. */
export interface ImageFacts {
  /** The image is present locally. */
  present: boolean;
  /** It was pulled already during this run (an `always` policy is then satisfied). */
  pulled: boolean;
  /** A pull of it failed during this run (a buildable service then builds). */
  pullFailed: boolean;
  /** It was built during this run. */
  built: boolean;
}

/**
 * Applies the pull policy, the build section and `--build`/`--no-build` to one service's image, as
 * the Compose Specification says: with both `image` and `build` and no pull_policy, the image is
 * pulled first and built when the pull fails; a service with `build` and no `image` builds (there
 * is nothing to pull under the name it gets). Policies that depend on when the image was last
 * pulled (`daily`, `every_12h`) act as `missing`, since the engine does not say when an image was
 * pulled.
 */
export function imageDecision(
  serviceName: string,
  service: Service,
  options: { pull?: PullOption | undefined; build?: BuildOption | undefined },
  facts: ImageFacts,
): ImageDecision {
  if (facts.built) return { action: 'none' };
  const buildable = service.build !== undefined;
  const canBuild = buildable && options.build !== 'never';
  const forced = options.pull !== undefined && options.pull !== 'policy';
  const policy = forced ? options.pull : (service.pull_policy ?? 'missing');

  if (canBuild && options.build === 'always') return { action: 'build', reason: '--build' };
  if (service.pull_policy === 'build') {
    if (!buildable) throw new BuildSectionMissingError(serviceName, 'has pull_policy: build');
    if (canBuild) return { action: 'build', reason: 'pull_policy: build' };
  }
  if (policy === 'always') {
    if (facts.pulled) return { action: 'none' };
    if (facts.pullFailed && canBuild) return { action: 'build', reason: 'the pull failed' };
    return { action: 'pull', reason: forced ? '--pull always' : 'pull_policy: always', mayFail: canBuild };
  }
  if (facts.present) return { action: 'none' };
  if (canBuild && (policy === 'never' || service.image === undefined || service.image === '' || facts.pullFailed)) {
    return { action: 'build', reason: facts.pullFailed ? 'not present locally, and the pull failed' : 'not present locally' };
  }
  if (service.image === undefined || service.image === '') {
    if (!buildable) throw new BuildSectionMissingError(serviceName, 'has no image');
    throw new ImageNotFoundError(`for service ${serviceName}`, 'it has not been built, and --no-build was given', {
      hint: 'run berth build first, or up without --no-build',
    });
  }
  if (policy === 'never') {
    const why = forced ? '--pull never was given' : `service "${serviceName}" has pull_policy: never`;
    throw new ImageNotFoundError(service.image, `not present locally, and ${why}`, {
      hint: forced ? 'pull it first (docker pull), or run without --pull never' : 'pull it first (docker pull), or change pull_policy',
    });
  }
  return { action: 'pull', reason: 'not present locally', mayFail: canBuild };
}
