// The types of the normalized project, for the engine, the planner and library users.
export type { BlkioConfig, ThrottleDevice, WeightDevice } from './blkio.js';
export type { BuildConfig } from './build.js';
export type { DependencyCondition, ServiceDependency } from './dependency.js';
export type {
  DeployConfig,
  DeployResources,
  DeviceRequest,
  Placement,
  ResourceAmounts,
  RestartPolicy,
  RolloutConfig,
} from './deploy.js';
export type { DevelopConfig, WatchAction, WatchRule } from './develop.js';
export type { DeviceMapping } from './device.js';
export type { Extensions, NullableStringMapping, StringMapping } from './extensions.js';
export type { FileReference } from './file-reference.js';
export type { Healthcheck } from './healthcheck.js';
export type { ServiceHook } from './hook.js';
export type { LoggingConfig } from './logging.js';
export type { BindOptions, ImageOptions, MountType, ServiceMount, TmpfsOptions, VolumeOptions } from './mount.js';
export type { IpamConfig, IpamPool, NetworkDefinition, ServiceNetworkAttachment } from './network.js';
export type { ServicePort } from './port.js';
export type { ComposeProject } from './project.js';
export type { ConfigDefinition, FileResourceDefinition, SecretDefinition } from './secret.js';
export type { Service } from './service.js';
export type { Ulimit } from './ulimit.js';
export type { VolumeDefinition } from './volume.js';
