import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { LocalRuntime } from '../nemesis/local.js';
import type { BenchModule } from './run.js';
import { createLock, redisServerCommand, type DistributedLock, type LockKind, type SessionConfig } from '../targets/redis-lock/index.js';
import { quantile } from './quantiles.js';

// What each lock costs without faults: one client in this process takes and releases the lock
// in a loop against redis-server nodes on the local runtime (1 server for single, 5 masters for
// the two Redlocks). The single-instance lock measured in the same run is the baseline; on a
// shared machine the ratios say more than the absolute figures.

const WARMUP_MS = 500;
const MEASURE_MS = 3_000;
const MAX_CYCLES = 100_000;

async function cycles(lock: DistributedLock): Promise<{ perSecond: number; acquireMs: number[]; releaseMs: number[]; refused: number }> {
  const acquireMs: number[] = [];
  const releaseMs: number[] = [];
  let refused = 0;
  let done = 0;
  const start = performance.now();
  const warmEnd = start + WARMUP_MS;
  const end = warmEnd + MEASURE_MS;
  for (let i = 0; i < MAX_CYCLES && performance.now() < end; i++) {
    const t0 = performance.now();
    const granted = await lock.acquire();
    const t1 = performance.now();
    if (granted.type !== 'ok') {
      refused++;
      continue;
    }
    await lock.release(granted.value);
    const t2 = performance.now();
    if (t0 < warmEnd) continue;
    done++;
    acquireMs.push(t1 - t0);
    releaseMs.push(t2 - t1);
  }
  return { perSecond: done / (MEASURE_MS / 1000), acquireMs, releaseMs, refused };
}

const bench: BenchModule = async (report) => {
  const runDir = mkdtempSync(join(tmpdir(), 'faultline-bench-redis-lock-'));
  const runtime = new LocalRuntime({
    runDir,
    nodes: ['r1', 'r2', 'r3', 'r4', 'r5'],
    basePort: 16500,
    command: (node) => redisServerCommand(node, { persistence: 'none' }),
  });
  try {
    for (const node of runtime.nodes) await runtime.start(node.name);
    const servers = runtime.nodes.map((n) => ({ name: n.name, host: n.host, port: n.port }));
    let baseline: number | undefined;
    const cases: Array<[LockKind, boolean, number]> = [
      ['single', false, 1],
      ['single', true, 1],
      ['redlock', false, 5],
      ['redlock-npm', false, 5],
    ];
    for (const [kind, fencing, count] of cases) {
      const config: SessionConfig = {
        lock: kind,
        servers: servers.slice(0, count),
        replicated: false,
        key: `bench-${kind}-${String(fencing)}`,
        ttlMs: 10_000,
        fencing,
        driftFactor: 0.01,
        commandTimeoutMs: 1_000,
        resource: { host: '127.0.0.1', port: 1 },
        owner: 'c1',
      };
      const lock = createLock(config);
      await lock.ready(5_000);
      const m = await cycles(lock);
      await lock.close();
      baseline ??= m.perSecond;
      report(`${kind}${fencing ? '+fencing' : ''} (${count} server${count > 1 ? 's' : ''})`, {
        'cycles/s': m.perSecond,
        'vs single': m.perSecond / baseline,
        'acquire p50 ms': quantile(m.acquireMs, 0.5),
        'acquire p99 ms': quantile(m.acquireMs, 0.99),
        'release p50 ms': quantile(m.releaseMs, 0.5),
        refused: m.refused,
      });
    }
  } finally {
    await runtime.stopAll();
    rmSync(runDir, { recursive: true, force: true });
  }
};

export default bench;
