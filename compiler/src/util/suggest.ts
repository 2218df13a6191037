/**
 * "Did you mean …?" for unknown names, categories, purposes, processors and flags. Like the
 * TypeScript checker's spelling suggestions: the closest candidate by edit distance, if it is
 * close enough relative to the name's length to be a plausible typo; case-only differences win.
 */
export function suggest(name: string, candidates: Iterable<string>): string | undefined {
  const lower = name.toLowerCase();
  const maxDistance = Math.max(1, Math.floor(name.length * 0.34));
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of candidates) {
    if (candidate === name) continue;
    if (candidate.toLowerCase() === lower) return candidate;
    if (Math.abs(candidate.length - name.length) > maxDistance) continue;
    const distance = editDistance(lower, candidate.toLowerCase(), maxDistance);
    if (distance < bestDistance || (distance === bestDistance && best !== undefined && candidate < best)) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return bestDistance <= maxDistance ? best : undefined;
}

/**
 * Edit distance counting a swap of two neighbouring letters as one edit (optimal string alignment),
 * since `buidl` for `build` is one slip of the fingers, not two; exits early once every cell of a
 * row exceeds `limit`.
 */
export function editDistance(a: string, b: string, limit = Infinity): number {
  let beforePrevious: number[] = [];
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let value = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        value = Math.min(value, beforePrevious[j - 2]! + 1);
      }
      current.push(value);
      rowMin = Math.min(rowMin, value);
    }
    if (rowMin > limit) return rowMin;
    beforePrevious = previous;
    previous = current;
  }
  return previous[b.length]!;
}
