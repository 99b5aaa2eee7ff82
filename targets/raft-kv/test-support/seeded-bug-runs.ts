import type { BugName } from '../server/bugs.js';

// One short end-to-end run per seeded raft-kv bug, under the fault aimed at it: the settings CI
// runs (targets/raft-kv/seeded-bugs-caught-end-to-end.test.ts) and scripts/catch-rate.ts --ci
// measures. Each was chosen for catching its bug every time it was measured (see the README).
// lease-read is the hardest to catch: a stale read on the cut-off leader counts only when no
// write of the same value by that leader's own clients (which time out: info, so they may have
// taken effect) could explain it, and by the time the others have elected a leader and written,
// those cover most of the five values of most keys. About one cut in three catches it, so its
// run is longer (more cuts) and has 30 clients (more reads on the cut-off leader).

export interface SeededBugRun {
  bug: BugName;
  workload: 'register' | 'set';
  /** The fault kind aimed at the bug. */
  nemesis: string;
  /** --nemesis-interval and --time-limit, in seconds. */
  intervalS: number;
  timeLimitS: number;
  seed: number;
  /** --concurrency and --rate, when not faultline's defaults (10 clients, 100 operations per second). */
  concurrency?: number;
  rate?: number;
  /** The consistency checker that must find the history invalid. */
  checker: 'linearizable' | 'set-full';
  /** What the fault does to the cluster, for the test's title. */
  why: string;
}

export const SEEDED_BUG_RUNS: readonly SeededBugRun[] = [
  {
    bug: 'stale-read',
    workload: 'register',
    nemesis: 'partition',
    intervalS: 5,
    timeLimitS: 10,
    seed: 1,
    checker: 'linearizable',
    why: 'a follower cut off by a partition answers reads from its old state',
  },
  {
    bug: 'early-commit',
    workload: 'register',
    nemesis: 'isolate-leader',
    intervalS: 2,
    timeLimitS: 12,
    seed: 1,
    checker: 'linearizable',
    why: 'the leader, cut off from every follower, acknowledges writes no majority has',
  },
  {
    bug: 'lease-read',
    workload: 'register',
    nemesis: 'isolate-skewed-leader',
    intervalS: 2,
    timeLimitS: 30,
    seed: 1,
    concurrency: 30,
    checker: 'linearizable',
    why: 'a leader whose clock was stepped back, then cut off, serves reads on a lease it lost',
  },
  {
    bug: 'forget-vote',
    workload: 'register',
    nemesis: 'partition-restart',
    intervalS: 3,
    timeLimitS: 20,
    seed: 1,
    checker: 'linearizable',
    why: 'the electors of a new leader restart with their term forgotten and follow the deposed one',
  },
  {
    bug: 'no-fsync',
    workload: 'set',
    nemesis: 'kill-majority',
    intervalS: 2,
    timeLimitS: 20,
    seed: 1,
    checker: 'set-full',
    why: 'every node (or a majority holding the leader) crashes before its log reached the disk',
  },
];

/** The `faultline test` arguments of a run. */
export function seededBugArgs(run: SeededBugRun): string[] {
  const args = [
    'test',
    '--bug',
    run.bug,
    '--workload',
    run.workload,
    '--nemesis',
    run.nemesis,
    '--nemesis-interval',
    String(run.intervalS),
    '--time-limit',
    String(run.timeLimitS),
    '--seed',
    String(run.seed),
  ];
  if (run.concurrency !== undefined) args.push('--concurrency', String(run.concurrency));
  if (run.rate !== undefined) args.push('--rate', String(run.rate));
  return args;
}
