import { BerthError } from '../errors.js';

/** How many engine calls run at once when COMPOSE_PARALLEL_LIMIT does not say: high enough not to be the bottleneck. */
export const DEFAULT_PARALLEL_LIMIT = 64;

/** COMPOSE_PARALLEL_LIMIT as a number of concurrent steps; unset means the default. */
export function parallelLimit(value: string | undefined): number {
  if (value === undefined || value.trim() === '') return DEFAULT_PARALLEL_LIMIT;
  const limit = Number(value.trim());
  if (!Number.isInteger(limit) || limit < 1) {
    throw new BerthError('parallel-limit', `COMPOSE_PARALLEL_LIMIT must be a whole number of 1 or more, not "${value}"`);
  }
  return limit;
}
