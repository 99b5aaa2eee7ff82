import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { Redis } from 'ioredis';
import { createRuntime, type RuntimeKind } from '../harness/runtimes.js';
import { dialAddress, isPartitionable, isPausable, type NodeInfo, type NodeRuntime } from '../core/runtime.js';
import { endpointOf, postgresTarget } from '../targets/postgres/index.js';
import { waitUntilAccepting } from '../targets/postgres/server.js';
import { RaftKvClient } from '../targets/raft-kv/index.js';
import { raftKvTarget } from '../targets/raft-kv/target.js';
import { redisLockTarget } from '../targets/redis-lock/index.js';
import { clusterNodeNames, type Target, type TargetContext } from '../core/target.js';
import type { BenchModule } from './run.js';
import { median } from './quantiles.js';

// What a fault costs on the Docker runtime next to the local runtime (the baseline, measured in
// the same run), per bundled target: starting the cluster until the target says it is ready
// (images already built; a first build is reported on its own), pausing and resuming a node,
// killing a node and starting it until it answers again, and cutting and healing a partition.
// Each operation is repeated and its median reported; `ratio` is docker / local.

const REPEATS = 5;

interface Case {
  target: Target<any>;
  options: Record<string, unknown>;
  concurrency: number;
  /** The node the faults aim at. */
  victim: (nodes: readonly NodeInfo[]) => NodeInfo;
  /** Resolves once `node` answers again after a restart. */
  answers: (ctx: TargetContext<any>, node: NodeInfo) => Promise<void>;
}

async function until(what: string, attempt: () => Promise<boolean>, timeoutMs = 60_000): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    if (await attempt().catch(() => false)) return;
    if (performance.now() > deadline) throw new Error(`${what} not within ${timeoutMs} ms`);
    await sleep(20);
  }
}

const CASES: Case[] = [
  {
    target: raftKvTarget,
    options: {},
    concurrency: 1,
    victim: (nodes) => nodes[0],
    answers: (_ctx, node) =>
      until(`raft-kv ${node.name} answers`, async () => {
        const client = new RaftKvClient({ ...dialAddress(node), timeoutMs: 500 });
        try {
          return (await client.status()).term >= 0;
        } finally {
          await client.close();
        }
      }),
  },
  {
    target: postgresTarget,
    options: {},
    concurrency: 1,
    victim: (nodes) => nodes[0],
    answers: async (ctx) => {
      await waitUntilAccepting(endpointOf(ctx), { timeoutMs: 60_000 });
    },
  },
  {
    target: redisLockTarget,
    options: { lock: 'redlock' },
    concurrency: 2,
    victim: (nodes) => nodes[0],
    answers: (_ctx, node) =>
      until(`redis-server ${node.name} answers`, async () => {
        const redis = new Redis({ ...dialAddress(node), lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null, connectTimeout: 500 });
        redis.on('error', () => undefined);
        try {
          await redis.connect();
          return (await redis.ping()) === 'PONG';
        } finally {
          redis.disconnect();
        }
      }),
  },
];

async function timed(action: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await action();
  return performance.now() - started;
}

interface Figures {
  startMs: number;
  pauseMs: number;
  resumeMs: number;
  killMs: number;
  restartMs: number;
  partitionMs: number | undefined;
  healMs: number | undefined;
}

async function measure(kind: RuntimeKind, c: Case): Promise<Figures> {
  const runDir = mkdtempSync(join(tmpdir(), 'faultline-docker-bench-'));
  // PostgreSQL runs as its own user, which must be able to walk into the run folder.
  chmodSync(runDir, 0o755);
  const options = c.target.optionsSchema.parse(c.options) as Record<string, unknown>;
  const nodes = clusterNodeNames(c.target, options, { concurrency: c.concurrency, nodes: undefined });
  let runtime: NodeRuntime | undefined;
  let ctx: TargetContext<any> | undefined;
  try {
    const startMs = await timed(async () => {
      runtime = await createRuntime(kind, { runDir, nodes, target: c.target, options, log: () => undefined });
      for (const node of runtime.nodes) await runtime.start(node.name);
      ctx = {
        options,
        workload: c.target.defaultWorkload,
        runDir,
        nodes: runtime.nodes,
        runtime,
        concurrency: c.concurrency,
        opTimeoutMs: 5_000,
        log: () => undefined,
      };
      await c.target.setup?.(ctx);
    });
    const rt = runtime!;
    const victim = c.victim(rt.nodes);
    const pause: number[] = [];
    const resume: number[] = [];
    const kill: number[] = [];
    const restart: number[] = [];
    const partition: number[] = [];
    const heal: number[] = [];
    for (let i = 0; i < REPEATS; i++) {
      if (isPausable(rt)) {
        pause.push(await timed(() => rt.pause(victim.name)));
        resume.push(await timed(() => rt.resume(victim.name)));
      }
      kill.push(await timed(() => rt.kill(victim.name)));
      restart.push(
        await timed(async () => {
          await rt.start(victim.name);
          await c.answers(ctx!, victim);
        }),
      );
      if (isPartitionable(rt) && rt.nodes.length > 1) {
        const others = rt.nodes.filter((n) => n.name !== victim.name).map((n) => n.name);
        partition.push(await timed(() => rt.partition({ [victim.name]: others, ...Object.fromEntries(others.map((o) => [o, [victim.name]])) })));
        heal.push(await timed(() => rt.heal()));
      }
    }
    return {
      startMs,
      pauseMs: median(pause),
      resumeMs: median(resume),
      killMs: median(kill),
      restartMs: median(restart),
      partitionMs: partition.length ? median(partition) : undefined,
      healMs: heal.length ? median(heal) : undefined,
    };
  } finally {
    if (ctx) await c.target.teardown?.(ctx).catch(() => undefined);
    await runtime?.stopAll().catch(() => undefined);
    rmSync(runDir, { recursive: true, force: true });
  }
}

const bench: BenchModule = async (report) => {
  for (const c of CASES) {
    // The first Docker start of a target builds its image (or finds it): reported apart.
    const first = await measure('docker', c);
    report(`${c.target.name}: docker, first start (image build included)`, { startMs: first.startMs });
    const local = await measure('local', c);
    const docker = await measure('docker', c);
    const row = (figures: Figures) => {
      const out: Record<string, number | string> = {};
      for (const [key, value] of Object.entries(figures)) out[key] = value === undefined ? 'n/a' : value;
      return out;
    };
    report(`${c.target.name}: local (baseline)`, row(local));
    report(`${c.target.name}: docker`, row(docker));
    const ratios: Record<string, number | string> = {};
    for (const key of Object.keys(local) as (keyof Figures)[]) {
      const l = local[key];
      const d = docker[key];
      ratios[key] = l === undefined || d === undefined ? 'n/a' : d / l;
    }
    report(`${c.target.name}: ratio docker / local`, ratios);
  }
};

export default bench;
