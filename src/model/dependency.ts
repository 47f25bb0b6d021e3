import type { Extensions } from './extensions.js';

/** When a dependency counts as ready. */
export type DependencyCondition = 'service_started' | 'service_healthy' | 'service_completed_successfully';

/** One entry of `depends_on`, written or implied (links, `service:` modes, volumes_from). */
export interface ServiceDependency extends Extensions {
  condition: DependencyCondition;
  /** Restart this service when the dependency is recreated; printed only when true. */
  restart?: boolean;
  /** False: a missing or failed dependency is only a warning. */
  required: boolean;
}
