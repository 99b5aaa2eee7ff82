import { setTimeout as sleep } from 'node:timers/promises';
import { ConfigError } from '../../../core/errors.js';
import type { FaultEnvironment } from '../../../core/target.js';
import type { NodeInfo, NodeRuntime } from '../../../core/runtime.js';
import { NodeNotReadyError, waitUntilReady } from '../../support/readiness.js';
import { serverNodes } from '../layout.js';
import { derivedSettings, type DerivedSettings, type RedisLockOptions } from '../options.js';
import type { ServerAddress } from '../protocol/messages.js';
import { isReplicated, redisLockRun, type RedisLockRun } from '../run-state.js';

/** What every redis-lock scenario works with. */
export interface Scenario {
  readonly name: string;
  readonly options: RedisLockOptions;
  readonly settings: DerivedSettings;
  readonly run: RedisLockRun;
  readonly runtime: NodeRuntime;
  /** The redis nodes, r1…rM. */
  readonly servers: readonly NodeInfo[];
  /** How many masters make a Redlock majority (1 for the single lock). */
  readonly quorum: number;
  readonly opTimeoutMs: number;
  log(message: string): void;
}

export function scenarioOf(name: string, env: FaultEnvironment): Scenario {
  const options = env.targetContext.options as RedisLockOptions;
  const servers = serverNodes(env.runtime.nodes);
  if (servers.length === 0) throw new ConfigError('nemesis', `${name} needs the run's own redis nodes; it cannot act on servers given by --redis-url`);
  return {
    name,
    options,
    settings: derivedSettings(options),
    run: redisLockRun(env.targetContext.runDir),
    runtime: env.runtime,
    servers,
    quorum: options.lock === 'single' ? 1 : Math.floor(servers.length / 2) + 1,
    opTimeoutMs: env.targetContext.opTimeoutMs,
    log: env.log,
  };
}

export function address(node: NodeInfo): ServerAddress {
  return { name: node.name, host: node.host, port: node.port };
}

/** The servers the lock lives on now: every master, or with replication the primary alone. */
export function lockServersNow(s: Scenario): NodeInfo[] {
  if (!isReplicated(s.options)) return [...s.servers];
  const primary = s.servers.find((n) => n.name === (s.run.primary ?? s.servers[0].name));
  return primary ? [primary] : [s.servers[0]];
}

/** Polls `done` every few ms until it holds or `timeoutMs` passed; says which. */
export async function waitUntil(done: () => boolean | Promise<boolean>, timeoutMs: number, signal?: AbortSignal, everyMs = 5): Promise<boolean> {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    if (await done()) return true;
    if (performance.now() >= deadline || signal?.aborted) return false;
    await sleep(everyMs);
  }
}

/**
 * Waits for a server to answer PING again after a (re)start; false when it does not in time, or
 * its process exits meanwhile (the reason is logged).
 */
export async function waitForServer(s: Scenario, node: NodeInfo, timeoutMs = 10_000): Promise<boolean> {
  try {
    await waitUntilReady(() => s.run.admin.ping(address(node)), {
      nodes: node,
      runtime: s.runtime,
      timeoutMs,
      intervalMs: 25,
      what: `${node.name} answering PING`,
    });
    return true;
  } catch (err) {
    s.log(`${s.name}: ${err instanceof NodeNotReadyError ? err.summary : String(err)}`);
    return false;
  }
}
