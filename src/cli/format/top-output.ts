import type { ContainerTop } from '../../api/top.js';
import { displayWidth } from './text-table.js';

/**
 * `top` as docker compose prints it: for each container, its name, then its processes under the
 * engine's titles, then an empty line. Columns are aligned as Go's tabwriter aligns them there:
 * the widest cell plus three spaces, and at least five wide; the last column is not padded.
 */
export function renderTop(containers: readonly ContainerTop[]): string {
  return containers.map((container) => `${container.name}\n${alignColumns([container.titles, ...container.processes])}\n`).join('');
}

function alignColumns(rows: readonly (readonly string[])[]): string {
  const widths: number[] = [];
  for (const row of rows) {
    row.forEach((cell, index) => {
      widths[index] = Math.max(widths[index] ?? 0, 5, displayWidth(cell) + 3);
    });
  }
  return rows
    .map((row) => row.map((cell, index) => (index === row.length - 1 ? cell : cell + ' '.repeat((widths[index] ?? 0) - displayWidth(cell)))).join(''))
    .map((line) => `${line}\n`)
    .join('');
}
