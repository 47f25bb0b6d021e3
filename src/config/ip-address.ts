import { createRequire } from 'node:module';
import type * as NodeNet from 'node:net';

type Net = typeof NodeNet;

// node:net's own IPv4 rule: four decimal octets, no leading zeros.
const IPV4 = /^(?:(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]\d|\d)\.){3}(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]\d|\d)$/;

let net: Net | undefined;

/**
 * 4, 6 or 0, as node:net's `isIP` answers. IPv4 addresses (nearly every host IP a compose file
 * gives) are told here; node:net, whose loading was a few milliseconds of every `config`, is loaded
 * only for what could be IPv6.
 */
export function ipVersion(text: string): 0 | 4 | 6 {
  if (IPV4.test(text)) return 4;
  if (!text.includes(':')) return 0;
  net ??= createRequire(import.meta.url)('node:net') as Net;
  return net.isIPv6(text) ? 6 : 0;
}
