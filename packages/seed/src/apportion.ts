/**
 * Splits `total` into integer parts proportional to `weights`, each at least `min`, summing exactly to
 * `total` (largest remainder). The reference counts must come out exact, so rounding cannot be left to chance.
 */
export function apportion(total: number, weights: readonly number[], min = 0): number[] {
  const rest = total - min * weights.length;
  if (rest < 0) throw new RangeError(`cannot give ${weights.length} parts at least ${min} out of ${total}`);
  const sum = weights.reduce((a, b) => a + b, 0);
  const exact = weights.map((w) => (rest * w) / sum);
  const parts = exact.map((x) => Math.floor(x));
  let left = rest - parts.reduce((a, b) => a + b, 0);
  const byRemainder = exact.map((x, i) => [x - Math.floor(x), i] as const).sort((a, b) => b[0] - a[0] || a[1] - b[1]);
  for (const [, i] of byRemainder) {
    if (left-- <= 0) break;
    parts[i]!++;
  }
  return parts.map((p) => p + min);
}
