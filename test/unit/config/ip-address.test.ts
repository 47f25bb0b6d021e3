import { isIP } from 'node:net';
import { describe, expect, it } from 'vitest';
import { ipVersion } from '../../../src/config/ip-address.js';

describe('ipVersion', () => {
  const samples = [
    '127.0.0.1', '0.0.0.0', '255.255.255.255', '10.1.2.3', '1.2.3', '1.2.3.4.5', '256.1.1.1', '01.2.3.4', '1.2.3.04',
    '1..2.3', ' 1.2.3.4', '1.2.3.4 ', '', 'localhost', '::', '::1', 'fe80::1', 'fe80::1%eth0', '::ffff:127.0.0.1',
    '2001:db8::8a2e:370:7334', '2001:db8:::1', ':', '1:2:3:4:5:6:7:8', '1:2:3:4:5:6:7:8:9', 'g::1', '[::1]',
  ];
  it.each(samples)('answers as node:net does for %j', (sample) => {
    expect(ipVersion(sample)).toBe(isIP(sample));
  });
});
