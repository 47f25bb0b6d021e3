import type { Extensions, StringMapping } from './extensions.js';

/** A device the container reserves (GPUs and the like). */
export interface DeviceRequest extends Extensions {
  capabilities?: string[];
  count?: number | string;
  device_ids?: string[];
  driver?: string;
  options?: Record<string, string | null>;
}

/** CPU, memory and device amounts. */
export interface ResourceAmounts extends Extensions {
  cpus?: number | string;
  memory?: number | string;
  pids?: number;
  devices?: DeviceRequest[];
  generic_resources?: unknown[];
}

/** How updates or rollbacks roll out. Durations in docker compose's printed form. */
export interface RolloutConfig extends Extensions {
  parallelism?: number;
  delay?: string;
  failure_action?: string;
  monitor?: string;
  max_failure_ratio?: number;
  order?: string;
}

/** When the platform restarts a container. Durations in docker compose's printed form. */
export interface RestartPolicy extends Extensions {
  condition?: string;
  delay?: string;
  max_attempts?: number;
  window?: string;
}

/** The deployment settings of a service (deploy.md). */
export interface DeployConfig extends Extensions {
  mode?: string;
  replicas?: number;
  labels?: StringMapping;
  resources?: { limits?: ResourceAmounts; reservations?: ResourceAmounts };
  restart_policy?: RestartPolicy;
  update_config?: RolloutConfig;
  rollback_config?: RolloutConfig;
  placement?: unknown;
  endpoint_mode?: string;
}
