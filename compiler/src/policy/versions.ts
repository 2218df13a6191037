/**
 * Policy versions are dates (`2023-08-27`) or dotted numbers (`1.2.0`): compared part by part,
 * numerically, so that `2023-08-27 < 2023-10-01` and `1.10 > 1.9`. A missing part counts as 0.
 */
export function compareVersions(a: string, b: string): number {
  const partsA = a.split(/[.-]/).map(Number);
  const partsB = b.split(/[.-]/).map(Number);
  for (let i = 0; i < Math.max(partsA.length, partsB.length); i++) {
    const difference = (partsA[i] ?? 0) - (partsB[i] ?? 0);
    if (Number.isNaN(difference)) return a.localeCompare(b);
    if (difference !== 0) return Math.sign(difference);
  }
  return 0;
}
