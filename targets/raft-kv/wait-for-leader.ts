import type { NodeInfo, NodeRuntime } from '../../core/runtime.js';
import { nodeEndpoint } from '../support/ports.js';
import { waitUntilReady } from '../support/readiness.js';
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
  /**
   * The runtime the members run on, when every one of them must stay up meanwhile (at setup):
   * a member whose process exits ends the wait at once, with its log's last lines.
   */
  runtime?: NodeRuntime;
}

export interface ClusterLeader {
  leader: string;
  term: number;
  /** The last status of every node that answered. */
  statuses: Record<string, NodeStatus>;
}

export async function waitForLeader(cluster: readonly (ClusterMember | NodeInfo)[], options: WaitForLeaderOptions = {}): Promise<ClusterLeader> {
  const timeoutMs = options.timeoutMs ?? 10_000;
  const majority = Math.floor(cluster.length / 2) + 1;
  const clients = new Map(cluster.map((m) => [m.name, new RaftKvClient({ ...nodeEndpoint(m), timeoutMs: Math.min(500, timeoutMs) })]));
  let found: ClusterLeader | undefined;
  const ask = async () => {
    const statuses: Record<string, NodeStatus> = {};
    const errors = new Map<string, string>();
    await Promise.all(
      cluster.map(async (member) => {
        try {
          statuses[member.name] = await (clients.get(member.name) as RaftKvClient).status();
        } catch (err) {
          errors.set(member.name, (err as Error).message);
        }
      }),
    );
    const agreed = agreedLeader(Object.values(statuses), majority, options.notLeader);
    if (!agreed) throw new Error(whatWasSeen(cluster, statuses, errors));
    found = { ...agreed, statuses };
  };
  const watched = options.runtime && cluster.every(isNodeInfo) ? { nodes: cluster as readonly NodeInfo[], runtime: options.runtime } : {};
  try {
    await waitUntilReady(ask, { ...watched, timeoutMs, intervalMs: options.pollMs ?? 50, what: 'raft-kv: a leader agreed by a majority' });
  } finally {
    await Promise.all([...clients.values()].map((client) => client.close()));
  }
  return found as ClusterLeader;
}

function isNodeInfo(member: ClusterMember | NodeInfo): member is NodeInfo {
  return typeof (member as NodeInfo).logFile === 'string';
}

function agreedLeader(statuses: NodeStatus[], majority: number, notLeader: string | undefined): { leader: string; term: number } | undefined {
  for (const candidate of statuses) {
    if (candidate.role !== 'leader' || candidate.node === notLeader) continue;
    const agreeing = statuses.filter((s) => s.term === candidate.term && s.leader === candidate.node).length;
    if (agreeing >= majority) return { leader: candidate.node, term: candidate.term };
  }
  return undefined;
}

/** "unreachable: n2; n1: follower, term 3, leader none; n2 (10.214.0.3:7000): unreachable: …". */
function whatWasSeen(cluster: readonly ClusterMember[], statuses: Record<string, NodeStatus>, errors: Map<string, string>): string {
  const seen = cluster.map((member) => {
    const status = statuses[member.name];
    if (status) return `${member.name}: ${status.role}, term ${status.term}, leader ${status.leader ?? 'none'}`;
    return `${member.name} (${member.host}:${member.port}): unreachable: ${errors.get(member.name) ?? 'no answer'}`;
  });
  const unreachable = cluster.filter((member) => !statuses[member.name]).map((member) => member.name);
  return [...(unreachable.length > 0 ? [`unreachable: ${unreachable.join(', ')}`] : ['no leader agreed']), ...seen].join('; ');
}
