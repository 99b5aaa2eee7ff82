import { applyFirewall, listRules, NODE_CHAIN, removeFirewall } from '../netns/firewall.js';
import type { NodeFirewall } from '../netns/firewall.js';

// Network faults on Docker are rules inside the receiving container's own network namespace,
// entered from the host with nsenter (../netns/firewall.ts, shared with the local runtime), so
// they work on a paused container too (an exec into a frozen container would hang) and need no
// capability inside it. A kill destroys the namespace with its rules; a start makes a fresh one,
// to which the runtime re-applies the faults in force.

export const CONTAINER_CHAIN = NODE_CHAIN;

/** The path nsenter --net= takes for the namespace of the container whose pid 1 is `pid` on the host. */
export function containerNetns(pid: number): string {
  return `/proc/${pid}/ns/net`;
}

/** Replaces the node's fault rules with `firewall`, never touching the gateway's (the harness's) packets. */
export async function applyNodeFirewall(pid: number, gateway: string, firewall: NodeFirewall, hooked: boolean): Promise<void> {
  await applyFirewall(containerNetns(pid), gateway, firewall, hooked);
}

/** Removes the chain and its jump from the node's namespace. */
export async function removeNodeDrops(pid: number): Promise<void> {
  await removeFirewall(containerNetns(pid));
}

/** The rules in the node's namespace, as `iptables -S` prints them (for tests and diagnosis). */
export async function listNodeRules(pid: number): Promise<string[]> {
  return listRules(containerNetns(pid));
}
