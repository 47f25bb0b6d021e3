import type { Extensions, StringMapping } from './extensions.js';

/** One address pool of a network's IPAM configuration. */
export interface IpamPool {
  subnet?: string;
  ip_range?: string;
  gateway?: string;
  aux_addresses?: StringMapping;
}

/** How a network hands out addresses. Always printed, `{}` when nothing is set. */
export interface IpamConfig {
  driver?: string;
  config?: IpamPool[];
  options?: StringMapping;
}

/** A top-level network. */
export interface NetworkDefinition extends Extensions {
  /** The engine's name: `<project>_<key>`, the key when external, or as written. */
  name: string;
  driver?: string;
  driver_opts?: StringMapping;
  ipam: IpamConfig;
  external?: boolean;
  internal?: boolean;
  attachable?: boolean;
  labels?: StringMapping;
  enable_ipv4?: boolean;
  enable_ipv6?: boolean;
}

/** How a service joins one network; `null` when nothing beyond joining is asked. */
export interface ServiceNetworkAttachment extends Extensions {
  aliases?: string[];
  interface_name?: string;
  ipv4_address?: string;
  ipv6_address?: string;
  link_local_ips?: string[];
  mac_address?: string;
  driver_opts?: StringMapping;
  gw_priority?: number;
  priority?: number;
}
