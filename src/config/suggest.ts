/**
 * Nearest-name suggestions for misspelt keys and names (`portz` → `ports`). Shared by the schema
 * stage and by the checks that meet unknown service, network or volume names.
 */

/**
 * The edit distance between two strings: insertions, deletions, substitutions and swaps of two
 * neighbouring characters each count one, since a swap is the commonest typing slip.
 */
export function editDistance(a: string, b: string): number {
  if (a === b) return 0;
  if (a.length === 0) return b.length;
  if (b.length === 0) return a.length;
  let before: number[] = [];
  let previous: number[] = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i += 1) {
    const current: number[] = [i];
    for (let j = 1; j <= b.length; j += 1) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, (previous[j - 1] ?? 0) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        best = Math.min(best, (before[j - 2] ?? 0) + 1);
      }
      current.push(best);
    }
    before = previous;
    previous = current;
  }
  return previous[b.length] ?? 0;
}

/** `_`, `-` and case are the parts of a name people most often get wrong without it being a typo. */
function fold(name: string): string {
  return name.toLowerCase().replace(/-/g, '_');
}

/**
 * The candidate closest to `word`, if it is close enough to be what was meant: at most one edit in a
 * short word, about one edit in three in a longer one. Ties go to the earlier candidate.
 */
export function nearest(word: string, candidates: Iterable<string>): string | undefined {
  const folded = fold(word);
  const limit = Math.max(1, Math.floor(folded.length / 3));
  let best: string | undefined;
  let bestDistance = Number.POSITIVE_INFINITY;
  // Sorted, so that of two equally near names the hint is always the same one.
  for (const candidate of [...new Set(candidates)].sort()) {
    if (candidate === word) continue;
    const distance = editDistance(folded, fold(candidate));
    if (distance < bestDistance && distance <= limit && distance < folded.length) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return best;
}

/** The hint `did you mean "ports"?` for `word`, or undefined when nothing is close. */
export function didYouMean(word: string, candidates: Iterable<string>): string | undefined {
  const match = nearest(word, candidates);
  return match === undefined ? undefined : `did you mean "${match}"?`;
}
