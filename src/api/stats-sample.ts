import type { ContainerStatsSample } from '../engine/backend.js';

/** A container's resource use, computed from one engine sample as the docker CLI computes it. */
export interface ContainerStats {
  /** The full container id. */
  id: string;
  /** Without the leading slash. */
  name: string;
  /** Of one CPU: 200 is two CPUs fully busy. */
  cpuPercent: number;
  /** Bytes in use, less the page cache the kernel can take back (inactive files). */
  memoryUsage: number;
  /** Bytes; 0 for a container that is not running. */
  memoryLimit: number;
  memoryPercent: number;
  /** Bytes received and sent, over every network. */
  networkRx: number;
  networkTx: number;
  /** Bytes read from and written to block devices. */
  blockRead: number;
  blockWrite: number;
  pids: number;
}

/**
 * Reads the engine's stats sample (`cpu_stats`, `precpu_stats`, `memory_stats`, `networks`,
 * `blkio_stats`, `pids_stats`; any may be missing) the way `docker stats` does on Linux: the CPU
 * share is the container's CPU time over the whole system's between the two readings, times the
 * online CPUs; memory leaves out inactive page cache (`total_inactive_file` on cgroup v1,
 * `inactive_file` on v2), as cadvisor and containerd do.
 */
export function readStatsSample(sample: ContainerStatsSample, fallback: { id: string; name: string }): ContainerStats {
  const memory = record(sample.memory_stats);
  const usage = number(memory.usage);
  const limit = number(memory.limit);
  const memoryUsage = memoryWithoutCache(usage, record(memory.stats));
  const { read, write } = blockIo(sample.blkio_stats);
  const { rx, tx } = networkIo(sample.networks);
  const name = typeof sample.name === 'string' && sample.name.length > 1 ? sample.name.replace(/^\//, '') : fallback.name;
  return {
    id: typeof sample.id === 'string' && sample.id !== '' ? sample.id : fallback.id,
    name,
    cpuPercent: cpuPercent(record(sample.precpu_stats), record(sample.cpu_stats)),
    memoryUsage,
    memoryLimit: limit,
    memoryPercent: limit === 0 ? 0 : (memoryUsage / limit) * 100,
    networkRx: rx,
    networkTx: tx,
    blockRead: read,
    blockWrite: write,
    pids: number(record(sample.pids_stats).current),
  };
}

function cpuPercent(previous: Record<string, unknown>, current: Record<string, unknown>): number {
  const cpuDelta = number(record(current.cpu_usage).total_usage) - number(record(previous.cpu_usage).total_usage);
  const systemDelta = number(current.system_cpu_usage) - number(previous.system_cpu_usage);
  let online = number(current.online_cpus);
  if (online === 0) {
    const perCpu = record(current.cpu_usage).percpu_usage;
    online = Array.isArray(perCpu) ? perCpu.length : 0;
  }
  return systemDelta > 0 && cpuDelta > 0 ? (cpuDelta / systemDelta) * online * 100 : 0;
}

function memoryWithoutCache(usage: number, stats: Record<string, unknown>): number {
  const v1 = stats.total_inactive_file;
  if (typeof v1 === 'number' && v1 < usage) return usage - v1;
  const v2 = number(stats.inactive_file);
  return v2 < usage ? usage - v2 : usage;
}

function blockIo(value: unknown): { read: number; write: number } {
  let read = 0;
  let write = 0;
  const entries = record(value).io_service_bytes_recursive;
  for (const entry of Array.isArray(entries) ? entries : []) {
    const { op, value: bytes } = record(entry);
    const first = typeof op === 'string' ? op.charAt(0).toLowerCase() : '';
    if (first === 'r') read += number(bytes);
    else if (first === 'w') write += number(bytes);
  }
  return { read, write };
}

function networkIo(value: unknown): { rx: number; tx: number } {
  let rx = 0;
  let tx = 0;
  for (const network of Object.values(record(value))) {
    rx += number(record(network).rx_bytes);
    tx += number(record(network).tx_bytes);
  }
  return { rx, tx };
}

function record(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

function number(value: unknown): number {
  return typeof value === 'number' && Number.isFinite(value) ? value : 0;
}
