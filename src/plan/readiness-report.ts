// What a failed or timed-out wait says about the container it waited for: how long it waited, the
// last health probes of the container's current run, and its last lines of output.

import type { Backend, ContainerDetails, HealthProbe } from '../engine/backend.js';
import { parseDuration } from '../config/syntax/duration.js';
import type { Extensions } from '../model/extensions.js';

/** Health probes shown, at most. */
export const REPORTED_PROBES = 3;
/** Log lines shown, at most. */
export const REPORTED_LOG_LINES = 10;

/** `12.3 s`, `30 s`: seconds with at most one decimal. */
export function formatSeconds(milliseconds: number): string {
  const tenths = Math.round(milliseconds / 100) / 10;
  return `${Number.isInteger(tenths) ? tenths.toFixed(0) : tenths.toFixed(1)} s`;
}

/** The last probes that started in the container's current run (all of them when its start is unknown). */
export function recentProbes(details: ContainerDetails | undefined, limit = REPORTED_PROBES): HealthProbe[] {
  const probes = details?.healthLog ?? [];
  const startedAt = details?.startedAt === undefined ? Number.NaN : Date.parse(details.startedAt);
  const current = Number.isNaN(startedAt)
    ? probes
    : probes.filter((probe) => {
        const start = Date.parse(probe.start);
        return Number.isNaN(start) || start >= startedAt;
      });
  return current.slice(-limit);
}

/** The container's last lines of output, stdout and stderr together; none when they cannot be read. */
export async function lastLogLines(backend: Backend, container: string, limit = REPORTED_LOG_LINES): Promise<string[]> {
  try {
    let text = '';
    for await (const chunk of backend.logs(container, { tail: limit })) text += chunk.text;
    const lines = text.split(/\r?\n/).map((line) => line.trimEnd());
    while (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
    return lines.slice(-limit);
  } catch {
    return [];
  }
}

/** What a failed or timed-out wait found out about the container it waited for. */
export interface ReadinessReport {
  /** Its last health probes of this run, oldest first, each as `exit 1: pg_isready: no response`. */
  healthChecks: string[];
  /** Its last lines of output, stdout and stderr together. */
  output: string[];
}

/** The container's last health probes and lines of output, for the error of a wait that failed. */
export async function readinessReport(backend: Backend, container: string, details: ContainerDetails | undefined): Promise<ReadinessReport> {
  return { healthChecks: recentProbes(details).map(describeProbe), output: await lastLogLines(backend, container) };
}

/**
 * The lines added under a wait's failure: `  last health checks:` with each probe, then `  last
 * output:` with the container's last log lines (unless `output` is false: a caller that shows the
 * container's logs itself). Empty when there is neither.
 */
export function reportLines(report: ReadinessReport | undefined, options: { output?: boolean } = {}): string[] {
  const lines: string[] = [];
  const probes = report?.healthChecks ?? [];
  if (probes.length === 1) {
    lines.push(`  last health checks: ${probes[0] ?? ''}`);
  } else if (probes.length > 1) {
    lines.push('  last health checks:');
    for (const probe of probes) lines.push(`    ${probe}`);
  }
  const output = options.output === false ? [] : (report?.output ?? []);
  if (output.length > 0) {
    lines.push('  last output:');
    for (const line of output) lines.push(`    ${line}`);
  }
  return lines;
}

/** `exit 1: pg_isready: no response` (the output on one line). */
function describeProbe(probe: HealthProbe): string {
  const output = probe.output.trim().replace(/\s*\r?\n\s*/g, ' | ');
  return output === '' ? `exit ${probe.exitCode}` : `exit ${probe.exitCode}: ${output}`;
}

/**
 * A service's own wait timeout, in seconds: `x-berth: { wait-timeout: 30s }` (a duration, or a
 * number of seconds); undefined when it has none or it is not one.
 */
export function serviceWaitTimeout(service: Extensions | undefined): number | undefined {
  const extension = service?.['x-berth'];
  if (typeof extension !== 'object' || extension === null) return undefined;
  const value: unknown = (extension as Record<string, unknown>)['wait-timeout'];
  if (typeof value === 'number') return Number.isFinite(value) && value >= 0 ? value : undefined;
  if (typeof value !== 'string') return undefined;
  const trimmed = value.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Number(trimmed);
  const nanoseconds = parseDuration(trimmed);
  return nanoseconds === undefined || nanoseconds < 0n ? undefined : Number(nanoseconds) / 1e9;
}
