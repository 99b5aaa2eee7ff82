import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { LocalRuntime } from '../nemesis/local.js';
import type { BenchModule } from './run.js';
import { RaftKvClient, raftNodeCommand, waitForLeader } from '../targets/raft-kv/index.js';
import { quantile } from './quantiles.js';

// Throughput and latency of the bundled Raft store: 10 clients in this process, each with one
// request outstanding, doing a read/write/cas mix on a few keys. The 1-node cluster (no
// replication, same client code and fsyncs) is the baseline measured in the same run. On a
// shared machine throughput mostly measures the neighbours, so CPU time per operation (from
// /proc, nodes and client separately) is reported too: it says what the store itself costs.

const CLIENTS = 10;
const KEYS = 5;
const WARMUP_MS = 1_000;
const MEASURE_MS = 5_000;
const MAX_OPS_PER_CLIENT = 200_000;

interface Measured {
  /** Every answered operation, warm-up included. */
  total: number;
  ok: number;
  fail: number;
  info: number;
  seconds: number;
  latenciesMs: number[];
}

async function drive(clients: RaftKvClient[]): Promise<Measured> {
  const latenciesMs: number[] = [];
  const counts = { ok: 0, fail: 0, info: 0 };
  let total = 0;
  const start = performance.now();
  const warmEnd = start + WARMUP_MS;
  const end = warmEnd + MEASURE_MS;
  await Promise.all(
    clients.map(async (client, c) => {
      let seed = c * 7919 + 1;
      const next = (): number => (seed = (seed * 48271) % 2147483647) / 2147483647;
      for (let i = 0; i < MAX_OPS_PER_CLIENT; i++) {
        const before = performance.now();
        if (before >= end) return;
        const key = `k${Math.floor(next() * KEYS)}`;
        const dice = next();
        const value = Math.floor(next() * 5);
        const outcome =
          dice < 0.5 ? await client.read(key) : dice < 0.8 ? await client.write(key, value) : await client.cas(key, value, Math.floor(next() * 5));
        const after = performance.now();
        total++;
        if (before < warmEnd) continue;
        counts[outcome.type]++;
        if (outcome.type === 'ok') latenciesMs.push(after - before);
      }
    }),
  );
  return { ...counts, total, seconds: MEASURE_MS / 1000, latenciesMs };
}

/** CPU time (ms) a process has used so far, from /proc: comparable across runs on a busy machine. */
function cpuMs(pid: number | undefined): number {
  if (pid === undefined) return NaN;
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
}

function ownCpuMs(): number {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1000;
}

async function untilFollowing(host: string, port: number, leader: string): Promise<void> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const client = new RaftKvClient({ host, port, timeoutMs: 500 });
    try {
      if ((await client.status()).leader === leader) return;
    } catch (err) {
      if (Date.now() > deadline) throw err;
    } finally {
      await client.close();
    }
    if (Date.now() > deadline) throw new Error(`${host}:${port} does not follow ${leader} after 30 s`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

async function runCase(size: number, placement: 'leader' | 'spread'): Promise<Measured & { leader: string; cpuMsPerOp: { nodes: number; client: number } }> {
  const runDir = mkdtempSync(join(tmpdir(), 'raft-kv-bench-'));
  const runtime = new LocalRuntime({ runDir, nodes: size, clockSkew: false, command: (node, cluster) => raftNodeCommand(node, cluster) });
  const clients: RaftKvClient[] = [];
  let kept = false;
  try {
    await Promise.all(runtime.nodes.map((node) => runtime.start(node.name)));
    const { leader } = await waitForLeader(runtime.nodes, { timeoutMs: 30_000 });
    // A majority is enough for a leader; the clients need every node up and following it.
    await Promise.all(runtime.nodes.map((node) => untilFollowing(node.host, node.port, leader)));
    for (let c = 0; c < CLIENTS; c++) {
      const node = placement === 'leader' ? runtime.nodes.find((n) => n.name === leader) : runtime.nodes[c % size];
      if (node === undefined) throw new Error(`leader ${leader} is not a node`);
      clients.push(await RaftKvClient.connect({ host: node.host, port: node.port, timeoutMs: 5_000 }));
    }
    const pids = runtime.nodes.map((node) => runtime.pid(node.name));
    const nodesCpuMs = (): number => pids.reduce<number>((sum, pid) => sum + cpuMs(pid), 0);
    const nodesBefore = nodesCpuMs();
    const clientBefore = ownCpuMs();
    const measured = await drive(clients);
    const nodesCpu = nodesCpuMs() - nodesBefore;
    const clientCpu = ownCpuMs() - clientBefore;
    // CPU is counted over warm-up and measurement alike; so are the operations it is divided by.
    const total = measured.total;
    return { ...measured, leader, cpuMsPerOp: { nodes: nodesCpu / total, client: clientCpu / total } };
  } catch (err) {
    // Keep the node logs of a failed case: they say why.
    process.stderr.write(`raft-kv bench: ${size}-node case failed; node logs kept in ${runDir}/nodes\n`);
    kept = true;
    throw err;
  } finally {
    await Promise.all(clients.map((client) => client.close()));
    await runtime.stopAll();
    if (!kept) rmSync(runDir, { recursive: true, force: true });
  }
}

const bench: BenchModule = async (report) => {
  let baseline = NaN;
  const cases: Array<[string, number, 'leader' | 'spread']> = [
    ['1 node (baseline, no replication)', 1, 'leader'],
    ['3 nodes, clients on the leader', 3, 'leader'],
    ['3 nodes, clients spread over nodes', 3, 'spread'],
  ];
  for (const [name, size, placement] of cases) {
    const result = await runCase(size, placement);
    const opsPerSecond = result.ok / result.seconds;
    if (Number.isNaN(baseline)) baseline = opsPerSecond;
    report(name, {
      'ok/s': Math.round(opsPerSecond),
      'answered/s': Math.round((result.ok + result.fail) / result.seconds),
      'vs-baseline': opsPerSecond / baseline,
      'p50-ms': quantile(result.latenciesMs, 0.5),
      'p99-ms': quantile(result.latenciesMs, 0.99),
      'max-ms': quantile(result.latenciesMs, 1),
      fail: result.fail,
      info: result.info,
      'node-cpu-ms/op': result.cpuMsPerOp.nodes,
      'client-cpu-ms/op': result.cpuMsPerOp.client,
      // What the CPU cost per operation would allow with every core to ourselves.
      'cpu-bound-ops/s': Math.round((availableParallelism() * 1000) / (result.cpuMsPerOp.nodes + result.cpuMsPerOp.client)),
    });
  }
};

export default bench;
