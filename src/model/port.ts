import type { Extensions } from './extensions.js';

/** A port a service publishes: one entry per container port, even when written as a range. */
export interface ServicePort extends Extensions {
  name?: string;
  /** `ingress` unless written `host`. */
  mode: string;
  /** Absent: every interface. IPv6 addresses without brackets. */
  host_ip?: string;
  /** The container port. */
  target: number;
  /** The host port, or a range (`8000-9000`) the engine picks from. Absent: any free port. */
  published?: string;
  /** `tcp` unless written `udp` or `sctp`. */
  protocol: string;
  app_protocol?: string;
}
