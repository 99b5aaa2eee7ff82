import { performance } from 'node:perf_hooks';

// Raft's timers and every timeout run on the monotonic clock, which clock skew does not touch.
// Only log timestamps and the seeded lease-read bug read the wall clock (Date.now()), which
// faultline may skew on purpose.

export function monoNow(): number {
  return performance.now();
}
