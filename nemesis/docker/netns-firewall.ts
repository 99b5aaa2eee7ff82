import { execa } from 'execa';
import { FaultlineError } from '../../harness/errors.js';

// The rules a node's network namespace holds, as iptables-restore input. Partitions are DROP rules
// in the receiving node's namespace, in a chain of a fixed name (the namespace is that node's
// alone); the harness's own address is let through before any DROP. On a network the engine can
// route beyond its host (needed to publish ports), an egress chain keeps every connection a node
// opens inside the run's subnet. The holder container applies both (holder.ts).

export const CONTAINER_CHAIN = 'faultline';
export const EGRESS_CHAIN = 'faultline-egress';

/** Replaces the node's partition rules: drop packets from `sources`, never from `gateway`. */
export function dropRules(gateway: string, sources: readonly string[], hooked: boolean): string[] {
  const lines = ['*filter', `:${CONTAINER_CHAIN} - [0:0]`];
  if (!hooked) lines.push(`-I INPUT 1 -j ${CONTAINER_CHAIN}`);
  lines.push(`-A ${CONTAINER_CHAIN} -s ${gateway}/32 -j RETURN`);
  for (const source of sources) lines.push(`-A ${CONTAINER_CHAIN} -s ${source}/32 -j DROP`);
  lines.push('COMMIT');
  return lines;
}

/** Removes the partition chain and its jump. */
export function removeDropRules(): string[] {
  return ['*filter', `-D INPUT -j ${CONTAINER_CHAIN}`, `-F ${CONTAINER_CHAIN}`, `-X ${CONTAINER_CHAIN}`, 'COMMIT'];
}

/**
 * Nothing leaves for anywhere but the run's other nodes except answers: replies to the harness's
 * connections through a published port pass (conntrack); new connections to the engine's host
 * (the gateway: its API, its other services) or beyond are dropped.
 */
export function egressRules(subnet: string, gateway: string): string[] {
  return [
    '*filter',
    `:${EGRESS_CHAIN} - [0:0]`,
    `-A OUTPUT -j ${EGRESS_CHAIN}`,
    `-A ${EGRESS_CHAIN} -o lo -j RETURN`,
    `-A ${EGRESS_CHAIN} -m conntrack --ctstate ESTABLISHED,RELATED -j RETURN`,
    `-A ${EGRESS_CHAIN} -d ${gateway}/32 -j DROP`,
    `-A ${EGRESS_CHAIN} -d ${subnet} -j RETURN`,
    `-A ${EGRESS_CHAIN} -j DROP`,
    'COMMIT',
  ];
}

/**
 * The rules in a namespace entered from this machine by a process's pid, as `iptables -S` prints
 * them. Works only when the engine is on this machine; DockerRuntime.rules asks any engine.
 */
export async function listNodeRules(pid: number): Promise<string[]> {
  const result = await execa('nsenter', [`--net=/proc/${pid}/ns/net`, '--', 'iptables', '-w', '-S'], { reject: false });
  if (result.failed) throw new FaultlineError('RUN_FAILED', `nemesis/docker: cannot list the rules of pid ${pid}'s network: ${result.stderr || result.shortMessage}`, { cause: result });
  return result.stdout.split('\n').filter(Boolean);
}
