// The one quantile rule every benchmark reports by: the value at index ⌊q·n⌋ of the sorted
// samples (so q = 0.5 is the upper median of an even count, q = 1 the maximum).

/** The q-quantile (0 ≤ q ≤ 1) of `values`, which need not be sorted; NaN when there are none. */
export function quantile(values: ArrayLike<number>, q: number): number {
  if (values.length === 0) return NaN;
  const sorted = Float64Array.from(values).sort();
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
}

/** The median as `quantile(values, 0.5)`. */
export function median(values: ArrayLike<number>): number {
  return quantile(values, 0.5);
}
