import type { BlkioConfig } from './blkio.js';
import type { BuildConfig } from './build.js';
import type { ServiceDependency } from './dependency.js';
import type { DeployConfig, DeviceRequest } from './deploy.js';
import type { DevelopConfig } from './develop.js';
import type { DeviceMapping } from './device.js';
import type { Extensions, NullableStringMapping, StringMapping } from './extensions.js';
import type { FileReference } from './file-reference.js';
import type { Healthcheck } from './healthcheck.js';
import type { ServiceHook } from './hook.js';
import type { LoggingConfig } from './logging.js';
import type { ServiceMount } from './mount.js';
import type { ServiceNetworkAttachment } from './network.js';
import type { ServicePort } from './port.js';
import type { Ulimit } from './ulimit.js';

/**
 * A normalized service, keyed as docker compose prints it. Collections that would be empty are
 * absent, flags that would be false are absent, `command` and `entrypoint` are always there (null:
 * the image's own). The service's name is its key in `ComposeProject.services`.
 */
export interface Service extends Extensions {
  annotations?: StringMapping;
  attach?: boolean;
  blkio_config?: BlkioConfig;
  build?: BuildConfig;
  cap_add?: string[];
  cap_drop?: string[];
  cgroup?: string;
  cgroup_parent?: string;
  /** Split into words when written as one string; `[]` overrides the image's with nothing. */
  command: string[] | null;
  configs?: FileReference[];
  container_name?: string;
  cpu_count?: number;
  cpu_percent?: number;
  cpu_period?: number;
  cpu_quota?: number;
  cpu_rt_period?: number | string;
  cpu_rt_runtime?: number | string;
  cpu_shares?: number;
  /** A number of CPUs (`1.5`); absent when zero. */
  cpus?: number;
  cpuset?: string;
  credential_spec?: Record<string, unknown>;
  /** Written and implied dependencies, by service name. */
  depends_on?: Record<string, ServiceDependency>;
  deploy?: DeployConfig;
  develop?: DevelopConfig;
  device_cgroup_rules?: string[];
  devices?: DeviceMapping[];
  dns?: string[];
  dns_opt?: string[];
  dns_search?: string[];
  domainname?: string;
  entrypoint: string[] | null;
  /** `env_file` contents under the service's own values; null: a bare name the environment lacks. */
  environment?: NullableStringMapping;
  expose?: string[];
  external_links?: string[];
  /** `host=address`, sorted. */
  extra_hosts?: string[];
  /** `all`, or the devices asked for. */
  gpus?: string | DeviceRequest[];
  group_add?: string[];
  healthcheck?: Healthcheck;
  hostname?: string;
  image?: string;
  init?: boolean;
  ipc?: string;
  isolation?: string;
  /** `label_file` contents under the service's own labels. */
  labels?: StringMapping;
  links?: string[];
  logging?: LoggingConfig;
  mac_address?: string;
  /** Byte sizes: a count of bytes in decimal (`"536870912"` for `512m`), absent when zero. */
  mem_limit?: string;
  mem_reservation?: string;
  mem_swappiness?: number;
  /** A count of bytes in decimal; `"-1"` for unlimited swap. */
  memswap_limit?: string;
  network_mode?: string;
  /** By network key; `{ default: null }` for a service that names none and has no network_mode. */
  networks?: Record<string, ServiceNetworkAttachment | null>;
  oom_kill_disable?: boolean;
  oom_score_adj?: number;
  pid?: string;
  pids_limit?: number;
  platform?: string;
  ports?: ServicePort[];
  post_start?: ServiceHook[];
  pre_stop?: ServiceHook[];
  privileged?: boolean;
  profiles?: string[];
  pull_policy?: string;
  read_only?: boolean;
  restart?: string;
  runtime?: string;
  scale?: number;
  secrets?: FileReference[];
  security_opt?: string[];
  /** A count of bytes in decimal. */
  shm_size?: string;
  stdin_open?: boolean;
  /** Docker compose's printed form (`1m30s`). */
  stop_grace_period?: string;
  stop_signal?: string;
  storage_opt?: Record<string, string>;
  sysctls?: StringMapping;
  tmpfs?: string[];
  tty?: boolean;
  ulimits?: Record<string, Ulimit>;
  use_api_socket?: boolean;
  user?: string;
  userns_mode?: string;
  uts?: string;
  volumes?: ServiceMount[];
  volumes_from?: string[];
  working_dir?: string;
}
