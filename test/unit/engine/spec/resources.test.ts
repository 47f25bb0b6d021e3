import { describe, expect, it } from 'vitest';
import { containerCreateBody } from '../../../../src/engine/spec/container-spec.js';
import type { DeployConfig, Service } from '../../../../src/model/index.js';
import { service, specInput } from './spec-input.js';

function hostConfigOf(fields: Partial<Service>): Record<string, unknown> {
  const { NetworkMode, ...rest } = containerCreateBody(specInput(service(fields))).HostConfig;
  expect(NetworkMode).toBe('shop_default');
  return rest;
}

function deploy(resources: DeployConfig['resources']): DeployConfig {
  return { resources, placement: {} };
}

describe('containerCreateBody: memory and CPU', () => {
  it('maps the service-level limits', () => {
    expect(
      hostConfigOf({
        mem_limit: '536870912',
        memswap_limit: '-1',
        mem_reservation: '268435456',
        mem_swappiness: 10,
        oom_kill_disable: true,
        cpus: 1.5,
        cpu_shares: 512,
        cpu_period: 100000,
        cpu_quota: 50000,
        cpu_rt_period: '1s',
        cpu_rt_runtime: 95000,
        cpu_count: 2,
        cpu_percent: 50,
        cpuset: '0-1',
        pids_limit: 200,
        cgroup_parent: 'shop.slice',
      }),
    ).toEqual({
      Memory: 536_870_912,
      MemorySwap: -1,
      MemoryReservation: 268_435_456,
      MemorySwappiness: 10,
      OomKillDisable: true,
      NanoCpus: 1_500_000_000,
      CpuShares: 512,
      CpuPeriod: 100000,
      CpuQuota: 50000,
      CpuRealtimePeriod: 1_000_000,
      CpuRealtimeRuntime: 95000,
      CpuCount: 2,
      CpuPercent: 50,
      CpusetCpus: '0-1',
      PidsLimit: 200,
      CgroupParent: 'shop.slice',
    });
  });

  it('lets deploy.resources limits win, and takes the memory reservation', () => {
    expect(
      hostConfigOf({
        mem_limit: '1073741824',
        cpus: 2,
        pids_limit: 500,
        deploy: deploy({
          limits: { cpus: 0.5, memory: '268435456', pids: 100 },
          reservations: { cpus: 0.25, memory: '134217728' },
        }),
      }),
    ).toEqual({ Memory: 268_435_456, NanoCpus: 500_000_000, PidsLimit: 100, MemoryReservation: 134_217_728 });
  });

  it('sends nothing for an empty deploy block', () => {
    expect(hostConfigOf({ deploy: deploy({}) })).toEqual({});
  });
});

describe('containerCreateBody: devices', () => {
  it('maps device paths, CDI names and cgroup rules', () => {
    expect(
      hostConfigOf({
        devices: [
          { source: '/dev/ttyUSB0', target: '/dev/ttyUSB0' },
          { source: '/dev/sda', target: '/dev/xvda', permissions: 'r' },
          { source: 'vendor.com/device=gpu0', target: 'vendor.com/device=gpu0' },
        ],
        device_cgroup_rules: ['c 1:3 mr'],
      }),
    ).toEqual({
      Devices: [
        { PathOnHost: '/dev/ttyUSB0', PathInContainer: '/dev/ttyUSB0', CgroupPermissions: 'rwm' },
        { PathOnHost: '/dev/sda', PathInContainer: '/dev/xvda', CgroupPermissions: 'r' },
      ],
      DeviceRequests: [{ Driver: 'cdi', DeviceIDs: ['vendor.com/device=gpu0'] }],
      DeviceCgroupRules: ['c 1:3 mr'],
    });
  });

  it('asks for GPUs: all of them, or as each request says, with the gpu capability', () => {
    expect(hostConfigOf({ gpus: 'all' })).toEqual({ DeviceRequests: [{ Count: -1, Capabilities: [['gpu']] }] });
    expect(
      hostConfigOf({
        gpus: [
          { driver: 'nvidia', count: 2 },
          { device_ids: ['0', '3'], capabilities: ['gpu', 'utility'], options: { 'x-opt': '1' } },
        ],
      }),
    ).toEqual({
      DeviceRequests: [
        { Driver: 'nvidia', Count: 2, Capabilities: [['gpu']] },
        { DeviceIDs: ['0', '3'], Capabilities: [['gpu', 'utility']], Options: { 'x-opt': '1' } },
      ],
    });
  });

  it('reserves deploy devices, every matching one when neither count nor ids are given', () => {
    expect(
      hostConfigOf({
        deploy: deploy({
          reservations: {
            devices: [
              { capabilities: ['gpu'], driver: 'nvidia' },
              { capabilities: ['tpu'], count: 'all' },
              { capabilities: ['gpu'], count: 1 },
            ],
          },
        }),
      }),
    ).toEqual({
      DeviceRequests: [
        { Driver: 'nvidia', Count: -1, Capabilities: [['gpu']] },
        { Count: -1, Capabilities: [['tpu']] },
        { Count: 1, Capabilities: [['gpu']] },
      ],
    });
  });

  it('refuses a count that is not a number', () => {
    expect(() => hostConfigOf({ gpus: [{ count: 'some' }] })).toThrow('services.web.gpus: count "some"');
    expect(() => hostConfigOf({ gpus: 'some' })).toThrow('services.web.gpus: "some" is neither "all" nor a list');
  });
});

describe('containerCreateBody: block IO and ulimits', () => {
  it('maps weights and throttles', () => {
    expect(
      hostConfigOf({
        blkio_config: {
          weight: 300,
          weight_device: [{ path: '/dev/sda', weight: 400 }],
          device_read_bps: [{ path: '/dev/sda', rate: '12582912' }],
          device_write_bps: [{ path: '/dev/sda', rate: '1048576' }],
          device_read_iops: [{ path: '/dev/sda', rate: '120' }],
          device_write_iops: [{ path: '/dev/sda', rate: '30' }],
        },
      }),
    ).toEqual({
      BlkioWeight: 300,
      BlkioWeightDevice: [{ Path: '/dev/sda', Weight: 400 }],
      BlkioDeviceReadBps: [{ Path: '/dev/sda', Rate: 12_582_912 }],
      BlkioDeviceWriteBps: [{ Path: '/dev/sda', Rate: 1_048_576 }],
      BlkioDeviceReadIOps: [{ Path: '/dev/sda', Rate: 120 }],
      BlkioDeviceWriteIOps: [{ Path: '/dev/sda', Rate: 30 }],
    });
  });

  it('maps a single ulimit to equal soft and hard limits', () => {
    expect(hostConfigOf({ ulimits: { nproc: 65535, nofile: { soft: 20000, hard: 40000 } } })).toEqual({
      Ulimits: [
        { Name: 'nproc', Soft: 65535, Hard: 65535 },
        { Name: 'nofile', Soft: 20000, Hard: 40000 },
      ],
    });
  });
});
