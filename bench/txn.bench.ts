import { execa } from 'execa';
import { fileURLToPath } from 'node:url';
import type { BenchModule } from './run.js';
import { computeStats } from '../checkers/stats.js';
import { checkListAppend } from '../checkers/txn/index.js';
import { INJECTED_ANOMALIES, injectCycles, runSerialExecutor } from '../checkers/txn/test-support/index.js';

// The list-append checker on generated histories of 100k, 300k and 1M transactions (10 keys
// in play, 1–4 micro-ops each, 15 concurrent processes, some aborted and indeterminate
// transactions). Each size runs in a fresh child process so that its peak memory is its
// own. The baseline is the stats checker, one plain pass over the same history measured in
// the same process: the ratio says how many such passes the txn check costs on this
// machine, whatever else is running on it. Each measurement starts after a full collection
// (--expose-gc), so it pays for its own garbage and not the generator's; the collections
// the check itself causes are included.
//
// Then an invalid history at the largest size: the same million transactions with a G0, a
// G1c, a G-single and a G2-item cycle planted at spread points (test-support/inject-cycles).
// The row says how many planted cycles were found as their anomaly and explained, and its
// label carries the verdict the check produced; its time is compared with the valid check
// of the same history in the same process.

const SIZES = [100_000, 300_000, 1_000_000];
const here = fileURLToPath(import.meta.url);

interface PlantedResult {
  txns: number;
  validMs: number;
  validVerdict: string;
  checkMs: number;
  baselineMs: number;
  verdict: string;
  anomalyTypes: string[];
  /** Planted cycles found as their own anomaly among exactly the planted transactions, with an explanation. */
  foundAndExplained: number;
  planted: number;
  peakRssMB: number;
}

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
      usPerTxnVs100k: r.checkMs / txns / perTxn[0],
      serializableMs: Math.round(r.serializableMs),
      peakRssMB: r.peakRssMB,
      historyRssMB: r.historyRssMB,
      edges: r.edges,
      valid: r.valid,
    });
  }
  const planted = await execa(process.execPath, ['--expose-gc', '--import', 'tsx', here, String(SIZES[SIZES.length - 1]), 'planted'], { timeout: 15 * 60_000 });
  const p = JSON.parse(planted.stdout.trim().split('\n').pop() as string) as PlantedResult;
  report(`list-append ${p.txns} txns + planted G0/G1c/G-single/G2-item [valid=${p.verdict}]`, {
    foundAndExplained: `${p.foundAndExplained}/${p.planted}`,
    checkMs: Math.round(p.checkMs),
    vsValidCheck: p.checkMs / p.validMs,
    vsStatsPass: p.checkMs / p.baselineMs,
    validCheckMs: Math.round(p.validMs),
    anomalyTypes: p.anomalyTypes.join(','),
    peakRssMB: p.peakRssMB,
  });
};

export default bench;

function generate(txns: number) {
  return runSerialExecutor({
    workload: 'list-append',
    seed: 20_240_601,
    txnCount: txns,
    concurrency: 15,
    failRate: 0.02,
    infoRate: 0.02,
    source: { keyCount: 10, minTxnLength: 1, maxTxnLength: 4, maxWritesPerKey: 32 },
  });
}

async function child(txns: number): Promise<ChildResult> {
  let t = performance.now();
  const { history } = generate(txns);
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

async function plantedChild(txns: number): Promise<PlantedResult> {
  const { history } = generate(txns);
  globalThis.gc?.();
  let t = performance.now();
  const validVerdict = checkListAppend(history);
  const validMs = performance.now() - t;
  const injection = injectCycles(history, INJECTED_ANOMALIES, 1_000_000, true);
  globalThis.gc?.();
  t = performance.now();
  computeStats(injection.history);
  const baselineMs = performance.now() - t;
  globalThis.gc?.();
  t = performance.now();
  const verdict = checkListAppend(injection.history);
  const checkMs = performance.now() - t;
  const anomalies = verdict.anomalies ?? {};
  const foundAndExplained = injection.planted.filter((plant) =>
    (anomalies[plant.kind] ?? []).some(
      (w) => w.txns.every((x) => plant.txns.includes(x.id)) && w.explanation.length >= 2 && (w.edges?.length ?? 0) === w.txns.length,
    ),
  ).length;
  return {
    txns,
    validMs,
    validVerdict: String(validVerdict.valid),
    checkMs,
    baselineMs,
    verdict: String(verdict.valid),
    anomalyTypes: verdict.anomalyTypes ?? [],
    foundAndExplained,
    planted: injection.planted.length,
    peakRssMB: Math.round(process.resourceUsage().maxRSS / 1024),
  };
}

if (process.argv[1] === here) {
  const txns = Number(process.argv[2]);
  console.log(JSON.stringify(process.argv[3] === 'planted' ? await plantedChild(txns) : await child(txns)));
}
