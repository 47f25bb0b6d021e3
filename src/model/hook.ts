import type { Extensions, NullableStringMapping } from './extensions.js';

/** A command run in the container at a point of its life (`post_start`, `pre_stop`). */
export interface ServiceHook extends Extensions {
  /** Split into words when written as one string. */
  command: string[];
  user?: string;
  privileged?: boolean | string;
  working_dir?: string;
  environment?: NullableStringMapping;
}
