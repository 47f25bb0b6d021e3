import type { Extensions } from './extensions.js';
import type { ServiceHook } from './hook.js';

/** What a watch rule does when a file under its path changes. */
export type WatchAction = 'sync' | 'rebuild' | 'restart' | 'sync+restart' | 'sync+exec';

/** One `develop.watch` rule. */
export interface WatchRule extends Extensions {
  /** Absolute host path watched. */
  path: string;
  action: WatchAction;
  target?: string;
  ignore?: string[];
  include?: string[];
  exec?: ServiceHook;
  initial_sync?: boolean;
}

/** A service's development settings. */
export interface DevelopConfig extends Extensions {
  watch?: WatchRule[];
}
