import { FaultlineError } from '../../core/errors.js';
import { RaftKvClient } from './client.js';
import type { NodeStatus } from './protocol/messages.js';

// "Is the cluster up?" means: one node leads, and a majority of the cluster agrees on it and on
// its term. A node that merely calls itself leader may be a deposed one that has not noticed.

export interface ClusterMember {
  readonly name: string;
  readonly host: string;
  readonly port: number;
  /** Where the harness connects, when not host:port (NodeInfo.dial). */
  readonly dial?: { readonly host: string; readonly port: number };
}

export interface WaitForLeaderOptions {
  /** Default 10 000 ms. */
  timeoutMs?: number;
  /** Default 50 ms. */
  pollMs?: number;
  /** Only accept a leader other than this one (after killing or pausing it). */
  notLeader?: string;
}

export interface ClusterLeader {
  leader: string;
  term: number;
  /** The last status of every node that answered. */
  statuses: Record<string, NodeStatus>;
}

export async function waitForLeader(cluster: readonly ClusterMember[], options: WaitForLeaderOptions = {}): Promise<ClusterLeader> {
  const timeoutMs = options.timeoutMs ?? 10_000;
  const pollMs = options.pollMs ?? 50;
  const deadline = Date.now() + timeoutMs;
  const majority = Math.floor(cluster.length / 2) + 1;
  const clients = new Map(cluster.map((m) => [m.name, new RaftKvClient({ ...(m.dial ?? { host: m.host, port: m.port }), timeoutMs: Math.min(500, timeoutMs) })]));
  const errors = new Map<string, string>();
  let statuses: Record<string, NodeStatus> = {};
  try {
    for (;;) {
      statuses = {};
      await Promise.all(
        cluster.map(async (member) => {
          try {
            statuses[member.name] = await (clients.get(member.name) as RaftKvClient).status();
            errors.delete(member.name);
          } catch (err) {
            errors.set(member.name, (err as Error).message);
          }
        }),
      );
      const found = agreedLeader(Object.values(statuses), majority, options.notLeader);
      if (found) return { ...found, statuses };
      if (Date.now() >= deadline) throw noLeader(cluster, statuses, errors, timeoutMs);
      await new Promise((resolve) => setTimeout(resolve, pollMs));
    }
  } finally {
    await Promise.all([...clients.values()].map((client) => client.close()));
  }
}

function agreedLeader(statuses: NodeStatus[], majority: number, notLeader: string | undefined): { leader: string; term: number } | undefined {
  for (const candidate of statuses) {
    if (candidate.role !== 'leader' || candidate.node === notLeader) continue;
    const agreeing = statuses.filter((s) => s.term === candidate.term && s.leader === candidate.node).length;
    if (agreeing >= majority) return { leader: candidate.node, term: candidate.term };
  }
  return undefined;
}

function noLeader(cluster: readonly ClusterMember[], statuses: Record<string, NodeStatus>, errors: Map<string, string>, timeoutMs: number): FaultlineError {
  const seen = cluster.map((member) => {
    const status = statuses[member.name];
    if (status) return `${member.name}: ${status.role}, term ${status.term}, leader ${status.leader ?? 'none'}`;
    return `${member.name} (${member.host}:${member.port}): unreachable: ${errors.get(member.name) ?? 'no answer'}`;
  });
  const unreachable = cluster.filter((member) => !statuses[member.name]).map((member) => member.name);
  const summary = unreachable.length > 0 ? `; unreachable: ${unreachable.join(', ')}` : '';
  return new FaultlineError('NODE_UNREACHABLE', `raft-kv: no leader agreed by a majority within ${timeoutMs} ms${summary}\n  ${seen.join('\n  ')}`);
}
