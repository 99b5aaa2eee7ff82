import { z } from 'zod';
import { appendWorkload } from '../../generators/workloads/append.js';
import { incrementsWorkload } from '../../generators/workloads/increments.js';
import { registerWorkload } from '../../generators/workloads/register.js';
import { setWorkload } from '../../generators/workloads/set.js';
import { AIMED_FAULT_KINDS } from '../../nemesis/faults/aimed.js';
import type { Client, Completion, HasFaultKinds, HasPrimary, Invocation, Target, TargetContext } from '../../core/target.js';
import { nodeForWorker } from '../../core/target.js';
import { nodeEndpoint } from '../support/ports.js';
import { RaftKvClient, type KvOutcome } from './client.js';
import { raftNodeCommand } from './launch.js';
import type { KvKey, KvValue } from './protocol/messages.js';
import { BUG_NAMES } from './server/bugs.js';
import { waitForLeader } from './wait-for-leader.js';

export const raftKvOptionsSchema = z
  .object({
    bug: z.array(z.enum(BUG_NAMES)).default([]),
    electionTimeoutMs: z.number().int().positive().optional(),
    heartbeatMs: z.number().int().positive().optional(),
    snapshotEvery: z.number().int().positive().optional(),
    /** How long setup waits for the first leader. */
    startupTimeoutMs: z.number().int().positive().default(30_000),
  })
  .strict();

export type RaftKvOptions = z.output<typeof raftKvOptionsSchema>;

/** Where the set and counter workloads keep their one value. */
const SET_KEY = 'set';
const COUNTER_KEY = 'counter';
/** A counter add retries its compare-and-set this many times before giving up (definitely). */
const COUNTER_CAS_ATTEMPTS = 20;

/** "3,7,12," as the set workload stores it, back to [3, 7, 12]. */
function parseSet(value: unknown): number[] {
  if (value === null || value === undefined || value === '') return [];
  return String(value).split(',').filter(Boolean).map(Number);
}

/** One logical client process talking to one node, in the history's vocabulary. */
class RaftKvTargetClient implements Client {
  constructor(
    private readonly client: RaftKvClient,
    private readonly workload: string,
    readonly node: string,
  ) {}

  async invoke(op: Invocation): Promise<Completion> {
    if (this.workload === 'set') return this.setOp(op);
    if (this.workload === 'counter') return this.counterOp(op);
    return this.kvOp(op);
  }

  close(): Promise<void> {
    return this.client.close();
  }

  private async kvOp(op: Invocation): Promise<Completion> {
    const key = (op.key ?? 'register') as KvKey;
    let outcome: KvOutcome<unknown>;
    switch (op.f) {
      case 'read':
        outcome = await this.client.read(key);
        break;
      case 'write':
        outcome = await this.client.write(key, op.value as KvValue);
        break;
      case 'cas': {
        const [from, to] = op.value as [KvValue, KvValue];
        outcome = await this.client.cas(key, from, to);
        break;
      }
      case 'append':
        outcome = await this.client.append(key, op.value as KvValue);
        break;
      default:
        return { type: 'fail', error: `raft-kv cannot perform "${op.f}"` };
    }
    if (outcome.type !== 'ok') return outcome;
    // Only reads return what they saw; other operations complete with their own arguments.
    return { type: 'ok', node: outcome.node, ...(op.f === 'read' ? { value: outcome.value ?? null } : {}) };
  }

  /** A set is one string of comma-terminated elements; adding appends one. */
  private async setOp(op: Invocation): Promise<Completion> {
    if (op.f === 'add') {
      const outcome = await this.client.append(SET_KEY, `${String(op.value)},`);
      return outcome.type === 'ok' ? { type: 'ok', node: outcome.node } : outcome;
    }
    const outcome = await this.client.read(SET_KEY);
    return outcome.type === 'ok' ? { type: 'ok', node: outcome.node, value: parseSet(outcome.value) } : outcome;
  }

  /** raft-kv has no increment, so an add is a read and compare-and-set, retried while others win. */
  private async counterOp(op: Invocation): Promise<Completion> {
    if (op.f === 'read') {
      const outcome = await this.client.read(COUNTER_KEY);
      return outcome.type === 'ok' ? { type: 'ok', node: outcome.node, value: Number(outcome.value ?? 0) } : outcome;
    }
    const delta = Number(op.value);
    for (let attempt = 0; attempt < COUNTER_CAS_ATTEMPTS; attempt++) {
      const read = await this.client.read(COUNTER_KEY);
      if (read.type !== 'ok') return read.type === 'info' ? { type: 'fail', error: `read before add: ${read.error}` } : read;
      const current = Number(read.value ?? 0);
      const outcome = await this.client.cas(COUNTER_KEY, current, current + delta);
      if (outcome.type === 'ok') return { type: 'ok', node: outcome.node };
      if (outcome.type === 'info') return outcome;
    }
    return { type: 'fail', error: `compare-and-set lost ${COUNTER_CAS_ATTEMPTS} races` };
  }
}

export const raftKvTarget: Target<RaftKvOptions> & HasPrimary<RaftKvOptions> & HasFaultKinds = {
  name: 'raft-kv',
  summary: "faultline's own Raft key-value store (correct by default; --bug switches on seeded bugs)",
  optionsSchema: raftKvOptionsSchema,
  flags: {
    bug: { describe: `seeded bug to switch on, repeatable (${BUG_NAMES.join(', ')})`, type: 'string', array: true },
    'election-timeout-ms': { describe: 'election timeout in ms (default 300)', type: 'number', option: 'electionTimeoutMs' },
  },
  workloads: ['register', 'append', 'set', 'counter'],
  defaultWorkload: 'register',
  defaultNemesis: ['partition', 'pause', 'kill'],
  /**
   * Faults aimed at the leader, one per seeded bug they expose: kill-majority (no-fsync),
   * isolate-skewed-leader (lease-read), partition-restart (forget-vote).
   */
  faultKinds: AIMED_FAULT_KINDS,
  cluster: {
    defaultNodes: 3,
    port: 7000,
    command: (node, cluster, options) =>
      raftNodeCommand(node, cluster, {
        bugs: options.bug,
        electionTimeoutMs: options.electionTimeoutMs,
        heartbeatMs: options.heartbeatMs,
        snapshotEvery: options.snapshotEvery,
      }),
    // Node and faultline's own code, which every node image holds.
    container: () => ({}),
  },
  workload(name) {
    switch (name) {
      case 'append':
        return appendWorkload();
      case 'set':
        return setWorkload({ linearizable: true });
      case 'counter':
        return incrementsWorkload();
      default:
        return registerWorkload();
    }
  },
  async setup(ctx) {
    // Every node must stay up meanwhile: one that exits ends the wait at once, quoting its log.
    const { leader, term } = await waitForLeader(ctx.nodes, { timeoutMs: ctx.options.startupTimeoutMs, runtime: ctx.runtime });
    ctx.log(`raft-kv: ${leader} leads in term ${term}`);
    if (ctx.workload === 'counter') {
      // Compare-and-set needs a value to compare against: the counter starts at 0.
      const node = ctx.nodes.find((n) => n.name === leader) ?? ctx.nodes[0];
      const client = await RaftKvClient.connect({ ...nodeEndpoint(node), timeoutMs: ctx.opTimeoutMs });
      try {
        const written = await client.write(COUNTER_KEY, 0);
        if (written.type !== 'ok') throw new Error(`could not create the counter: ${written.error}`);
      } finally {
        await client.close();
      }
    }
  },
  async openClient(ctx: TargetContext<RaftKvOptions>, _process: number, worker: number) {
    const node = nodeForWorker(ctx.nodes, worker);
    return new RaftKvTargetClient(await RaftKvClient.connect({ ...nodeEndpoint(node), timeoutMs: ctx.opTimeoutMs }), ctx.workload, node.name);
  },
  async primary(ctx) {
    try {
      return (await waitForLeader(ctx.nodes, { timeoutMs: 2_000 })).leader;
    } catch {
      return undefined;
    }
  },
};
