import { describe, expect, it } from 'vitest';
import { parseExtraHost } from '../../../../src/config/syntax/extra-hosts.js';
import { ShortSyntaxError } from '../../../../src/config/syntax/short-syntax-error.js';

describe('parseExtraHost', () => {
  it('reads HOST=IP and HOST:IP', () => {
    expect(parseExtraHost('somehost=162.242.195.82')).toEqual({ host: 'somehost', address: '162.242.195.82' });
    expect(parseExtraHost('somehost:162.242.195.82')).toEqual({ host: 'somehost', address: '162.242.195.82' });
  });

  it('keeps the colons of IPv6 addresses and drops their brackets', () => {
    expect(parseExtraHost('myhostv6=::1')).toEqual({ host: 'myhostv6', address: '::1' });
    expect(parseExtraHost('myhostv6:::1')).toEqual({ host: 'myhostv6', address: '::1' });
    expect(parseExtraHost('myhostv6=[::1]')).toEqual({ host: 'myhostv6', address: '::1' });
  });

  it('keeps host-gateway', () => {
    expect(parseExtraHost('host.docker.internal=host-gateway')).toEqual({
      host: 'host.docker.internal',
      address: 'host-gateway',
    });
  });

  it.each(['justahost', '=1.2.3.4', 'host='])('rejects %s', (entry) => {
    expect(() => parseExtraHost(entry)).toThrow(ShortSyntaxError);
  });
});
