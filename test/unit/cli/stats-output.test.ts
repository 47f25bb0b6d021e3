import { describe, expect, it } from 'vitest';
import { readStatsSample, type ContainerStats } from '../../../src/api/stats-sample.js';
import { renderStatsJson, renderStatsTable, statsRecord } from '../../../src/cli/format/stats-output.js';

const ID = 'd2763e024a10aa5f0d1e5f6c1b3e2d4c5f6a7b8c9d0e1f2a3b4c5d6e7f8a9b0c';
const MiB = 1024 * 1024;

/** A sample in the engine's shape (cgroup v2: `inactive_file`). */
function sample(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    name: '/demo-web-1',
    id: ID,
    precpu_stats: { cpu_usage: { total_usage: 100_000_000 }, system_cpu_usage: 1_000_000_000_000, online_cpus: 4 },
    cpu_stats: { cpu_usage: { total_usage: 300_000_000 }, system_cpu_usage: 1_002_000_000_000, online_cpus: 4 },
    memory_stats: { usage: 10 * MiB, limit: 2048 * MiB, stats: { inactive_file: 2 * MiB } },
    networks: { eth0: { rx_bytes: 1500, tx_bytes: 648 }, eth1: { rx_bytes: 500, tx_bytes: 0 } },
    blkio_stats: {
      io_service_bytes_recursive: [
        { major: 8, minor: 0, op: 'Read', value: 4096 },
        { major: 8, minor: 0, op: 'Write', value: 1_200_000 },
        { major: 8, minor: 16, op: 'read', value: 4096 },
        { major: 8, minor: 0, op: 'Total', value: 1_208_192 },
      ],
    },
    pids_stats: { current: 3 },
    ...overrides,
  };
}

const fallback = { id: 'fallback-id', name: 'fallback-name' };

describe('reading a stats sample as the docker CLI does', () => {
  it('computes CPU from the two readings, memory without inactive files, and sums networks and block I/O', () => {
    expect(readStatsSample(sample(), fallback)).toEqual({
      id: ID,
      name: 'demo-web-1',
      // (200 ms of 2000 ms of system time) × 4 CPUs × 100.
      cpuPercent: 40,
      memoryUsage: 8 * MiB,
      memoryLimit: 2048 * MiB,
      memoryPercent: (8 / 2048) * 100,
      networkRx: 2000,
      networkTx: 648,
      blockRead: 8192,
      blockWrite: 1_200_000,
      pids: 3,
    });
  });

  it('takes total_inactive_file on cgroup v1, and counts per-CPU entries when online_cpus is missing', () => {
    const v1 = readStatsSample(
      sample({
        memory_stats: { usage: 10 * MiB, limit: 100 * MiB, stats: { total_inactive_file: 4 * MiB, inactive_file: 1 * MiB } },
        cpu_stats: { cpu_usage: { total_usage: 300_000_000, percpu_usage: [1, 2] }, system_cpu_usage: 1_002_000_000_000 },
      }),
      fallback,
    );
    expect(v1.memoryUsage).toBe(6 * MiB);
    expect(v1.cpuPercent).toBe(20);
  });

  it('reads a stopped container (zeros, no limit, no previous reading) as zeros, named by the list', () => {
    expect(readStatsSample({ name: '', id: '', memory_stats: {}, cpu_stats: {}, precpu_stats: {} }, fallback)).toEqual({
      id: 'fallback-id',
      name: 'fallback-name',
      cpuPercent: 0,
      memoryUsage: 0,
      memoryLimit: 0,
      memoryPercent: 0,
      networkRx: 0,
      networkTx: 0,
      blockRead: 0,
      blockWrite: 0,
      pids: 0,
    });
  });
});

const web: ContainerStats = readStatsSample(sample(), fallback);

describe('stats table', () => {
  it("has the docker CLI's Linux columns, binary units for memory and decimal ones for I/O", () => {
    expect(renderStatsTable([web])).toBe(
      [
        'CONTAINER ID   NAME         CPU %     MEM USAGE / LIMIT   MEM %     NET I/O      BLOCK I/O        PIDS',
        'd2763e024a10   demo-web-1   40.00%    8MiB / 2GiB         0.39%     2kB / 648B   8.19kB / 1.2MB   3',
        '',
      ].join('\n'),
    );
  });

  it('shows the whole id with noTrunc', () => {
    expect(renderStatsTable([web], { noTrunc: true }).split('\n')[1]?.startsWith(`${ID}   demo-web-1`)).toBe(true);
  });
});

describe('stats --format json', () => {
  it("prints one object per line with the docker CLI's keys, sorted", () => {
    const lines = renderStatsJson([web, { ...web, name: 'demo-db-1' }]).split('\n');
    expect(lines).toHaveLength(3);
    const record = JSON.parse(lines[0] ?? '') as Record<string, unknown>;
    expect(Object.keys(record)).toEqual(['BlockIO', 'CPUPerc', 'Container', 'ID', 'MemPerc', 'MemUsage', 'Name', 'NetIO', 'PIDs']);
    expect(record).toEqual({
      BlockIO: '8.19kB / 1.2MB',
      CPUPerc: '40.00%',
      Container: 'd2763e024a10',
      ID: 'd2763e024a10',
      MemPerc: '0.39%',
      MemUsage: '8MiB / 2GiB',
      Name: 'demo-web-1',
      NetIO: '2kB / 648B',
      PIDs: '3',
    });
  });

  it('keeps Container short with noTrunc, as the docker CLI names what it follows by the short id', () => {
    expect(statsRecord(web, { noTrunc: true })).toMatchObject({ Container: 'd2763e024a10', ID });
  });
});
