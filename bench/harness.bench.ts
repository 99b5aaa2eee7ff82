import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { clients, stagger, timeLimit, NS_PER_S } from '../generators/index.js';
import { HistoryWriter } from '../core/history-writer.js';
import { Interpreter } from '../harness/interpreter.js';
import { HistoryRecorder, monotonicClock } from '../harness/recorder.js';
import { Rng } from '../core/rng.js';
import { memoryTarget, memoryOptionsSchema } from '../targets/memory/index.js';
import type { TargetContext } from '../core/target.js';
import type { BenchModule } from './run.js';
import { quantile } from './quantiles.js';

// How fast the harness alone can drive and record operations: the in-memory target answers
// at once, so every nanosecond between invoke and completion is harness overhead.

async function drive(
  concurrency: number,
  seconds: number,
  rate = 0,
): Promise<{ opsPerSecond: number; opsPerCpuSecond: number; p50: number; p99: number; max: number }> {
  const dir = mkdtempSync(join(tmpdir(), 'faultline-bench-'));
  try {
    const writer = new HistoryWriter(join(dir, 'history.jsonl'));
    const recorder = new HistoryRecorder(monotonicClock(), writer);
    const ctx: TargetContext<any> = {
      options: memoryOptionsSchema.parse({}),
      workload: 'register',
      runDir: dir,
      nodes: [],
      runtime: undefined,
      concurrency,
      opTimeoutMs: 5000,
      log: () => undefined,
    };
    const workload = memoryTarget.workload('register', ctx.options, { rng: new Rng(1), concurrency, nodes: [] });
    const interp = new Interpreter({ concurrency, rng: new Rng(2), recorder, opTimeoutMs: 5000, openClient: (p, w) => memoryTarget.openClient(ctx, p, w) });
    const started = performance.now();
    const cpuBefore = process.cpuUsage();
    const ops = rate > 0 ? stagger(NS_PER_S / rate, workload.generator) : workload.generator;
    await interp.run(timeLimit(seconds * NS_PER_S, clients(ops)));
    const elapsed = (performance.now() - started) / 1000;
    const cpu = process.cpuUsage(cpuBefore);
    const cpuSeconds = (cpu.user + cpu.system) / 1e6;
    await interp.close();
    writer.close();
    const history = recorder.ops;
    const invokedAt = new Map<unknown, number>();
    const latencies: number[] = [];
    for (const op of history) {
      if (op.type === 'invoke') invokedAt.set(op.process, op.time);
      else latencies.push((op.time - invokedAt.get(op.process)!) / 1e6);
    }
    return {
      opsPerSecond: latencies.length / elapsed,
      opsPerCpuSecond: latencies.length / cpuSeconds,
      p50: quantile(latencies, 0.5),
      p99: quantile(latencies, 0.99),
      max: quantile(latencies, 1),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

// On a shared machine wall-clock figures swing with the load; operations per CPU-second
// of the harness process are the steadier measure of its own cost.
const bench: BenchModule = async (report) => {
  const cases: [number, number][] = [
    [1, 0],
    [10, 0],
    [50, 0],
    [50, 20_000],
  ];
  for (const [concurrency, rate] of cases) {
    const r = await drive(concurrency, 5, rate);
    report(`memory target, ${concurrency} clients, ${rate ? `${rate} ops/s` : 'unlimited'}, 5 s`, {
      'ops/s': Math.round(r.opsPerSecond),
      'ops/cpu-s': Math.round(r.opsPerCpuSecond),
      'overhead p50 ms': r.p50,
      'overhead p99 ms': r.p99,
      'max ms': r.max,
    });
  }
};

export default bench;
