/** Latency summary in milliseconds; `count` samples went into it. */
export interface LatencyQuantiles {
  count: number;
  min: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
}

/** Nearest-rank quantiles of nanosecond samples, reported in milliseconds; null when there are none. */
export function latencyQuantiles(samplesNs: Float64Array): LatencyQuantiles | null {
  const n = samplesNs.length;
  if (n === 0) return null;
  const sorted = Float64Array.from(samplesNs).sort();
  const at = (q: number): number => sorted[Math.min(n - 1, Math.max(0, Math.ceil(q * n) - 1))] / 1e6;
  return { count: n, min: sorted[0] / 1e6, p50: at(0.5), p90: at(0.9), p99: at(0.99), max: sorted[n - 1] / 1e6 };
}
