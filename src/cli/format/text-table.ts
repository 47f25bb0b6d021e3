/**
 * Rows as docker's tables align them: each column as wide as its widest cell plus three spaces,
 * and at least ten; the last column is not padded. Every line ends with a newline.
 */
export function textTable(rows: readonly (readonly string[])[]): string {
  const widths: number[] = [];
  for (const row of rows) {
    row.forEach((cell, index) => {
      widths[index] = Math.max(widths[index] ?? 0, Math.max(10, displayWidth(cell) + 3));
    });
  }
  return rows
    .map((row) =>
      row
        .map((cell, index) => (index === row.length - 1 ? cell : cell + ' '.repeat((widths[index] ?? 0) - displayWidth(cell))))
        .join(''),
    )
    .map((line) => `${line}\n`)
    .join('');
}

/** Characters as a terminal counts them (code points: `…` is one). */
export function displayWidth(text: string): number {
  return [...text].length;
}

/** `text` cut to `width` characters, the last replaced by `…` when something was cut. */
export function ellipsis(text: string, width: number): string {
  const characters = [...text];
  if (characters.length <= width) return text;
  return `${characters.slice(0, width - 1).join('')}…`;
}
