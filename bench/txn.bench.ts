import { execa } from 'execa';
import { fileURLToPath } from 'node:url';
import type { BenchModule } from './run.js';
import { computeStats } from '../checkers/stats.js';
import { checkListAppend } from '../checkers/txn/index.js';
import { runSerialExecutor } from '../checkers/txn/test-support/index.js';

// The list-append checker on generated histories of 100k, 300k and 1M transactions (10 keys
// in play, 1–4 micro-ops each, 15 concurrent processes, some aborted and indeterminate
// transactions). Each size runs in a fresh child process so that its peak memory is its
// own. The baseline is the stats checker, one plain pass over the same history measured in
// the same process: the ratio says how many such passes the txn check costs on this
// machine, whatever else is running on it. Each measurement starts after a full collection
// (--expose-gc), so it pays for its own garbage and not the generator's; the collections
// the check itself causes are included.

const SIZES = [100_000, 300_000, 1_000_000];
const here = fileURLToPath(import.meta.url);

interface ChildResult {
  txns: number;
  generateMs: number;
  baselineMs: number;
  checkMs: number;
  checkCpuMs: number;
  serializableMs: number;
  valid: string;
  edges: number;
  historyRssMB: number;
  peakRssMB: number;
}

const bench: BenchModule = async (report) => {
  const perTxn: number[] = [];
  for (const txns of SIZES) {
    const child = await execa(process.execPath, ['--expose-gc', '--import', 'tsx', here, String(txns)], { timeout: 15 * 60_000 });
    const r = JSON.parse(child.stdout.trim().split('\n').pop() as string) as ChildResult;
    perTxn.push(r.checkMs / txns);
    report(`list-append ${txns} txns (strict-serializable)`, {
      txnPerSec: Math.round(txns / (r.checkMs / 1000)),
      txnPerCpuSec: Math.round(txns / (r.checkCpuMs / 1000)),
      checkMs: Math.round(r.checkMs),
      vsStatsPass: r.checkMs / r.baselineMs,
      usPerTxnVs100k: (r.checkMs / txns) / perTxn[0],
      serializableMs: Math.round(r.serializableMs),
      peakRssMB: r.peakRssMB,
      historyRssMB: r.historyRssMB,
      edges: r.edges,
      valid: r.valid,
    });
  }
};

export default bench;

async function child(txns: number): Promise<ChildResult> {
  let t = performance.now();
  const { history } = runSerialExecutor({
    workload: 'list-append',
    seed: 20_240_601,
    txnCount: txns,
    concurrency: 15,
    failRate: 0.02,
    infoRate: 0.02,
    source: { keyCount: 10, minTxnLength: 1, maxTxnLength: 4, maxWritesPerKey: 32 },
  });
  const generateMs = performance.now() - t;
  globalThis.gc?.();
  const historyRssMB = Math.round(process.memoryUsage().rss / 2 ** 20);
  globalThis.gc?.();
  t = performance.now();
  computeStats(history);
  const baselineMs = performance.now() - t;
  globalThis.gc?.();
  t = performance.now();
  const cpu = process.cpuUsage();
  const verdict = checkListAppend(history);
  const checkMs = performance.now() - t;
  const used = process.cpuUsage(cpu);
  globalThis.gc?.();
  t = performance.now();
  checkListAppend(history, { consistencyModels: 'serializable' });
  const serializableMs = performance.now() - t;
  return {
    txns,
    generateMs,
    baselineMs,
    checkMs,
    checkCpuMs: (used.user + used.system) / 1000,
    serializableMs,
    valid: String(verdict.valid),
    edges: verdict.stats?.edges ?? 0,
    historyRssMB,
    peakRssMB: Math.round(process.resourceUsage().maxRSS / 1024),
  };
}

if (process.argv[1] === here) {
  const txns = Number(process.argv[2]);
  console.log(JSON.stringify(await child(txns)));
}
