import { BerthError } from '../errors.js';
import type { ProjectOptions } from './project-context.js';
import type { Stack } from './stack.js';
import { planUp, up, type UpOptions, type UpPlan } from './up.js';

/** `scale SERVICE=NUM...`. */
export interface ScaleOptions extends ProjectOptions {
  /** How many containers each service named should have; 0 removes them all. */
  replicas: Readonly<Record<string, number>>;
  /** Leave alone the services the named ones depend on (by default they are brought up too). */
  noDeps?: boolean;
  /** Seconds a removed replica gets to stop before it is killed. */
  timeoutSeconds?: number;
}

/**
 * Brings the named services to their number of replicas: `up -d --scale` for those services only.
 * Replicas are added or removed, the rest of each service left as it is; other services are
 * untouched, except the dependencies of the named ones, which are brought up unless `noDeps`.
 */
export async function scale(options: ScaleOptions): Promise<Stack> {
  return up(scaleAsUp(options));
}

/** What `scale` would do, changing nothing (`--dry-run`). */
export async function planScale(options: ScaleOptions): Promise<UpPlan> {
  return planUp(scaleAsUp(options));
}

function scaleAsUp(options: ScaleOptions): UpOptions {
  const { replicas, noDeps, ...rest } = options;
  const services = Object.keys(replicas);
  if (services.length === 0) throw new BerthError('usage', 'scale needs at least one SERVICE=NUM', { hint: 'for example: berth scale web=3' });
  const chosen: UpOptions = { ...rest, services, scale: { ...replicas } };
  if (noDeps === true) chosen.noDeps = true;
  return chosen;
}
