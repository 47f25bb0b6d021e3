import { ipVersion } from './ip-address.js';

/**
 * The string formats named by schemas/compose.schema.json. The compiled validator calls the checks in
 * `formats` by name; the `*Problem` functions say why a value is wrong, for the error message.
 */

/** Why a value does not fit a format (a short phrase), or undefined when it fits. */
export type FormatProblem = (value: string) => string | undefined;

/** Protocols docker accepts on a port (`80/udp`). */
const PROTOCOLS = new Set(['tcp', 'udp', 'sctp']);
const MAX_PORT = 65535;

/**
 * True for a value that still holds a variable reference (`${PORT}`, `$PORT`). Interpolation runs
 * before validation, so this only happens when it is switched off; such a value cannot be judged yet.
 */
export function isUninterpolated(value: string): boolean {
  return /\$(\{|[A-Za-z_])/.test(value);
}

const DURATION_UNITS: Readonly<Record<string, number>> = {
  ns: 1,
  us: 1e3,
  µs: 1e3,
  μs: 1e3,
  ms: 1e6,
  s: 1e9,
  m: 60e9,
  h: 3600e9,
};
const DURATION_PART = /(\d+(?:\.\d*)?|\.\d+)([a-z\u00b5\u03bc]*)/y;

/**
 * A Go-style duration (`1m30s`, `10s`, `1.5h`, `100ms`, `0`) in nanoseconds, or undefined when it
 * is not one. Signs are refused: every duration in a compose file is a length of time.
 */
export function parseDuration(value: string): number | undefined {
  if (value === '0') return 0;
  if (value === '') return undefined;
  let total = 0;
  DURATION_PART.lastIndex = 0;
  while (DURATION_PART.lastIndex < value.length) {
    const match = DURATION_PART.exec(value);
    if (!match) return undefined;
    const unit = DURATION_UNITS[match[2] ?? ''];
    if (unit === undefined) return undefined;
    total += Number(match[1]) * unit;
  }
  return total;
}

/** Why `value` is not a duration. */
export function durationProblem(value: string): string | undefined {
  if (isUninterpolated(value) || parseDuration(value) !== undefined) return undefined;
  if (/^[+-]?\d+(\.\d+)?$/.test(value)) return 'a unit is missing (use ns, us, ms, s, m or h)';
  if (/^[+-]/.test(value)) return 'a duration cannot be signed';
  const unit = /[\d.]([a-zA-Z\u00b5\u03bc]+)/.exec(value)?.[1];
  if (unit !== undefined && DURATION_UNITS[unit] === undefined) return `unknown unit "${unit}" (use ns, us, ms, s, m or h)`;
  return unit === undefined ? 'expected a number followed by a unit' : 'expected numbers each followed by a unit';
}

const BYTE_UNITS: Readonly<Record<string, number>> = { '': 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3, t: 1024 ** 4, p: 1024 ** 5 };
const BYTES = /^(\d+(?:\.\d+)?) ?(?:([kmgtp])i?)?b?$/i;

/**
 * A byte size (`1gb`, `512m`, `2048k`, `2b`, `1.5g`, a plain number of bytes) in bytes, or undefined.
 * Units are powers of 1024 and case does not matter, as docker reads them.
 */
export function parseBytes(value: string): number | undefined {
  const match = BYTES.exec(value);
  if (!match) return undefined;
  const unit = BYTE_UNITS[(match[2] ?? '').toLowerCase()] ?? 1;
  return Math.floor(Number(match[1]) * unit);
}

/** Why `value` is not a byte size. */
export function bytesProblem(value: string): string | undefined {
  if (isUninterpolated(value) || parseBytes(value) !== undefined) return undefined;
  if (value.startsWith('-')) return 'a size cannot be negative';
  return 'expected a number of bytes, optionally followed by b, k, m, g, t or p (512m, 1gb)';
}

interface PortRange {
  start: number;
  end: number;
}

/** Parses `80` or `8000-8010`; a string is the reason it is not one. */
function parseRange(text: string, what: string): PortRange | string {
  const match = /^(\d+)(?:-(\d+))?$/.exec(text);
  if (!match) return text === '' ? `the ${what} port is missing` : `"${text}" is not a ${what} port or range`;
  const start = Number(match[1]);
  const end = match[2] === undefined ? start : Number(match[2]);
  for (const port of [start, end]) {
    if (port > MAX_PORT) return `port ${port} is out of range (0-${MAX_PORT})`;
  }
  if (end < start) return `the range ${text} ends before it starts`;
  return { start, end };
}

function protocolProblem(protocol: string): string | undefined {
  return PROTOCOLS.has(protocol.toLowerCase()) ? undefined : `unknown protocol "${protocol}" (use tcp, udp or sctp)`;
}

/** Splits `[ip:]published:target` (after the protocol is removed) the way docker does. */
function splitPortParts(text: string): { ip?: string; published?: string; target: string } | string {
  if (text.startsWith('[')) {
    const close = text.indexOf(']');
    if (close === -1) return 'the "[" around the host IP is not closed';
    const rest = text.slice(close + 1);
    const parts = rest.split(':');
    if (parts.length !== 3 || parts[0] !== '') return 'expected [ip]:published:target after a bracketed host IP';
    return { ip: text.slice(1, close), published: parts[1] ?? '', target: parts[2] ?? '' };
  }
  const parts = text.split(':');
  const target = parts[parts.length - 1] ?? '';
  if (parts.length === 1) return { target };
  if (parts.length === 2) return { published: parts[0], target };
  // Everything before the last two parts is the host IP, so an IPv6 one needs no brackets (`::1:6000:6000`).
  return { ip: parts.slice(0, -2).join(':'), published: parts[parts.length - 2], target };
}

/** Why `value` is not a short-syntax port: `[[ip:]published[-range]:]target[-range][/protocol]`. */
export function portsProblem(value: string): string | undefined {
  if (isUninterpolated(value)) return undefined;
  let spec = value;
  const slash = value.indexOf('/');
  if (slash !== -1) {
    const problem = protocolProblem(value.slice(slash + 1));
    if (problem) return problem;
    spec = value.slice(0, slash);
  }
  const parts = splitPortParts(spec);
  if (typeof parts === 'string') return parts;
  if (parts.ip !== undefined && parts.ip !== '') {
    const bracketed = spec.startsWith('[');
    if (bracketed ? ipVersion(parts.ip) !== 6 : ipVersion(parts.ip) === 0) return `"${parts.ip}" is not an IP address`;
  }
  const target = parseRange(parts.target, 'container');
  if (typeof target === 'string') return target;
  if (parts.published === undefined || parts.published === '') return undefined;
  const published = parseRange(parts.published, 'host');
  if (typeof published === 'string') return published;
  const targetSize = target.end - target.start;
  const publishedSize = published.end - published.start;
  // A host range for a single container port means "any free port in the range".
  if (targetSize !== 0 && targetSize !== publishedSize) {
    return `the host range ${parts.published} and the container range ${parts.target} differ in length`;
  }
  return undefined;
}

/** Why `value` is not an exposed port: `port[-port][/protocol]`. */
export function exposeProblem(value: string): string | undefined {
  if (isUninterpolated(value)) return undefined;
  const [ports = '', protocol, ...extra] = value.split('/');
  if (extra.length > 0) return 'expected port[-port][/protocol]';
  if (protocol !== undefined) {
    const problem = protocolProblem(protocol);
    if (problem) return problem;
  }
  const range = parseRange(ports, 'container');
  return typeof range === 'string' ? range : undefined;
}

/** Why `value` is not a single port number (long-syntax `target`). */
export function portProblem(value: string): string | undefined {
  if (isUninterpolated(value)) return undefined;
  if (!/^\d+$/.test(value)) return 'expected a port number';
  return Number(value) > MAX_PORT ? `port ${value} is out of range (0-${MAX_PORT})` : undefined;
}

/** Why `value` is not a port or a range of ports (long-syntax `published`). */
export function portRangeProblem(value: string): string | undefined {
  if (isUninterpolated(value) || value === '') return undefined;
  const range = parseRange(value, 'host');
  return typeof range === 'string' ? range : undefined;
}

const BOOLEANS = new Set(['true', 'false', 'yes', 'no', 'y', 'n', 'on', 'off', '1', '0']);

/** Why a string does not read as a boolean (`true`, `false`, and the YAML 1.1 spellings). */
export function booleanProblem(value: string): string | undefined {
  return isUninterpolated(value) || BOOLEANS.has(value.toLowerCase()) ? undefined : 'expected true or false';
}

/** Why a string does not read as a whole number. */
export function integerProblem(value: string): string | undefined {
  return isUninterpolated(value) || /^[+-]?\d+$/.test(value.trim()) ? undefined : 'expected a whole number';
}

/** Why a string does not read as a number. */
export function numberProblem(value: string): string | undefined {
  const number = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;
  return isUninterpolated(value) || number.test(value.trim()) ? undefined : 'expected a number';
}

/** Why `value` is not a restart policy docker accepts. */
export function restartProblem(value: string): string | undefined {
  if (isUninterpolated(value) || /^(|no|always|unless-stopped|on-failure(:\d+)?)$/.test(value)) return undefined;
  return 'expected "no", "always", "on-failure", "on-failure:<max retries>" or "unless-stopped"';
}

/** Why `value` is not a pull policy. */
export function pullPolicyProblem(value: string): string | undefined {
  const policy = /^(always|never|missing|if_not_present|build|refresh|daily|weekly|every_(\d+[wdhms])+)$/;
  if (isUninterpolated(value) || policy.test(value)) return undefined;
  return 'expected always, never, missing, build, refresh, daily, weekly or every_<duration> (every_12h)';
}

/** The explanation behind each format the schema names. */
export const formatProblems = {
  duration: durationProblem,
  bytes: bytesProblem,
  ports: portsProblem,
  expose: exposeProblem,
  port: portProblem,
  'port-range': portRangeProblem,
  boolean: booleanProblem,
  integer: integerProblem,
  number: numberProblem,
  restart: restartProblem,
  'pull-policy': pullPolicyProblem,
} as const satisfies Record<string, FormatProblem>;

/** The name of a format the schema may use. */
export type FormatName = keyof typeof formatProblems;

function fits(problem: FormatProblem): (value: string) => boolean {
  return (value) => problem(value) === undefined;
}

/** The checks the compiled validator calls by format name (it imports this module). */
export const formats: Readonly<Record<FormatName, (value: string) => boolean>> = {
  duration: (value) => isUninterpolated(value) || parseDuration(value) !== undefined,
  bytes: (value) => isUninterpolated(value) || parseBytes(value) !== undefined,
  ports: fits(portsProblem),
  expose: fits(exposeProblem),
  port: fits(portProblem),
  'port-range': fits(portRangeProblem),
  boolean: fits(booleanProblem),
  integer: fits(integerProblem),
  number: fits(numberProblem),
  restart: fits(restartProblem),
  'pull-policy': fits(pullPolicyProblem),
};
