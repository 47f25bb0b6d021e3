import { describe, expect, it } from 'vitest';
import type { ContainerStatus } from '../../../src/api/ps.js';
import { goTime, humanDuration, timeAgo } from '../../../src/cli/format/human-duration.js';
import { displayPorts } from '../../../src/cli/format/ports.js';
import { psRecord, renderPsJson, renderPsTable } from '../../../src/cli/format/ps-output.js';

const now = new Date('2024-05-02T12:00:00Z');
const created = Date.parse('2024-05-02T11:57:00Z') / 1000;

function container(overrides: Partial<ContainerStatus> = {}): ContainerStatus {
  return {
    id: 'd2763e024a10aa5f0d1e5f6c1b3e2d4c5f6a7b8c9d0e1f2a3b4c5d6e7f8a9b0c',
    name: 'demo-web-1',
    image: 'nginx:1.25',
    command: '/docker-entrypoint.sh nginx -g daemon off;',
    project: 'demo',
    service: 'web',
    number: 1,
    created,
    state: 'running',
    status: 'Up 3 minutes',
    health: '',
    exitCode: 0,
    publishers: [
      { url: '0.0.0.0', targetPort: 80, publishedPort: 8080, protocol: 'tcp' },
      { url: '::', targetPort: 80, publishedPort: 8080, protocol: 'tcp' },
    ],
    labels: { 'com.docker.compose.service': 'web', 'com.docker.compose.project': 'demo' },
    localVolumes: 1,
    mounts: ['ae6fbf221bbbee0123456789abcdef', '/srv/site'],
    networks: ['demo_back', 'demo_default'],
    ...overrides,
  };
}

describe('ps table', () => {
  it('has docker compose v2 columns, at least ten wide with three spaces between, the last not padded', () => {
    const db = container({ name: 'demo-db-1', image: 'postgres:16', service: 'db', command: 'postgres', publishers: [{ url: '', targetPort: 5432, publishedPort: 0, protocol: 'tcp' }] });
    expect(renderPsTable([db, container()], { now })).toBe(
      [
        'NAME         IMAGE         COMMAND                  SERVICE   CREATED         STATUS         PORTS',
        'demo-db-1    postgres:16   "postgres"               db        3 minutes ago   Up 3 minutes   5432/tcp',
        'demo-web-1   nginx:1.25    "/docker-entrypoint.…"   web       3 minutes ago   Up 3 minutes   0.0.0.0:8080->80/tcp, [::]:8080->80/tcp',
        '',
      ].join('\n'),
    );
  });

  it('is only the heading when there is no container', () => {
    expect(renderPsTable([], { now })).toBe('NAME      IMAGE     COMMAND   SERVICE   CREATED   STATUS    PORTS\n');
  });

  it('shows the whole command with noTrunc', () => {
    expect(renderPsTable([container()], { now, noTrunc: true })).toContain('"/docker-entrypoint.sh nginx -g daemon off;"');
  });
});

describe('ps --format json', () => {
  it('prints one object per line with docker compose v2 keys, sorted', () => {
    const lines = renderPsJson([container(), container({ name: 'demo-web-2' })], { now, utcOffsetMinutes: 0 }).split('\n');
    expect(lines).toHaveLength(3);
    const record = JSON.parse(lines[0] ?? '') as Record<string, unknown>;
    expect(Object.keys(record)).toEqual([
      'Command', 'Created', 'CreatedAt', 'ExitCode', 'Health', 'ID', 'Image', 'Labels', 'LocalVolumes', 'Mounts', 'Name', 'Names',
      'Networks', 'Ports', 'Project', 'Publishers', 'RunningFor', 'Service', 'Size', 'State', 'Status',
    ]);
    expect(record).toEqual({
      Command: '"/docker-entrypoint.…"',
      Created: created,
      CreatedAt: '2024-05-02 11:57:00 +0000 UTC',
      ExitCode: 0,
      Health: '',
      ID: 'd2763e024a10',
      Image: 'nginx:1.25',
      Labels: 'com.docker.compose.project=demo,com.docker.compose.service=web',
      LocalVolumes: '1',
      Mounts: 'ae6fbf221bbbee…,/srv/site',
      Name: 'demo-web-1',
      Names: 'demo-web-1',
      Networks: 'demo_back,demo_default',
      Ports: '0.0.0.0:8080->80/tcp, [::]:8080->80/tcp',
      Project: 'demo',
      Publishers: [
        { URL: '0.0.0.0', TargetPort: 80, PublishedPort: 8080, Protocol: 'tcp' },
        { URL: '::', TargetPort: 80, PublishedPort: 8080, Protocol: 'tcp' },
      ],
      RunningFor: '3 minutes ago',
      Service: 'web',
      Size: '0B',
      State: 'running',
      Status: 'Up 3 minutes',
    });
  });

  it('keeps the full id with noTrunc', () => {
    expect(psRecord(container(), { now, noTrunc: true }).ID).toHaveLength(64);
  });
});

describe('displayPorts', () => {
  it('groups consecutive ports and lists other mappings after', () => {
    expect(
      displayPorts([
        { url: '0.0.0.0', targetPort: 8001, publishedPort: 8001, protocol: 'tcp' },
        { url: '0.0.0.0', targetPort: 8000, publishedPort: 8000, protocol: 'tcp' },
        { url: '', targetPort: 53, publishedPort: 0, protocol: 'udp' },
        { url: '127.0.0.1', targetPort: 80, publishedPort: 9090, protocol: 'tcp' },
      ]),
    ).toBe('53/udp, 0.0.0.0:8000-8001->8000-8001/tcp, 127.0.0.1:9090->80/tcp');
    expect(displayPorts([])).toBe('');
  });
});

describe('ages', () => {
  it('read as docker reads them', () => {
    const cases: [number, string][] = [
      [500, 'Less than a second'],
      [1000, '1 second'],
      [59_000, '59 seconds'],
      [60_000, 'About a minute'],
      [59 * 60_000, '59 minutes'],
      [3_600_000, 'About an hour'],
      [47 * 3_600_000, '47 hours'],
      [3 * 86_400_000, '3 days'],
      [20 * 86_400_000, '2 weeks'],
      [90 * 86_400_000, '3 months'],
      [800 * 86_400_000, '2 years'],
    ];
    for (const [milliseconds, text] of cases) expect(humanDuration(milliseconds)).toBe(text);
    expect(timeAgo(created, now)).toBe('3 minutes ago');
  });

  it('print creation times as Go does', () => {
    expect(goTime(created, 0)).toBe('2024-05-02 11:57:00 +0000 UTC');
    expect(goTime(created, 240)).toBe('2024-05-02 15:57:00 +0400 +04');
    expect(goTime(created, -330)).toBe('2024-05-02 06:27:00 -0530 -0530');
  });
});
