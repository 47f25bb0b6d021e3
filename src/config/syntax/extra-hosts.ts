import { ShortSyntaxError } from './short-syntax-error.js';

/** One `/etc/hosts` line asked for: a host name and the address it resolves to. */
export interface ExtraHost {
  host: string;
  address: string;
}

/**
 * Reads `HOST=IP` (preferred) or the older `HOST:IP`. Host names cannot hold `:` or `=`, so the first
 * separator ends the name and an IPv6 address keeps its colons (`myhost:::1`). Brackets around an
 * IPv6 address (`[::1]`) are dropped: /etc/hosts does not use them.
 */
export function parseExtraHost(entry: string): ExtraHost {
  const equals = entry.indexOf('=');
  const at = equals !== -1 ? equals : entry.indexOf(':');
  if (at <= 0 || at === entry.length - 1) {
    throw new ShortSyntaxError(`invalid extra host "${entry}": expected HOST=IP`);
  }
  return { host: entry.slice(0, at).trim(), address: unbracket(entry.slice(at + 1).trim()) };
}

/** An address without the brackets IPv6 addresses may be written in. */
export function unbracket(address: string): string {
  return address.startsWith('[') && address.endsWith(']') ? address.slice(1, -1) : address;
}
