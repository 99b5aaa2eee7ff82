import { performance } from 'node:perf_hooks';

// Raft's timers run on the monotonic clock, which clock skew does not touch; only the seeded
// lease-read bug and log timestamps look at the wall clock, which faultline may skew.

export function monoNow(): number {
  return performance.now();
}

/** Date.now() plus an offset a --debug node accepts from a client, to simulate skew without libfaketime. */
export class WallClock {
  private offsetMs = 0;

  now(): number {
    return Date.now() + this.offsetMs;
  }

  setOffset(ms: number): void {
    this.offsetMs = ms;
  }

  get offset(): number {
    return this.offsetMs;
  }
}
