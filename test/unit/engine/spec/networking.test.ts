import { describe, expect, it } from 'vitest';
import {
  containerCreateBody,
  extraNetworkAttachments,
  networksByPriority,
} from '../../../../src/engine/spec/container-spec.js';
import type { ComposeProject, Service } from '../../../../src/model/index.js';
import { project, service, specInput } from './spec-input.js';

const NETWORKS: Partial<ComposeProject> = {
  networks: {
    front: { name: 'shop_front', ipam: {} },
    back: { name: 'shop_back', ipam: { config: [{ subnet: '172.28.0.0/16' }] } },
    admin: { name: 'company-admin', ipam: {}, external: true },
  },
};

function inputFor(web: Service, extra: Partial<Parameters<typeof specInput>[1]> = {}) {
  return specInput(web, { project: project({ web, db: service() }, NETWORKS), ...extra });
}

describe('networksByPriority', () => {
  it('orders by priority, highest first, then by key', () => {
    const web = service({ networks: { front: null, back: { priority: 10 }, admin: null, zeta: { priority: -1 } } });
    expect(networksByPriority(web)).toEqual(['back', 'admin', 'front', 'zeta']);
    expect(networksByPriority(service({ networks: undefined }))).toEqual([]);
  });
});

describe('containerCreateBody: networks', () => {
  it('joins the first network at create, with the container and service names and the aliases', () => {
    const web = service({
      networks: {
        front: { aliases: ['shop', 'www'] },
        back: { priority: 100, ipv4_address: '172.28.0.10', ipv6_address: 'fd00::10', link_local_ips: ['169.254.8.8'] },
      },
    });
    const body = containerCreateBody(inputFor(web));
    expect(body.HostConfig.NetworkMode).toBe('shop_back');
    expect(body.NetworkingConfig).toEqual({
      EndpointsConfig: {
        shop_back: {
          Aliases: ['shop-web-1', 'web'],
          IPAMConfig: { IPv4Address: '172.28.0.10', IPv6Address: 'fd00::10', LinkLocalIPs: ['169.254.8.8'] },
        },
      },
    });
    expect(extraNetworkAttachments(inputFor(web))).toEqual([
      { network: 'shop_front', endpoint: { aliases: ['shop-web-1', 'web', 'shop', 'www'] } },
    ]);
  });

  it('connects the others in order, with their addresses, MAC, driver options and gateway priority', () => {
    const web = service({
      networks: {
        front: null,
        back: { ipv4_address: '172.28.0.10', mac_address: '02:42:ac:1c:00:0a', gw_priority: 5, interface_name: 'eth1' },
        admin: { aliases: ['shop-web'], driver_opts: { 'com.example.opt': 'x' } },
      },
    });
    expect(extraNetworkAttachments(inputFor(web))).toEqual([
      {
        network: 'shop_back',
        endpoint: {
          aliases: ['shop-web-1', 'web'],
          ipv4Address: '172.28.0.10',
          macAddress: '02:42:ac:1c:00:0a',
          driverOpts: { 'com.docker.network.endpoint.ifname': 'eth1' },
          priority: 5,
        },
      },
      { network: 'shop_front', endpoint: { aliases: ['shop-web-1', 'web'] } },
    ]);
    expect(containerCreateBody(inputFor(web)).NetworkingConfig).toEqual({
      EndpointsConfig: {
        'company-admin': { Aliases: ['shop-web-1', 'web', 'shop-web'], DriverOpts: { 'com.example.opt': 'x' } },
      },
    });
  });

  it('gives the first network the MAC address, in the endpoint and in Config for engines before API 1.44', () => {
    const own = containerCreateBody(inputFor(service({ mac_address: '02:00:00:00:00:01', networks: { front: null, back: null } })));
    expect(own.MacAddress).toBe('02:00:00:00:00:01');
    expect(own.NetworkingConfig?.EndpointsConfig.shop_back?.MacAddress).toBe('02:00:00:00:00:01');
    const fromNetwork = containerCreateBody(inputFor(service({ networks: { back: { mac_address: '02:00:00:00:00:02' } } })));
    expect(fromNetwork.MacAddress).toBe('02:00:00:00:00:02');
    expect(fromNetwork.NetworkingConfig?.EndpointsConfig.shop_back?.MacAddress).toBe('02:00:00:00:00:02');
  });

  it('refuses two different MAC addresses for the first network', () => {
    const web = service({ mac_address: '02:00:00:00:00:01', networks: { back: { mac_address: '02:00:00:00:00:02' } } });
    expect(() => containerCreateBody(inputFor(web))).toThrow(
      'services.web.mac_address: "02:00:00:00:00:01" differs from networks.back.mac_address "02:00:00:00:00:02"',
    );
  });

  it('refuses a network the project does not define', () => {
    expect(() => containerCreateBody(inputFor(service({ networks: { nowhere: null } })))).toThrow(
      'services.web.networks.nowhere: network "nowhere" is not defined in the top-level networks',
    );
  });

  it('has nothing to connect for a single network', () => {
    expect(extraNetworkAttachments(inputFor(service()))).toEqual([]);
  });
});

describe('containerCreateBody: network_mode', () => {
  const modeOf = (network_mode: string, extra: Partial<Parameters<typeof specInput>[1]> = {}) => {
    const body = containerCreateBody(inputFor(service({ network_mode, networks: undefined }), extra));
    expect(body).not.toHaveProperty('NetworkingConfig');
    return body.HostConfig.NetworkMode;
  };

  it('passes host, none, bridge and container:x as written', () => {
    expect(modeOf('host')).toBe('host');
    expect(modeOf('none')).toBe('none');
    expect(modeOf('bridge')).toBe('bridge');
    expect(modeOf('container:vpn')).toBe('container:vpn');
  });

  it("joins a service's first container, and names a project network by its engine name", () => {
    expect(modeOf('service:db')).toBe('container:shop-db-1');
    expect(modeOf('service:db', { serviceContainers: { db: ['shop-db-3'] } })).toBe('container:shop-db-3');
    expect(modeOf('admin')).toBe('company-admin');
  });

  it('refuses a service: mode whose service has no container', () => {
    expect(() => modeOf('service:db', { serviceContainers: { db: [] } })).toThrow(
      'services.web.network_mode: service "db" has no container',
    );
  });

  it('connects nothing after create', () => {
    expect(extraNetworkAttachments(inputFor(service({ network_mode: 'host', networks: undefined })))).toEqual([]);
  });

  it('sends no network settings for a service with neither', () => {
    const body = containerCreateBody(inputFor(service({ networks: undefined })));
    expect(body.HostConfig).not.toHaveProperty('NetworkMode');
    expect(body).not.toHaveProperty('NetworkingConfig');
  });
});
