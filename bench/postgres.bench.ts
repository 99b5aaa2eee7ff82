import { chmodSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { runTest } from '../harness/run.js';
import type { Op } from '../core/history.js';
import { LocalRuntime } from '../nemesis/local.js';
import { findPostgresBinDir } from '../targets/postgres/install.js';
import { ISOLATION_LEVELS } from '../targets/postgres/isolation.js';
import { PgConnection, postgresNodeCommand, stopServerCleanly, waitUntilAccepting, type Endpoint } from '../targets/postgres/index.js';
import type { BenchModule } from './run.js';

// How hard the postgres workloads make transactions collide, per isolation level: committed
// and attempted transactions per second, the share that failed on conflicts, and the anomalies
// found. The baseline, measured in the same run on a server of its own, is the same number of
// clients committing one-read transactions on a key nobody writes: what the machine allows
// right now, so the workload figures read as a ratio to it on a noisy shared machine.

const CLIENTS = 10;
const SECONDS = 8;

async function baselinePerSecond(runDir: string, binDir: string): Promise<number> {
  const runtime = new LocalRuntime({
    runDir,
    nodes: 1,
    basePort: 5432,
    handleSignals: false,
    command: (n, all) => postgresNodeCommand(n, all, { binDir, settings: [] }),
  });
  const node = runtime.nodes[0];
  const endpoint: Endpoint = { kind: 'node', name: node.name, host: node.host, port: node.port };
  try {
    await runtime.start(node.name);
    await waitUntilAccepting(endpoint, { timeoutMs: 120_000, node, runtime });
    const setup = await PgConnection.open(endpoint, { connectTimeoutMs: 5_000 });
    await setup.query('CREATE TABLE quiet (k integer PRIMARY KEY, v integer)');
    await setup.query('INSERT INTO quiet VALUES (1, 1)');
    await setup.close();
    let committed = 0;
    const until = performance.now() + SECONDS * 1000;
    await Promise.all(
      Array.from({ length: CLIENTS }, async () => {
        const c = await PgConnection.open(endpoint, { connectTimeoutMs: 5_000 });
        while (performance.now() < until) {
          await c.query('BEGIN ISOLATION LEVEL READ COMMITTED');
          await c.query('SELECT v FROM quiet WHERE k = $1', [1]);
          await c.query('COMMIT');
          committed++;
        }
        await c.close();
      }),
    );
    return committed / SECONDS;
  } finally {
    await stopServerCleanly(node.dataDir).catch(() => undefined);
    await runtime.stopAll();
  }
}

const quiet = new Writable({ write: (_chunk, _enc, done) => done() });

const bench: BenchModule = async (report) => {
  const binDir = findPostgresBinDir();
  if (!binDir || process.getuid?.() !== 0) {
    report('skipped', { reason: 'needs PostgreSQL installed and root' });
    return;
  }
  const dir = mkdtempSync(join(tmpdir(), 'faultline-bench-pg-'));
  chmodSync(dir, 0o755);
  try {
    const baseline = await baselinePerSecond(join(dir, 'baseline'), binDir);
    report(`baseline: ${CLIENTS} clients, one read per txn`, { 'committed/s': baseline });
    for (const workload of ['list-append', 'rw-register'] as const) {
      for (const isolation of ISOLATION_LEVELS) {
        const { runDir, results } = await runTest(
          {
            target: 'postgres',
            workload,
            timeLimit: `${SECONDS}s`,
            rate: 0,
            concurrency: CLIENTS,
            seed: 7,
            runsDir: join(dir, 'runs'),
            targetOptions: { isolation, allAnomalies: true },
          },
          { stderr: quiet },
        );
        const check = (results.checkers[`${workload}-vs-serializable`] ?? results.checkers[workload]) as unknown as {
          anomalyCounts: Record<string, number>;
          stats: { transactions: number; ok: number; fail: number };
        };
        const history = readFileSync(join(runDir, 'history.jsonl'), 'utf8')
          .trim()
          .split('\n')
          .map((line) => JSON.parse(line) as Op);
        const main = history.filter((o) => o.f === 'txn' && o.type === 'invoke' && (o.value as unknown[]).some((m) => (m as unknown[])[0] !== 'r'));
        const seconds = main.length ? (main[main.length - 1].time - main[0].time) / 1e9 : SECONDS;
        const { transactions, ok, fail } = check.stats;
        const counts = check.anomalyCounts;
        report(`${workload} ${isolation}`, {
          'txn/s': transactions / seconds,
          'committed/s': ok / seconds,
          'vs baseline': ok / seconds / baseline,
          'failed%': (100 * fail) / Math.max(1, transactions),
          'G-single': counts['G-single'] ?? 0,
          'G2-item': counts['G2-item'] ?? 0,
          'lost-update': counts['lost-update'] ?? 0,
        });
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
};

export default bench;
