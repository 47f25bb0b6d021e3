/**
 * The candidate closest to `wanted`, when it is close enough to be a likely typo (at most one edit
 * per three characters, at least one; a swap of two neighbours counts as one edit), else undefined.
 * Ties go to the smallest name so the hint never changes between runs.
 */
export function nearestName(wanted: string, candidates: Iterable<string>): string | undefined {
  const limit = Math.max(1, Math.floor(wanted.length / 3));
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of [...new Set(candidates)].sort()) {
    if (candidate === wanted) continue;
    const distance = editDistance(wanted.toLowerCase(), candidate.toLowerCase());
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return bestDistance <= limit ? best : undefined;
}

/** `did you mean "web"?` when a close name exists, for a ConfigError hint. */
export function didYouMean(wanted: string, candidates: Iterable<string>): string | undefined {
  const nearest = nearestName(wanted, candidates);
  return nearest === undefined ? undefined : `did you mean "${nearest}"?`;
}

/** Insertions, deletions, substitutions and swaps of adjacent characters needed to turn a into b. */
function editDistance(a: string, b: string): number {
  const rows: number[][] = [];
  for (let i = 0; i <= a.length; i++) {
    const row: number[] = [];
    for (let j = 0; j <= b.length; j++) {
      if (i === 0 || j === 0) {
        row.push(i + j);
        continue;
      }
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let value = Math.min(
        (rows[i - 1]?.[j] ?? Infinity) + 1,
        (row[j - 1] ?? Infinity) + 1,
        (rows[i - 1]?.[j - 1] ?? Infinity) + cost,
      );
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        value = Math.min(value, (rows[i - 2]?.[j - 2] ?? Infinity) + 1);
      }
      row.push(value);
    }
    rows.push(row);
  }
  return rows[a.length]?.[b.length] ?? Infinity;
}
