/** Where a container's output goes. */
export interface LoggingConfig {
  driver?: string;
  options?: Record<string, string | null>;
}
