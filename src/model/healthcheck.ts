import type { Extensions } from './extensions.js';

/** A container health check. Durations in docker compose's printed form (`1m30s`). */
export interface Healthcheck extends Extensions {
  /** `["CMD", ...]`, `["CMD-SHELL", line]` or `["NONE"]`; a string test becomes CMD-SHELL. */
  test?: string[];
  timeout?: string;
  interval?: string;
  retries?: number;
  start_period?: string;
  start_interval?: string;
  disable?: boolean;
}
