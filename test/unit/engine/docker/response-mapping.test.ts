import { describe, expect, it } from 'vitest';
import {
  toContainerDetails,
  toContainerSummary,
  toEndpointConfig,
  toEngineEvent,
  toNetworkSummary,
  toPullProgress,
  toVolumeSummary,
} from '../../../../src/engine/docker/response-mapping.js';

// Trimmed from the answers of Docker Engine 20.10.
const LIST_ITEM = {
  Id: 'c68963c5a1876a82fdfcc5cf6acf00827362d9b9858e9fae5e66a878f8f74107',
  Names: ['/berth-capture-5'],
  Image: 'berth-test/busybox:latest',
  ImageID: 'sha256:2642c2088a265c52d5a16357487ec15de2029df4d1f9fba226dfb0ca0067a6d0',
  Command: "sh -c 'echo out; echo err >&2; sleep 30'",
  Created: 1796122893,
  Ports: [
    { IP: '127.0.0.1', PrivatePort: 80, PublicPort: 8080, Type: 'tcp' },
    { PrivatePort: 443, Type: 'tcp' },
  ],
  Labels: { x: 'y' },
  State: 'running',
  Status: 'Up Less than a second',
  HostConfig: { NetworkMode: 'default' },
  NetworkSettings: {
    Networks: {
      bridge: {
        IPAMConfig: null,
        Links: null,
        Aliases: null,
        NetworkID: 'e405a6bc5cf026bef634233045ae4e22165086a5f44b76b1d73b9112761cfa0c',
        IPAddress: '172.17.0.3',
      },
    },
  },
  Mounts: [{ Type: 'volume', Name: 'proj_data', Source: '/var/lib/docker/volumes/proj_data/_data', Destination: '/data', Driver: 'local' }],
};

describe('toContainerSummary', () => {
  it('maps a list entry, without the leading slash of the name', () => {
    expect(toContainerSummary(LIST_ITEM)).toEqual({
      id: LIST_ITEM.Id,
      name: 'berth-capture-5',
      image: 'berth-test/busybox:latest',
      imageId: LIST_ITEM.ImageID,
      labels: { x: 'y' },
      state: 'running',
      status: 'Up Less than a second',
      created: 1796122893,
      ports: [
        { privatePort: 80, publicPort: 8080, ip: '127.0.0.1', type: 'tcp' },
        { privatePort: 443, type: 'tcp' },
      ],
      networks: { bridge: { networkId: LIST_ITEM.NetworkSettings.Networks.bridge.NetworkID, ipAddress: '172.17.0.3', aliases: [] } },
      mounts: [{ type: 'volume', name: 'proj_data', source: '/var/lib/docker/volumes/proj_data/_data', destination: '/data' }],
    });
  });

  it("takes the container's own name over the names legacy links add", () => {
    expect(toContainerSummary({ ...LIST_ITEM, Names: ['/web/db', '/db'] }).name).toBe('db');
  });

  it('tolerates nulls and absent fields', () => {
    expect(toContainerSummary({ Id: 'x', Labels: null, Ports: null, Mounts: null, NetworkSettings: null })).toMatchObject({
      id: 'x',
      name: '',
      labels: {},
      ports: [],
      networks: {},
      mounts: [],
    });
  });
});

describe('toContainerDetails', () => {
  it('maps an inspect result, wording the status from the state', () => {
    const details = toContainerDetails(
      {
        Id: 'abc',
        Name: '/proj-web-1',
        Created: '2026-01-10T11:00:00.5Z',
        Image: 'sha256:2642',
        RestartCount: 2,
        Config: {
          Image: 'berth-test/busybox:latest',
          Labels: { 'com.docker.compose.project': 'proj' },
          Env: ['PATH=/bin'],
          Cmd: ['sleep', '30'],
          Entrypoint: null,
          Hostname: 'abc',
          Tty: false,
        },
        State: { Status: 'running', Running: true, ExitCode: 0, StartedAt: '2026-01-10T11:58:00Z', FinishedAt: '0001-01-01T00:00:00Z', Health: { Status: 'healthy' } },
        NetworkSettings: {
          Networks: { proj_default: { NetworkID: 'n1', IPAddress: '172.18.0.2', Aliases: ['web', 'abc'] } },
          Ports: { '80/tcp': [{ HostIp: '0.0.0.0', HostPort: '8080' }, { HostIp: '::', HostPort: '8080' }], '443/tcp': null },
        },
        Mounts: [],
      },
      new Date('2026-01-10T12:00:00Z'),
    );
    expect(details).toEqual({
      id: 'abc',
      name: 'proj-web-1',
      image: 'berth-test/busybox:latest',
      imageId: 'sha256:2642',
      labels: { 'com.docker.compose.project': 'proj' },
      state: 'running',
      status: 'Up 2 minutes (healthy)',
      created: Math.floor(Date.parse('2026-01-10T11:00:00.5Z') / 1000),
      ports: [
        { privatePort: 80, publicPort: 8080, ip: '0.0.0.0', type: 'tcp' },
        { privatePort: 80, publicPort: 8080, ip: '::', type: 'tcp' },
        { privatePort: 443, type: 'tcp' },
      ],
      networks: { proj_default: { networkId: 'n1', ipAddress: '172.18.0.2', aliases: ['web', 'abc'] } },
      mounts: [],
      health: 'healthy',
      startedAt: '2026-01-10T11:58:00Z',
      exitCode: 0,
      running: true,
      restartCount: 2,
      config: { env: ['PATH=/bin'], cmd: ['sleep', '30'], entrypoint: null, hostname: 'abc' },
    });
  });
});

describe('the other summaries', () => {
  it('lists the attached containers of a network', () => {
    expect(
      toNetworkSummary({ Id: 'n1', Name: 'proj_default', Driver: 'bridge', Labels: null, Internal: false, Attachable: true, Containers: { c1: {}, c2: {} } }),
    ).toEqual({ id: 'n1', name: 'proj_default', driver: 'bridge', labels: {}, internal: false, attachable: true, containers: ['c1', 'c2'] });
  });

  it('maps a volume', () => {
    expect(toVolumeSummary({ Name: 'v', Driver: 'local', Labels: { a: 'b' }, Mountpoint: '/var/lib/docker/volumes/v/_data' })).toEqual({
      name: 'v',
      driver: 'local',
      labels: { a: 'b' },
      mountpoint: '/var/lib/docker/volumes/v/_data',
    });
  });

  it('maps an event', () => {
    expect(
      toEngineEvent({
        status: 'start',
        id: 'c6',
        Type: 'container',
        Action: 'start',
        Actor: { ID: 'c6', Attributes: { name: 'berth-capture-5', x: 'y' } },
        time: 1796122893,
        timeNano: Number('1796122893808023366'),
      } as Parameters<typeof toEngineEvent>[0]),
    ).toEqual({ type: 'container', action: 'start', id: 'c6', attributes: { name: 'berth-capture-5', x: 'y' }, timeNano: Number('1796122893808023366') });
  });

  it('maps pull progress, setting only what the engine sent', () => {
    expect(toPullProgress({ status: 'Pulling from blobby', id: 'x' })).toEqual({ status: 'Pulling from blobby', id: 'x' });
    expect(toPullProgress({ status: 'Downloading', id: 'bbbb', progressDetail: { current: 10, total: 20 } })).toEqual({
      status: 'Downloading',
      id: 'bbbb',
      current: 10,
      total: 20,
    });
  });

  it("sends only the endpoint settings that are set, in the engine's names", () => {
    expect(toEndpointConfig({})).toEqual({});
    expect(toEndpointConfig({ aliases: ['db'], ipv4Address: '10.1.0.5', macAddress: '02:42:ac:11:00:02', priority: 10 })).toEqual({
      Aliases: ['db'],
      IPAMConfig: { IPv4Address: '10.1.0.5' },
      MacAddress: '02:42:ac:11:00:02',
      GwPriority: 10,
    });
  });
});
