import type { History } from '../harness/history.js';
import { checkLinearizable, checkLinearizableSync, type LinearizableVerdict } from '../checkers/linearizable/index.js';
import type { ModelName } from '../checkers/linearizable/models/catalog.js';
import { corruptRead, simulateHistory, type SimulationOptions } from '../checkers/linearizable/test-support/simulate.js';
import type { BenchModule } from './run.js';

// The linearizability checker on histories shaped like fault-injection runs, made by
// simulating a linearizable store with random interleavings and crashes (valid by
// construction), plus corrupted copies: one ok read changed to a stale value another write
// produced ("stale") or to a value nobody wrote ("unwritten").
//
// The machine is shared and noisy, so every figure comes with CPU time beside wall time and
// the run starts with a fixed reference loop: compare ratios to it, not absolute numbers.

type Variant = 'valid' | 'stale' | 'unwritten';

interface Measured {
  wallMs: number;
  cpuMs: number;
  verdict: LinearizableVerdict;
}

const TIMEOUT_MS = 5_000;

function cpuNow(): number {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1000;
}

function measure(run: () => LinearizableVerdict): Measured {
  const wall = performance.now();
  const cpu = cpuNow();
  const verdict = run();
  return { wallMs: performance.now() - wall, cpuMs: cpuNow() - cpu, verdict };
}

async function measureAsync(run: () => Promise<LinearizableVerdict>): Promise<Measured> {
  const wall = performance.now();
  const cpu = cpuNow();
  const verdict = await run();
  return { wallMs: performance.now() - wall, cpuMs: cpuNow() - cpu, verdict };
}

function makeHistory(sim: SimulationOptions, variant: Variant): History {
  const valid = simulateHistory(sim);
  return variant === 'valid' ? valid : corruptRead(valid, sim.seed, { stale: variant === 'stale', values: sim.values });
}

function peakRssMb(): number {
  return Math.round(process.resourceUsage().maxRSS / 1024);
}

function median(xs: number[]): number {
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

/** CPU time of the reference loop in this run; figures divided by it compare across machines and loads. */
let referenceCpuMs = 1;

function summarize(runs: Measured[]): Record<string, number | string> {
  const count = (v: unknown) => runs.filter((r) => r.verdict.valid === v).length;
  return {
    maxCpuPerRef: Math.max(...runs.map((r) => r.cpuMs)) / referenceCpuMs,
    medWallMs: median(runs.map((r) => r.wallMs)),
    maxWallMs: Math.max(...runs.map((r) => r.wallMs)),
    medCpuMs: median(runs.map((r) => r.cpuMs)),
    maxCpuMs: Math.max(...runs.map((r) => r.cpuMs)),
    maxStates: Math.max(...runs.map((r) => r.verdict.stats?.statesExplored ?? 0)),
    verdicts: `${count(true)}ok/${count(false)}bad/${count('unknown')}unk`,
    peakRssMB: peakRssMb(),
  };
}

/** A fixed integer loop: its time says how fast this machine is right now. */
function referenceLoop(): { wallMs: number; cpuMs: number } {
  const wall = performance.now();
  const cpu = cpuNow();
  let x = 0;
  for (let i = 0; i < 20_000_000; i++) x = (x + Math.imul(i, 0x9e3779b1)) | 0;
  if (x === 42) console.log('');
  return { wallMs: performance.now() - wall, cpuMs: cpuNow() - cpu };
}

const bench: BenchModule = async (report) => {
  const reference = referenceLoop();
  referenceCpuMs = reference.cpuMs;
  report('reference loop (2e7 imul; ~20 ms on a quiet 3 GHz core)', reference);

  // Warm the JIT so the first measured case is not charged for compiling the search.
  for (let seed = 100; seed < 110; seed++) {
    checkLinearizableSync(makeHistory({ seed, processes: 5, operations: 300, infoRate: 0.2, mix: 'cas-register', keys: 0, values: 5 }, 'stale'), 'cas-register', { timeoutMs: 500 });
  }

  for (const operations of [80, 200, 500, 1000, 2000]) {
    const seeds = operations === 80 ? 100 : operations <= 200 ? 20 : operations <= 500 ? 8 : 4;
    for (const infoRate of [0.1, 0.3]) {
      for (const variant of ['valid', 'stale', 'unwritten'] as const) {
        const runs: Measured[] = [];
        for (let seed = 1; seed <= seeds; seed++) {
          const history = makeHistory({ seed, processes: 5, operations, infoRate, mix: 'cas-register', keys: 0, values: 5 }, variant);
          runs.push(measure(() => checkLinearizableSync(history, 'cas-register', { timeoutMs: TIMEOUT_MS })));
        }
        report(`cas-register ${operations} ops ${infoRate * 100}% info ${variant} (${seeds} seeds)`, summarize(runs));
      }
    }
  }

  for (const infoRate of [0, 0.1]) {
    for (const variant of ['valid', 'unwritten'] as const) {
      const runs: Measured[] = [];
      for (let seed = 1; seed <= 5; seed++) {
        const history = makeHistory({ seed, processes: 50, operations: 2000, infoRate, mix: 'kv', keys: 10, values: 5 }, variant);
        runs.push(measure(() => checkLinearizableSync(history, 'kv' satisfies ModelName, { timeoutMs: TIMEOUT_MS })));
      }
      report(`kv 2000 ops 50 procs 10 keys ${infoRate * 100}% info ${variant} (5 seeds, 1 thread)`, summarize(runs));
    }
  }

  const big = makeHistory({ seed: 1, processes: 50, operations: 100_000, infoRate: 0.02, mix: 'kv', keys: 100, values: 5 }, 'valid');
  report('kv 100000 ops 100 keys 2% info, 1 thread', summarize([measure(() => checkLinearizableSync(big, 'kv', { timeoutMs: 120_000 }))]));
  const parallel = await measureAsync(() => checkLinearizable(big, 'kv', { timeoutMs: 120_000, workers: 'auto' }));
  report('kv 100000 ops 100 keys 2% info, workers auto', { ...summarize([parallel]), workers: parallel.verdict.stats?.workers ?? 0 });
};

export default bench;
