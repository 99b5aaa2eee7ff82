import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { execa } from 'execa';
import type { History } from '../core/history.js';
import { computeStats } from '../checkers/stats.js';
import type { Verdict } from '../core/verdict.js';
import { checkBank, checkCounter, checkLostUpdate, checkSetFull, checkUniqueIds } from '../checkers/loss/index.js';
import { bankModel, counterModel, idModel, incrementModel, lockModel, setModel, simulate, type SimModel } from '../checkers/test-support/index.js';
import { checkLock } from '../checkers/lock/index.js';
import type { BenchModule } from './run.js';

// The loss and lock checkers on million-event histories from simulated linearizable systems
// (valid by construction) with ten concurrent clients, 1 ms mean latency and 0.5 ms think time.
//
// Each case runs in its own Node process, so one case's garbage cannot inflate another's
// memory figures. In that process the history is generated, then the stats checker (one pass
// pairing every operation) as the baseline and the checker under test each run three times.
// `xStats` and `xStatsCpu` are their ratios (wall and CPU time): the figures to compare across
// runs on this shared, noisy machine, where wall time alone can swing several-fold.
// `peakExtraMb` is the highest resident size a sampling thread saw during the check, minus
// the resident size with the history loaded.

interface Case {
  model: () => SimModel;
  check: (history: History) => Verdict;
}

const ACCOUNTS = ['a0', 'a1', 'a2', 'a3', 'a4', 'a5', 'a6', 'a7'];

const CASES: Record<string, Case> = {
  'set-full': {
    model: () => setModel({ opsPerKey: 200, readFraction: 0.2, infoFraction: 0.01 }),
    check: (h) => checkSetFull(h, { linearizable: true }),
  },
  counter: { model: () => counterModel({ readFraction: 0.5, infoFraction: 0.01 }), check: (h) => checkCounter(h) },
  bank: {
    model: () => bankModel({ accounts: ACCOUNTS.length, initialBalance: 100, readFraction: 0.5 }),
    check: (h) => checkBank(h, { accounts: ACCOUNTS, initialBalance: 100 }),
  },
  'lost-update': { model: () => incrementModel({ keys: 10 }), check: (h) => checkLostUpdate(h) },
  'unique-ids': { model: () => idModel({ infoFraction: 0.01 }), check: (h) => checkUniqueIds(h) },
  lock: { model: () => lockModel({ locks: 8, validityMs: 10_000 }), check: (h) => checkLock(h) },
};

/** Half a million operations: about a million history events. Override for a quick smoke run. */
const OPERATIONS = Number(process.env.FAULTLINE_BENCH_OPERATIONS ?? 500_000);
const CHILD_TIMEOUT_MS = 600_000;
const REPETITIONS = 3;
const here = fileURLToPath(import.meta.url);

const bench: BenchModule = async (report) => {
  for (const name of Object.keys(CASES)) {
    const child = await execa(process.execPath, ['--expose-gc', '--import', 'tsx', here, '--case', name], {
      timeout: CHILD_TIMEOUT_MS,
      env: { FAULTLINE_BENCH_OPERATIONS: String(OPERATIONS) },
    });
    const lastLine = child.stdout.trim().split('\n').pop() ?? '{}';
    report(name, JSON.parse(lastLine) as Record<string, number | string>);
  }
};
export default bench;

async function runCase(name: string): Promise<Record<string, number | string>> {
  const chosen = CASES[name];
  if (!chosen) throw new Error(`unknown case ${name}; expected one of ${Object.keys(CASES).join(', ')}`);
  const genStart = performance.now();
  const history = simulate(chosen.model(), { seed: 42, operations: OPERATIONS, workers: 10 });
  const genMs = performance.now() - genStart;
  // Stats and check alternate so that a burst of load from other work hits both alike; the
  // fastest of each is kept, and the peak memory of the first check (the others reuse its pages).
  let statsWall = Infinity;
  let statsCpu = Infinity;
  let checkWall = Infinity;
  let checkCpu = Infinity;
  let valid = '';
  let rssBefore = 0;
  let peak = 0;
  for (let rep = 0; rep < REPETITIONS; rep++) {
    collectGarbage();
    const baseline = timed(() => computeStats(history));
    statsWall = Math.min(statsWall, baseline.wallMs);
    statsCpu = Math.min(statsCpu, baseline.cpuMs);
    collectGarbage();
    const sampler = rep === 0 ? await startRssSampler() : null;
    // Measured with the sampling thread already running, so its own memory is not counted.
    if (rep === 0) rssBefore = process.memoryUsage.rss();
    const checked = timed(() => chosen.check(history));
    if (sampler) peak = await sampler.stop();
    checkWall = Math.min(checkWall, checked.wallMs);
    checkCpu = Math.min(checkCpu, checked.cpuMs);
    valid = String(checked.result.valid);
  }
  return {
    events: history.length,
    valid,
    checkMs: Math.round(checkWall),
    checkCpuMs: Math.round(checkCpu),
    statsMs: Math.round(statsWall),
    statsCpuMs: Math.round(statsCpu),
    xStats: checkWall / statsWall,
    xStatsCpu: checkCpu / statsCpu,
    historyRssMb: Math.round(rssBefore / 1e6),
    peakExtraMb: Math.round(Math.max(0, peak - rssBefore) / 1e6),
    genMs: Math.round(genMs),
  };
}

function timed<T>(run: () => T): { result: T; wallMs: number; cpuMs: number } {
  const cpu = process.cpuUsage();
  const wall = performance.now();
  const result = run();
  const wallMs = performance.now() - wall;
  const used = process.cpuUsage(cpu);
  return { result, wallMs, cpuMs: (used.user + used.system) / 1000 };
}

function collectGarbage(): void {
  (globalThis as { gc?: () => void }).gc?.();
}

/**
 * Resident size is process-wide, so a worker thread can watch it while the main thread is
 * busy in a synchronous checker.
 */
async function startRssSampler(): Promise<{ stop(): Promise<number> }> {
  const shared = new Float64Array(new SharedArrayBuffer(8));
  const source = `
    const { workerData, parentPort } = require('node:worker_threads');
    const peak = new Float64Array(workerData);
    const sample = () => { const rss = process.memoryUsage.rss(); if (rss > peak[0]) peak[0] = rss; };
    sample();
    setInterval(sample, 2);
    parentPort.postMessage('ready');
  `;
  const worker = new Worker(source, { eval: true, workerData: shared.buffer });
  await new Promise((ready) => worker.once('message', ready));
  return {
    async stop() {
      await worker.terminate();
      return shared[0];
    },
  };
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === here && process.argv[2] === '--case') {
  console.log(JSON.stringify(await runCase(process.argv[3] ?? '')));
}
