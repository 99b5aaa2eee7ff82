import { z } from 'zod';
import { appendWorkload } from '../../harness/workloads/append.js';
import { registerWorkload } from '../../harness/workloads/register.js';
import type { Client, Completion, HasPrimary, Invocation, Target, TargetContext } from '../target.js';
import { nodeForProcess } from '../target.js';
import { RaftKvClient, type KvOutcome } from './client.js';
import { raftNodeCommand } from './launch.js';
import type { KvKey, KvValue } from './protocol/messages.js';
import { BUG_NAMES } from './server/bugs.js';
import { waitForLeader } from './wait-for-leader.js';

export const raftKvOptionsSchema = z.object({
  bug: z.array(z.enum(BUG_NAMES)).default([]),
  electionTimeoutMs: z.number().int().positive().optional(),
  heartbeatMs: z.number().int().positive().optional(),
  snapshotEvery: z.number().int().positive().optional(),
  /** How long setup waits for the first leader. */
  startupTimeoutMs: z.number().int().positive().default(30_000),
}).strict();

export type RaftKvOptions = z.output<typeof raftKvOptionsSchema>;

/** One logical client process talking to one node, in the history's vocabulary. */
class RaftKvTargetClient implements Client {
  constructor(private readonly client: RaftKvClient) {}

  async invoke(op: Invocation): Promise<Completion> {
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

  close(): Promise<void> {
    return this.client.close();
  }
}

export const raftKvTarget: Target<RaftKvOptions> & HasPrimary<RaftKvOptions> = {
  name: 'raft-kv',
  summary: "faultline's own Raft key-value store (correct by default; --bug switches on seeded bugs)",
  optionsSchema: raftKvOptionsSchema,
  flags: {
    bug: { describe: `seeded bug to switch on, repeatable (${BUG_NAMES.join(', ')})`, type: 'string', array: true },
    'election-timeout-ms': { describe: 'raft-kv election timeout (ms)', type: 'number', option: 'electionTimeoutMs' },
  },
  workloads: ['register', 'append'],
  defaultWorkload: 'register',
  defaultNemesis: ['partition', 'pause', 'kill'],
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
  },
  workload(name) {
    if (name === 'append') return appendWorkload();
    return registerWorkload();
  },
  async setup(ctx) {
    const { leader, term } = await waitForLeader(ctx.nodes, { timeoutMs: ctx.options.startupTimeoutMs });
    ctx.log(`raft-kv: ${leader} leads in term ${term}`);
  },
  async openClient(ctx: TargetContext<RaftKvOptions>, process: number) {
    const node = nodeForProcess(ctx.nodes, process);
    return new RaftKvTargetClient(await RaftKvClient.connect({ host: node.host, port: node.port, timeoutMs: ctx.opTimeoutMs }));
  },
  async primary(ctx) {
    try {
      return (await waitForLeader(ctx.nodes, { timeoutMs: 2_000 })).leader;
    } catch {
      return undefined;
    }
  },
};
