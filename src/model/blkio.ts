import type { Extensions } from './extensions.js';

/** A device and the weight of its share of block IO. */
export interface WeightDevice extends Extensions {
  path?: string;
  weight?: number;
}

/**
 * A device and a limit on its IO per second. The rate is printed as a decimal count in a string
 * (`"12582912"` for `12mb`), for bytes and operations alike, as docker compose prints it.
 */
export interface ThrottleDevice extends Extensions {
  path?: string;
  rate?: string;
}

/** Block IO limits of a service. */
export interface BlkioConfig extends Extensions {
  weight?: number;
  weight_device?: WeightDevice[];
  device_read_bps?: ThrottleDevice[];
  device_read_iops?: ThrottleDevice[];
  device_write_bps?: ThrottleDevice[];
  device_write_iops?: ThrottleDevice[];
}
