import { describe, expect, it } from 'vitest';
import { parsePortShortSyntax } from '../../../../src/config/syntax/ports.js';
import { ShortSyntaxError } from '../../../../src/config/syntax/short-syntax-error.js';

describe('parsePortShortSyntax', () => {
  it('reads a bare container port, as a number or a string', () => {
    expect(parsePortShortSyntax(80)).toEqual([{ target: 80 }]);
    expect(parsePortShortSyntax('3000')).toEqual([{ target: 3000 }]);
  });

  it('reads host and container ports', () => {
    expect(parsePortShortSyntax('8080:80')).toEqual([{ target: 80, published: '8080' }]);
  });

  it('expands a container range into one entry per port', () => {
    expect(parsePortShortSyntax('3000-3002')).toEqual([{ target: 3000 }, { target: 3001 }, { target: 3002 }]);
  });

  it('pairs equal host and container ranges port by port', () => {
    expect(parsePortShortSyntax('9090-9091:8080-8081')).toEqual([
      { target: 8080, published: '9090' },
      { target: 8081, published: '9091' },
    ]);
  });

  it('keeps a host range against one container port as a range', () => {
    expect(parsePortShortSyntax('8000-9000:80')).toEqual([{ target: 80, published: '8000-9000' }]);
  });

  it('reads a host IP, with or without a host port', () => {
    expect(parsePortShortSyntax('127.0.0.1:8001:8001')).toEqual([
      { target: 8001, published: '8001', host_ip: '127.0.0.1' },
    ]);
    expect(parsePortShortSyntax('127.0.0.1::80')).toEqual([{ target: 80, host_ip: '127.0.0.1' }]);
    expect(parsePortShortSyntax('127.0.0.1:5000-5001:5000-5001')).toEqual([
      { target: 5000, published: '5000', host_ip: '127.0.0.1' },
      { target: 5001, published: '5001', host_ip: '127.0.0.1' },
    ]);
  });

  it('reads IPv6 host addresses, bare or bracketed', () => {
    expect(parsePortShortSyntax('::1:6000:6000')).toEqual([{ target: 6000, published: '6000', host_ip: '::1' }]);
    expect(parsePortShortSyntax('[::1]:6001:6001')).toEqual([{ target: 6001, published: '6001', host_ip: '::1' }]);
    expect(parsePortShortSyntax('[fe80::1]::53/udp')).toEqual([{ target: 53, host_ip: 'fe80::1', protocol: 'udp' }]);
  });

  it('reads the protocol', () => {
    expect(parsePortShortSyntax('6060:6060/udp')).toEqual([{ target: 6060, published: '6060', protocol: 'udp' }]);
    expect(parsePortShortSyntax('132/sctp')).toEqual([{ target: 132, protocol: 'sctp' }]);
    expect(parsePortShortSyntax('80/TCP')).toEqual([{ target: 80, protocol: 'tcp' }]);
  });

  it.each([
    ['80/xyz', /unknown protocol/],
    ['99999', /between 0 and 65535/],
    ['8080:', /no container port/],
    ['http:80', /not a host port/],
    ['1.2.3:80:80', /not an IP address/],
    ['8000-8001:80-82', /differ in length/],
    ['90-80', /ends before it starts/],
    ['a:b:c:d', /not an IP address/],
  ])('rejects %s', (spec, message) => {
    expect(() => parsePortShortSyntax(spec)).toThrow(ShortSyntaxError);
    expect(() => parsePortShortSyntax(spec)).toThrow(message);
  });

  it('rejects a number that is no port', () => {
    expect(() => parsePortShortSyntax(70000)).toThrow(ShortSyntaxError);
    expect(() => parsePortShortSyntax(1.5)).toThrow(ShortSyntaxError);
  });
});
