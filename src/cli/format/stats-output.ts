import type { ContainerStats } from '../../api/stats-sample.js';
import { binarySize, decimalSize } from './byte-size.js';
import { textTable } from './text-table.js';

/** What the `stats` output depends on besides the figures. */
export interface StatsFormatOptions {
  /** Full container ids (`--no-trunc`). */
  noTrunc?: boolean;
}

/**
 * `stats` as a table with the docker CLI's Linux columns: CONTAINER ID NAME CPU % MEM USAGE / LIMIT
 * MEM % NET I/O BLOCK I/O PIDS (docker compose hands `stats` to the docker CLI).
 */
export function renderStatsTable(rows: readonly ContainerStats[], options: StatsFormatOptions = {}): string {
  return textTable([
    ['CONTAINER ID', 'NAME', 'CPU %', 'MEM USAGE / LIMIT', 'MEM %', 'NET I/O', 'BLOCK I/O', 'PIDS'],
    ...rows.map((row) => {
      const record = statsRecord(row, options);
      return [record.ID, record.Name, record.CPUPerc, record.MemUsage, record.MemPerc, record.NetIO, record.BlockIO, record.PIDs];
    }),
  ]);
}

/** `stats --format json`: one object per container and line, with the docker CLI's keys, sorted as it writes them. */
export function renderStatsJson(rows: readonly ContainerStats[], options: StatsFormatOptions = {}): string {
  return rows.map((row) => `${JSON.stringify(statsRecord(row, options))}\n`).join('');
}

/** The values of one container as the docker CLI formats them: percentages with two decimals, memory in binary units, I/O in decimal ones. */
export function statsRecord(row: ContainerStats, options: StatsFormatOptions = {}): Record<StatsKey, string> {
  return {
    BlockIO: `${decimalSize(row.blockRead)} / ${decimalSize(row.blockWrite)}`,
    CPUPerc: percentage(row.cpuPercent),
    // The docker CLI names each container it follows by its short id, whatever --no-trunc says.
    Container: row.id.slice(0, 12),
    ID: options.noTrunc === true ? row.id : row.id.slice(0, 12),
    MemPerc: percentage(row.memoryPercent),
    MemUsage: `${binarySize(row.memoryUsage)} / ${binarySize(row.memoryLimit)}`,
    Name: row.name === '' ? '--' : row.name,
    NetIO: `${decimalSize(row.networkRx)} / ${decimalSize(row.networkTx)}`,
    PIDs: String(row.pids),
  };
}

/** The keys of `stats --format json`, in the order the docker CLI writes them. */
export type StatsKey = 'BlockIO' | 'CPUPerc' | 'Container' | 'ID' | 'MemPerc' | 'MemUsage' | 'Name' | 'NetIO' | 'PIDs';

/** What the docker CLI writes before each refresh of a live view: clear the screen, cursor home. */
export const CLEAR_SCREEN = '\u001b[2J\u001b[H';

function percentage(value: number): string {
  return `${value.toFixed(2)}%`;
}
