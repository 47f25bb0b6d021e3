import type { BlkioConfig, DeviceRequest, Service, ThrottleDevice } from '../../model/index.js';
import type { EngineHostConfig } from '../engine-types.js';
import { ContainerSpecError } from './spec-error.js';
import { byteCount, durationMicroseconds, nanoCpus } from './units.js';

type EngineDeviceRequest = NonNullable<EngineHostConfig['DeviceRequests']>[number];
type EngineThrottle = { Path: string; Rate: number };

/** A CDI device name (`vendor.com/class=name`): handed to the `cdi` device driver, not mapped as a path. */
const CDI_NAME = /^[a-z0-9][a-z0-9.-]*\/[a-zA-Z0-9][a-zA-Z0-9_.-]*=[a-zA-Z0-9_.:-]+$/;

/**
 * The service's limits as host config: memory, CPU, PIDs, block IO, devices, device requests
 * (`gpus`, CDI devices, `deploy.resources.reservations.devices`) and ulimits. `deploy.resources`
 * limits win over the service-level ones; of the reservations only memory and devices mean anything
 * to a single engine (a CPU reservation is a swarm scheduling hint).
 */
export function resourceConfig(service: Service, field: string): EngineHostConfig {
  const config: EngineHostConfig = {};
  if (service.cgroup_parent !== undefined) config.CgroupParent = service.cgroup_parent;
  if (service.mem_limit !== undefined) config.Memory = byteCount(service.mem_limit, `${field}.mem_limit`);
  if (service.memswap_limit !== undefined) {
    config.MemorySwap = byteCount(service.memswap_limit, `${field}.memswap_limit`);
  }
  if (service.mem_reservation !== undefined) {
    config.MemoryReservation = byteCount(service.mem_reservation, `${field}.mem_reservation`);
  }
  if (service.mem_swappiness !== undefined) config.MemorySwappiness = service.mem_swappiness;
  if (service.oom_kill_disable === true) config.OomKillDisable = true;
  if (service.cpus !== undefined) config.NanoCpus = nanoCpus(service.cpus);
  if (service.cpu_shares !== undefined) config.CpuShares = service.cpu_shares;
  if (service.cpu_period !== undefined) config.CpuPeriod = service.cpu_period;
  if (service.cpu_quota !== undefined) config.CpuQuota = service.cpu_quota;
  if (service.cpu_rt_period !== undefined) {
    config.CpuRealtimePeriod = microseconds(service.cpu_rt_period, `${field}.cpu_rt_period`);
  }
  if (service.cpu_rt_runtime !== undefined) {
    config.CpuRealtimeRuntime = microseconds(service.cpu_rt_runtime, `${field}.cpu_rt_runtime`);
  }
  if (service.cpu_count !== undefined) config.CpuCount = service.cpu_count;
  if (service.cpu_percent !== undefined) config.CpuPercent = service.cpu_percent;
  if (service.cpuset !== undefined) config.CpusetCpus = service.cpuset;
  if (service.pids_limit !== undefined && service.pids_limit !== 0) config.PidsLimit = service.pids_limit;
  if (service.device_cgroup_rules !== undefined) config.DeviceCgroupRules = [...service.device_cgroup_rules];
  if (service.blkio_config !== undefined) Object.assign(config, blkioConfig(service.blkio_config, `${field}.blkio_config`));

  const limits = service.deploy?.resources.limits;
  if (limits?.memory !== undefined) config.Memory = byteCount(limits.memory, `${field}.deploy.resources.limits.memory`);
  if (limits?.cpus !== undefined) config.NanoCpus = nanoCpus(limits.cpus);
  if (limits?.pids !== undefined && limits.pids !== 0) config.PidsLimit = limits.pids;
  const reservations = service.deploy?.resources.reservations;
  if (reservations?.memory !== undefined) {
    config.MemoryReservation = byteCount(reservations.memory, `${field}.deploy.resources.reservations.memory`);
  }

  const devices: NonNullable<EngineHostConfig['Devices']> = [];
  const cdiDevices: string[] = [];
  for (const device of service.devices ?? []) {
    if (device.source === device.target && CDI_NAME.test(device.source)) {
      cdiDevices.push(device.source);
      continue;
    }
    devices.push({
      PathOnHost: device.source,
      PathInContainer: device.target,
      // What `docker run --device` defaults to; the engine would pass an empty string on as it is.
      CgroupPermissions: device.permissions ?? 'rwm',
    });
  }
  if (devices.length > 0) config.Devices = devices;

  const requests: EngineDeviceRequest[] = [];
  if (cdiDevices.length > 0) requests.push({ Driver: 'cdi', DeviceIDs: cdiDevices });
  if (service.gpus !== undefined) requests.push(...gpuRequests(service.gpus, `${field}.gpus`));
  for (const device of reservations?.devices ?? []) {
    requests.push(deviceRequest(device, [], `${field}.deploy.resources.reservations.devices`));
  }
  if (requests.length > 0) config.DeviceRequests = requests;

  const ulimits = Object.entries(service.ulimits ?? {}).map(([name, limit]) =>
    typeof limit === 'number' ? { Name: name, Soft: limit, Hard: limit } : { Name: name, Soft: limit.soft, Hard: limit.hard },
  );
  if (ulimits.length > 0) config.Ulimits = ulimits;
  return config;
}

/** `gpus: all`, or each request written, asks for devices with the `gpu` capability. */
function gpuRequests(gpus: string | DeviceRequest[], field: string): EngineDeviceRequest[] {
  if (typeof gpus === 'string') {
    if (gpus !== 'all') throw new ContainerSpecError(`${field}: "${gpus}" is neither "all" nor a list of devices`);
    return [{ Count: -1, Capabilities: [['gpu']] }];
  }
  return gpus.map((request) => deviceRequest(request, ['gpu'], field));
}

/**
 * One device request. A count of `all`, or neither a count nor device ids, is every matching
 * device (`-1`), as the specification says.
 */
function deviceRequest(request: DeviceRequest, required: readonly string[], field: string): EngineDeviceRequest {
  const capabilities = [...(request.capabilities ?? [])];
  for (const capability of required) if (!capabilities.includes(capability)) capabilities.push(capability);
  const engine: EngineDeviceRequest = {};
  if (request.driver !== undefined) engine.Driver = request.driver;
  const ids = request.device_ids ?? [];
  if (ids.length > 0) engine.DeviceIDs = [...ids];
  const count = deviceCount(request.count, field);
  if (count !== undefined) engine.Count = count;
  else if (ids.length === 0) engine.Count = -1;
  if (capabilities.length > 0) engine.Capabilities = [capabilities];
  if (request.options !== undefined) engine.Options = { ...request.options };
  return engine;
}

function deviceCount(count: number | string | undefined, field: string): number | undefined {
  if (count === undefined) return undefined;
  if (count === 'all') return -1;
  const number = typeof count === 'number' ? count : /^\d+$/.test(count.trim()) ? Number(count) : Number.NaN;
  if (!Number.isInteger(number)) throw new ContainerSpecError(`${field}: count "${String(count)}" is neither "all" nor a number`);
  return number;
}

/** A realtime CPU setting: a number of microseconds, or a duration. */
function microseconds(value: number | string, field: string): number {
  if (typeof value === 'number') return value;
  if (/^\d+$/.test(value.trim())) return Number(value);
  return durationMicroseconds(value, field);
}

function blkioConfig(blkio: BlkioConfig, field: string): EngineHostConfig {
  const config: EngineHostConfig = {};
  if (blkio.weight !== undefined) config.BlkioWeight = blkio.weight;
  if (blkio.weight_device !== undefined && blkio.weight_device.length > 0) {
    config.BlkioWeightDevice = blkio.weight_device.map((device) => ({ Path: device.path ?? '', Weight: device.weight ?? 0 }));
  }
  const readBps = throttles(blkio.device_read_bps, `${field}.device_read_bps`);
  if (readBps) config.BlkioDeviceReadBps = readBps;
  const writeBps = throttles(blkio.device_write_bps, `${field}.device_write_bps`);
  if (writeBps) config.BlkioDeviceWriteBps = writeBps;
  const readIops = throttles(blkio.device_read_iops, `${field}.device_read_iops`);
  if (readIops) config.BlkioDeviceReadIOps = readIops;
  const writeIops = throttles(blkio.device_write_iops, `${field}.device_write_iops`);
  if (writeIops) config.BlkioDeviceWriteIOps = writeIops;
  return config;
}

/** Throttles carry their rate as a decimal count in text, bytes and operations alike. */
function throttles(devices: ThrottleDevice[] | undefined, field: string): EngineThrottle[] | undefined {
  if (devices === undefined || devices.length === 0) return undefined;
  return devices.map((device) => ({
    Path: device.path ?? '',
    Rate: device.rate === undefined ? 0 : byteCount(device.rate, field),
  }));
}
