import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { canonicalJson } from '../../../../src/model/config-hash.js';
import type { NetworkDefinition } from '../../../../src/model/index.js';
import { networkCreateBody } from '../../../../src/engine/spec/network-spec.js';
import { resourceConfigHash } from '../../../../src/engine/spec/resource-hash.js';

describe('networkCreateBody', () => {
  it('is the name, the compose labels and CheckDuplicate for a plain network', () => {
    const definition: NetworkDefinition = { name: 'shop_default', ipam: {} };
    expect(networkCreateBody('shop', 'default', definition)).toEqual({
      Name: 'shop_default',
      CheckDuplicate: true,
      Labels: {
        'com.docker.compose.network': 'default',
        'com.docker.compose.project': 'shop',
        'com.docker.compose.version': '2.20.2',
        'com.docker.compose.config-hash': resourceConfigHash(definition),
      },
    });
  });

  it('maps driver, options, flags, IPAM and labels', () => {
    const definition: NetworkDefinition = {
      name: 'shop_back',
      driver: 'bridge',
      driver_opts: { 'com.docker.network.bridge.name': 'shop0' },
      ipam: {
        driver: 'default',
        config: [
          { subnet: '172.28.0.0/16', ip_range: '172.28.5.0/24', gateway: '172.28.5.254', aux_addresses: { host1: '172.28.1.5' } },
          { subnet: 'fd00:28::/64' },
        ],
        options: { foo: 'bar' },
      },
      internal: true,
      attachable: true,
      enable_ipv4: true,
      enable_ipv6: true,
      labels: { 'com.example.tier': 'back', 'com.docker.compose.project': 'spoofed' },
    };
    expect(networkCreateBody('shop', 'back', definition)).toEqual({
      Name: 'shop_back',
      CheckDuplicate: true,
      Driver: 'bridge',
      Options: { 'com.docker.network.bridge.name': 'shop0' },
      Internal: true,
      Attachable: true,
      EnableIPv4: true,
      EnableIPv6: true,
      IPAM: {
        Driver: 'default',
        Config: [
          { Subnet: '172.28.0.0/16', IPRange: '172.28.5.0/24', Gateway: '172.28.5.254', AuxiliaryAddresses: { host1: '172.28.1.5' } },
          { Subnet: 'fd00:28::/64' },
        ],
        Options: { foo: 'bar' },
      },
      Labels: {
        'com.example.tier': 'back',
        'com.docker.compose.network': 'back',
        'com.docker.compose.project': 'shop',
        'com.docker.compose.version': '2.20.2',
        'com.docker.compose.config-hash': resourceConfigHash(definition),
      },
    });
  });

  it('sends enable_ipv6: false as written', () => {
    expect(networkCreateBody('shop', 'v4', { name: 'shop_v4', ipam: {}, enable_ipv6: false }).EnableIPv6).toBe(false);
  });
});

describe('resourceConfigHash', () => {
  it('is the sha256 of the canonical JSON, the same whatever the key order', () => {
    const definition: NetworkDefinition = { name: 'shop_back', ipam: {}, driver: 'bridge' };
    expect(resourceConfigHash(definition)).toBe(createHash('sha256').update(canonicalJson(definition)).digest('hex'));
    expect(resourceConfigHash({ driver: 'bridge', ipam: {}, name: 'shop_back' })).toBe(resourceConfigHash(definition));
    expect(resourceConfigHash({ ...definition, internal: true })).not.toBe(resourceConfigHash(definition));
  });
});
