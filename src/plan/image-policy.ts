import { ImageNotFoundError } from '../engine/engine-errors.js';
import type { Service } from '../model/index.js';
import { BuildNotSupportedError } from './plan-errors.js';

/** `up --pull`: override every service's pull_policy, or `policy` to follow each one's. */
export type PullOption = 'always' | 'missing' | 'never' | 'policy';

/** Whether a service's image has to be pulled before its containers are created, and why. */
export type PullDecision = { pull: false } | { pull: true; reason: string };

/** What is known about the image when deciding. */
export interface ImageFacts {
  /** The image is present locally. */
  present: boolean;
  /** It was pulled already during this run (an `always` policy is then satisfied). */
  pulled: boolean;
}

/**
 * Applies the pull policy to one service's image. A service that only has `build:`, or whose
 * policy asks for a build, or that has `build:` and an image not present locally, is a
 * BuildNotSupportedError; policy `never` with the image absent is an ImageNotFoundError.
 * Policies that depend on when the image was last pulled (`daily`, `every_12h`) act as `missing`,
 * since the engine does not say when an image was pulled.
 */
export function pullDecision(serviceName: string, service: Service, option: PullOption | undefined, facts: ImageFacts): PullDecision {
  const reference = service.image;
  if (reference === undefined) {
    throw new BuildNotSupportedError(serviceName, 'has build: and no image:');
  }
  const forced = option !== undefined && option !== 'policy';
  const policy = forced ? option : (service.pull_policy ?? 'missing');
  if (policy === 'build') throw new BuildNotSupportedError(serviceName, 'has pull_policy: build');
  if (policy === 'always') {
    return facts.pulled ? { pull: false } : { pull: true, reason: forced ? '--pull always' : 'pull_policy: always' };
  }
  if (facts.present) return { pull: false };
  if (service.build !== undefined && !forced) {
    throw new BuildNotSupportedError(serviceName, `has build: and its image ${reference} is not present locally`);
  }
  if (policy === 'never') {
    const why = forced ? '--pull never was given' : `service "${serviceName}" has pull_policy: never`;
    throw new ImageNotFoundError(reference, `not present locally, and ${why}`, {
      hint: forced ? 'pull it first (docker pull), or run without --pull never' : 'pull it first (docker pull), or change pull_policy',
    });
  }
  return { pull: true, reason: 'not present locally' };
}
