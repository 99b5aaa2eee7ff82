import { afterEach, describe, expect, it } from 'vitest';
import { ConfigError } from '../../../core/errors.js';
import { Rng } from '../../../core/rng.js';
import type { FaultEnvironment } from '../../../core/target.js';
import type { NodeInfo } from '../../../core/runtime.js';
import type { TargetContext } from '../../../core/target.js';
import { redisLockOptionsSchema, type RedisLockOptions } from '../options.js';
import { endRedisLockRun, redisLockRun } from '../run-state.js';
import { failoverFault } from './failover.js';
import { clientPauseFault } from './holder-pause.js';

// The scenarios' bookkeeping, on a runtime that only records what it is asked to do: what a
// pause stops, what heal (the end of a run, Ctrl-C) undoes, and what they refuse up front.

const RUN_DIR = '/nonexistent/redis-lock-scenario-test';
const node = (name: string, i: number): NodeInfo => ({ name, host: `127.0.0.${i + 2}`, port: 6379, dataDir: '/nonexistent', logFile: '/nonexistent.log' });

function environment(options: Partial<RedisLockOptions>, opTimeoutMs = 5_000) {
  const calls: string[] = [];
  const nodes = ['r1', 'r2', 'c1', 'c2'].map(node);
  const runtime = {
    kind: 'fake',
    nodes,
    start: async (n: string) => void calls.push(`start ${n}`),
    kill: async (n: string) => void calls.push(`kill ${n}`),
    isRunning: () => true,
    stopAll: async () => undefined,
    pause: async (n: string) => void calls.push(`pause ${n}`),
    resume: async (n: string) => void calls.push(`resume ${n}`),
  };
  const targetContext = { options: redisLockOptionsSchema.parse(options), runDir: RUN_DIR, opTimeoutMs, nodes } as unknown as TargetContext;
  const env: FaultEnvironment = {
    runtime,
    target: {} as never,
    targetContext,
    rng: new Rng(1),
    nodes: nodes.map((n) => n.name),
    primary: async () => undefined,
    log: () => undefined,
  };
  return { env, calls };
}

describe('redis-lock scenarios', () => {
  afterEach(async () => {
    await endRedisLockRun(RUN_DIR);
  });

  it('client-pause stops the next holder to read the resource, and heal resumes it', async () => {
    const { env, calls } = environment({});
    const kind = clientPauseFault(env);
    expect(kind.fs).toEqual(['pause', 'resume']);
    expect(kind.durationNs).toBe(3_000 * 1e6);
    const applied = kind.apply({ process: 'nemesis', f: 'pause', value: 'lock-holder' }, new AbortController().signal);
    const board = redisLockRun(RUN_DIR).board;
    board.acquireEnded(6, 'c2', true);
    await board.reached('read', 6, 'c2');
    await expect(applied).resolves.toMatchObject({ nodes: ['c2'], point: 'after-read', process: 6 });
    expect(kind.active()).toEqual(['paused c2 (client-pause)']);
    await kind.heal();
    expect(calls).toEqual(['pause c2', 'resume c2']);
    expect(kind.active()).toEqual([]);
  });

  it('client-pause gives up (pausing nobody) when no holder reads in time', async () => {
    const { env, calls } = environment({ faultWaitMs: 30 });
    const kind = clientPauseFault(env);
    await expect(kind.apply({ process: 'nemesis', f: 'pause', value: 'lock-holder' }, new AbortController().signal)).resolves.toMatchObject({ nodes: [] });
    expect(await kind.apply({ process: 'nemesis', f: 'resume', value: 'all' }, new AbortController().signal)).toEqual({ nodes: [] });
    expect(calls).toEqual([]);
  });

  it('refuse what cannot work: a pause longer than the operation timeout, a failover without a replica', () => {
    expect(() => clientPauseFault(environment({}, 3_000).env)).toThrow(/op-timeout/);
    expect(() => failoverFault(environment({}).env)).toThrow(ConfigError);
    expect(() => failoverFault(environment({}).env)).toThrow(/--redis-replicas 1/);
  });
});
