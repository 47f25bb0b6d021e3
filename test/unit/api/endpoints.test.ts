import { describe, expect, it } from 'vitest';
import { endpointsOf, hostPortText, loopbackFor } from '../../../src/api/endpoints.js';
import type { ContainerSummary, PublishedPort } from '../../../src/engine/backend.js';

function container(name: string, service: string | undefined, number: number, ports: PublishedPort[], state = 'running'): ContainerSummary {
  const labels: Record<string, string> = { 'com.docker.compose.project': 'demo', 'com.docker.compose.container-number': String(number) };
  if (service !== undefined) labels['com.docker.compose.service'] = service;
  return { id: `id-${name}`, name, image: 'busybox', imageId: 'sha256:1', labels, state, status: '', created: 0, ports, networks: {}, mounts: [] };
}

describe('endpointsOf', () => {
  it('groups the containers by service in replica order, each port under `80/tcp` with a loopback address for every interface', () => {
    const endpoints = endpointsOf('demo', [
      container('demo-web-2', 'web', 2, [{ privatePort: 80, publicPort: 32801, ip: '0.0.0.0', type: 'tcp' }]),
      container('demo-web-1', 'web', 1, [
        { privatePort: 80, publicPort: 32768, ip: '::', type: 'tcp' },
        { privatePort: 80, publicPort: 32768, ip: '0.0.0.0', type: 'tcp' },
        { privatePort: 443, type: 'tcp' },
      ]),
      container('demo-db-1', 'db', 1, [{ privatePort: 5432, publicPort: 15432, ip: '127.0.0.1', type: 'tcp' }]),
      container('demo-migrate-1', 'migrate', 1, [], 'exited'),
    ]);
    expect(endpoints.version).toBe(1);
    expect(endpoints.project).toBe('demo');
    expect(Object.keys(endpoints.services)).toEqual(['db', 'migrate', 'web']);
    expect(endpoints.services.web?.map((entry) => [entry.container, entry.index, entry.ports])).toEqual([
      ['demo-web-1', 1, { '80/tcp': '127.0.0.1:32768' }],
      ['demo-web-2', 2, { '80/tcp': '127.0.0.1:32801' }],
    ]);
    expect(endpoints.services.web?.[0]?.bindings).toEqual([
      { privatePort: 80, protocol: 'tcp', hostIp: '0.0.0.0', host: '127.0.0.1', publishedPort: 32768, address: '127.0.0.1:32768' },
      { privatePort: 80, protocol: 'tcp', hostIp: '::', host: '::1', publishedPort: 32768, address: '[::1]:32768' },
    ]);
    expect(endpoints.services.db?.[0]?.ports).toEqual({ '5432/tcp': '127.0.0.1:15432' });
    expect(endpoints.services.migrate).toEqual([
      { service: 'migrate', index: 1, container: 'demo-migrate-1', state: 'exited', ports: {}, bindings: [] },
    ]);
  });

  it('keys udp apart from tcp, orders by container port, and leaves out containers without a service', () => {
    const endpoints = endpointsOf('demo', [
      container('demo-dns-1', 'dns', 1, [
        { privatePort: 53, publicPort: 1053, ip: '127.0.0.1', type: 'udp' },
        { privatePort: 8080, publicPort: 18080, ip: '127.0.0.1', type: 'tcp' },
        { privatePort: 53, publicPort: 2053, ip: '127.0.0.1', type: 'tcp' },
      ]),
      container('stray', undefined, 1, [{ privatePort: 1, publicPort: 2, ip: '0.0.0.0', type: 'tcp' }]),
    ]);
    expect(Object.keys(endpoints.services)).toEqual(['dns']);
    expect(endpoints.services.dns?.[0]?.ports).toEqual({ '53/tcp': '127.0.0.1:2053', '53/udp': '127.0.0.1:1053', '8080/tcp': '127.0.0.1:18080' });
    expect(Object.keys(endpoints.services.dns?.[0]?.ports ?? {})).toEqual(['53/tcp', '53/udp', '8080/tcp']);
  });

  it('is plain JSON: what JSON.stringify prints parses back the same', () => {
    const endpoints = endpointsOf('demo', [container('demo-web-1', 'web', 1, [{ privatePort: 80, publicPort: 8080, ip: '0.0.0.0', type: 'tcp' }])]);
    expect(JSON.parse(JSON.stringify(endpoints))).toEqual(endpoints);
  });
});

describe('host addresses', () => {
  it('gives the loopback address for every interface, and brackets an IPv6 host', () => {
    expect(loopbackFor('0.0.0.0')).toBe('127.0.0.1');
    expect(loopbackFor('')).toBe('127.0.0.1');
    expect(loopbackFor('::')).toBe('::1');
    expect(loopbackFor('192.168.1.5')).toBe('192.168.1.5');
    expect(hostPortText('::1', 80)).toBe('[::1]:80');
    expect(hostPortText('127.0.0.1', 80)).toBe('127.0.0.1:80');
  });
});
