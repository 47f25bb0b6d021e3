import { displayWidth, textTable } from './text-table.js';

/**
 * Rows as docker compose aligns the tables of its own commands (`ls`, `images`): like docker's
 * (three spaces after the widest cell), but each column at least twenty wide rather than ten.
 */
export function composeTable(rows: readonly (readonly string[])[]): string {
  // textTable makes a column its widest cell plus three: a cell padded to seventeen makes it twenty.
  return textTable(rows.map((row) => row.map((cell, index) => (index === row.length - 1 ? cell : cell + ' '.repeat(Math.max(0, 17 - displayWidth(cell)))))));
}
