import { listRules, NODE_CHAIN } from '../netns/firewall.js';

// The rules a Docker node's network namespace holds besides the shared fault chain
// (../netns/firewall.ts, applied through the holder: partitions.ts). On a network the engine can
// route beyond its host (needed to publish ports), an egress chain keeps every connection a node
// opens inside the run's subnet. The holder container applies it (holder.ts).

export const CONTAINER_CHAIN = NODE_CHAIN;
export const EGRESS_CHAIN = 'faultline-egress';

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
export function listNodeRules(pid: number): Promise<string[]> {
  return listRules(`/proc/${pid}/ns/net`);
}
