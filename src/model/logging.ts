import type { Extensions, StringMapping } from './extensions.js';

/** Where a container's output goes. Option values are text (`max-file: 10` → `"10"`). */
export interface LoggingConfig extends Extensions {
  driver?: string;
  options?: StringMapping;
}
