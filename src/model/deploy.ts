import type { Extensions, StringMapping } from './extensions.js';

/** A device the container reserves (GPUs and the like). */
export interface DeviceRequest extends Extensions {
  capabilities?: string[];
  count?: number | string;
  device_ids?: string[];
  driver?: string;
  options?: StringMapping;
}

/** CPU, memory and device amounts. Zero amounts are absent (no limit). */
export interface ResourceAmounts extends Extensions {
  /** A number of CPUs (`0.5`). */
  cpus?: number;
  /** A count of bytes, in decimal (`"536870912"` for `512M`). */
  memory?: string;
  pids?: number;
  devices?: DeviceRequest[];
  generic_resources?: unknown[];
}

/** The resource limits and reservations of a service; `{}` when none are set. */
export interface DeployResources extends Extensions {
  limits?: ResourceAmounts;
  reservations?: ResourceAmounts;
}

/** Where the platform may run the service's containers; `{}` when not set. */
export interface Placement extends Extensions {
  constraints?: string[];
  preferences?: ({ spread?: string } & Extensions)[];
  max_replicas_per_node?: number;
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

/**
 * The deployment settings of a service (deploy.md). `resources` and `placement` are always there,
 * as docker compose prints them.
 */
export interface DeployConfig extends Extensions {
  mode?: string;
  replicas?: number;
  labels?: StringMapping;
  resources: DeployResources;
  restart_policy?: RestartPolicy;
  update_config?: RolloutConfig;
  rollback_config?: RolloutConfig;
  placement: Placement;
  endpoint_mode?: string;
}
