import { ipVersion } from '../ip-address.js';
import { ShortSyntaxError } from './short-syntax-error.js';

/** A published or exposed port in the long form, before defaults (protocol, mode) are applied. */
export interface PortMapping {
  target: number;
  published?: string;
  host_ip?: string;
  protocol?: string;
}

const PROTOCOLS = new Set(['tcp', 'udp', 'sctp']);

interface PortRange {
  start: number;
  end: number;
}

/**
 * Reads `[[IP:](PORT|RANGE):](PORT|RANGE)[/PROTOCOL]` (or a bare number) into one mapping per
 * container port. Equal ranges pair up port by port; a host range against a single container port
 * stays a range (the engine picks a free port in it), as docker does.
 */
export function parsePortShortSyntax(spec: string | number): PortMapping[] {
  if (typeof spec === 'number') {
    if (!isPortNumber(spec)) throw new ShortSyntaxError(`invalid port ${spec}: must be between 0 and 65535`);
    return [{ target: spec }];
  }
  const text = spec.trim();
  const slash = text.lastIndexOf('/');
  const protocol = slash === -1 ? undefined : text.slice(slash + 1).toLowerCase();
  if (protocol !== undefined && !PROTOCOLS.has(protocol)) {
    throw new ShortSyntaxError(`invalid port "${spec}": unknown protocol "${text.slice(slash + 1)}" (tcp, udp or sctp)`);
  }
  const { ip, host, container } = splitAddress(slash === -1 ? text : text.slice(0, slash));
  if (ip !== undefined && ipVersion(ip) === 0) {
    throw new ShortSyntaxError(`invalid port "${spec}": "${ip}" is not an IP address`);
  }
  const targets = parseRange(container, spec, 'container');
  const published = host === undefined || host === '' ? undefined : parseRange(host, spec, 'host');
  const targetCount = targets.end - targets.start;
  if (published && published.end - published.start !== targetCount && targetCount !== 0) {
    throw new ShortSyntaxError(
      `invalid port "${spec}": the host range ${host ?? ''} and the container range ${container} differ in length`,
    );
  }
  const mappings: PortMapping[] = [];
  for (let offset = 0; offset <= targetCount; offset++) {
    const mapping: PortMapping = { target: targets.start + offset };
    if (published) {
      mapping.published =
        targetCount === 0 && published.start !== published.end
          ? `${published.start}-${published.end}`
          : String(published.start + offset);
    }
    if (ip !== undefined) mapping.host_ip = ip;
    if (protocol !== undefined) mapping.protocol = protocol;
    mappings.push(mapping);
  }
  return mappings;
}

/**
 * The container port is always the last colon-separated part and the host port the one before it;
 * whatever comes before those is the host IP, so an IPv6 address may keep its colons (`::1:80:80`)
 * or be bracketed (`[::1]:80:80`).
 */
function splitAddress(text: string): { ip?: string; host?: string; container: string } {
  const parts = text.split(':');
  const container = parts[parts.length - 1] ?? '';
  if (parts.length === 1) return { container };
  const host = parts[parts.length - 2] ?? '';
  if (parts.length === 2) return { host, container };
  const rawIp = parts.slice(0, -2).join(':');
  const ip = rawIp.startsWith('[') && rawIp.endsWith(']') ? rawIp.slice(1, -1) : rawIp;
  return ip === '' ? { host, container } : { ip, host, container };
}

function parseRange(text: string, spec: string, side: 'host' | 'container'): PortRange {
  const match = /^(\d+)(?:-(\d+))?$/.exec(text.trim());
  if (!match) {
    const what = text.trim() === '' ? `no ${side} port` : `"${text}" is not a ${side} port or range`;
    throw new ShortSyntaxError(`invalid port "${spec}": ${what}`);
  }
  const start = Number(match[1]);
  const end = match[2] === undefined ? start : Number(match[2]);
  if (!isPortNumber(start) || !isPortNumber(end)) {
    throw new ShortSyntaxError(`invalid port "${spec}": ports must be between 0 and 65535`);
  }
  if (end < start) throw new ShortSyntaxError(`invalid port "${spec}": the range ${text} ends before it starts`);
  return { start, end };
}

function isPortNumber(value: number): boolean {
  return Number.isInteger(value) && value >= 0 && value <= 65535;
}
