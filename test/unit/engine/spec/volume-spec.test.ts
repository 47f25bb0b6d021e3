import { describe, expect, it } from 'vitest';
import type { VolumeDefinition } from '../../../../src/model/index.js';
import { resourceConfigHash } from '../../../../src/engine/spec/resource-hash.js';
import { volumeCreateBody } from '../../../../src/engine/spec/volume-spec.js';

describe('volumeCreateBody', () => {
  it('is the name and the compose labels for a plain volume', () => {
    const definition: VolumeDefinition = { name: 'shop_db-data' };
    expect(volumeCreateBody('shop', 'db-data', definition)).toEqual({
      Name: 'shop_db-data',
      Labels: {
        'com.docker.compose.volume': 'db-data',
        'com.docker.compose.project': 'shop',
        'com.docker.compose.version': '2.20.2',
        'com.docker.compose.config-hash': resourceConfigHash(definition),
      },
    });
  });

  it('maps driver, options and labels', () => {
    const definition: VolumeDefinition = {
      name: 'shop_nfs',
      driver: 'local',
      driver_opts: { type: 'nfs', o: 'addr=10.0.0.1,rw', device: ':/export' },
      labels: { 'com.example.backup': 'daily' },
    };
    expect(volumeCreateBody('shop', 'nfs', definition)).toEqual({
      Name: 'shop_nfs',
      Driver: 'local',
      DriverOpts: { type: 'nfs', o: 'addr=10.0.0.1,rw', device: ':/export' },
      Labels: {
        'com.example.backup': 'daily',
        'com.docker.compose.volume': 'nfs',
        'com.docker.compose.project': 'shop',
        'com.docker.compose.version': '2.20.2',
        'com.docker.compose.config-hash': resourceConfigHash(definition),
      },
    });
  });
});
