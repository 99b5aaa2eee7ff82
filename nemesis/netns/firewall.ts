import { setTimeout as sleep } from 'node:timers/promises';
import { execa } from 'execa';
import { FaultlineError } from '../../core/errors.js';

// Network faults live inside the receiving node's own network namespace, on both runtimes (a
// local node's namespace, a container's): one chain, `faultline`, jumped to from INPUT. Every
// packet that reaches the node passes it, whatever address or port the sender used, so a
// partition cuts a server that dials its peers from any source address. The harness's address
// (the bridge's gateway) returns before any rule, so the harness always reaches every node.
// One rule set, applied two ways: on the local runtime entered from the host with nsenter (no
// capability or iptables is needed inside the node), on Docker fed to iptables-restore in the
// node's holder container with `docker exec` (it shares the node's namespace, works on an engine
// anywhere, and is never paused). Either way a frozen node's namespace can be changed too.

export const NODE_CHAIN = 'faultline';

/** What one node's namespace does to the packets it receives. */
export interface NodeFirewall {
  /** Sources whose every packet is dropped (a partition). */
  drops: readonly string[];
  /** Sources whose packets are each dropped with this probability (packet loss). */
  losses: readonly { from: string; probability: number }[];
}

export const OPEN: NodeFirewall = { drops: [], losses: [] };

export function isOpen(firewall: NodeFirewall): boolean {
  return firewall.drops.length === 0 && firewall.losses.length === 0;
}

/** The iptables-restore lines that make the chain say exactly `firewall` (after the gateway's RETURN). */
export function firewallLines(gateway: string, firewall: NodeFirewall, hooked: boolean): string[] {
  const lines = ['*filter', `:${NODE_CHAIN} - [0:0]`];
  if (!hooked) lines.push(`-I INPUT 1 -j ${NODE_CHAIN}`);
  lines.push(`-A ${NODE_CHAIN} -s ${gateway}/32 -j RETURN`);
  for (const source of firewall.drops) lines.push(`-A ${NODE_CHAIN} -s ${source}/32 -j DROP`);
  for (const { from, probability } of firewall.losses) {
    if (!(probability > 0 && probability <= 1)) throw new FaultlineError('BAD_ARGUMENT', `nemesis: a loss probability must be in (0, 1], got ${probability}`);
    // A probability of 1 is a drop; the statistic match wants one strictly below 1.
    if (probability === 1) lines.push(`-A ${NODE_CHAIN} -s ${from}/32 -j DROP`);
    else lines.push(`-A ${NODE_CHAIN} -s ${from}/32 -m statistic --mode random --probability ${probability.toFixed(6)} -j DROP`);
  }
  lines.push('COMMIT', '');
  return lines;
}

/**
 * Replaces the node's rules in one transaction (no moment where half of a new partition is in
 * force). `netns` is what nsenter --net= takes: /run/netns/<name> or /proc/<pid>/ns/net.
 */
export async function applyFirewall(netns: string, gateway: string, firewall: NodeFirewall, hooked: boolean): Promise<void> {
  await restore(netns, firewallLines(gateway, firewall, hooked).join('\n'), 'apply the fault rules');
}

/** The iptables-restore lines that remove the chain and its jump. */
export function removalLines(): string[] {
  return ['*filter', `-D INPUT -j ${NODE_CHAIN}`, `-F ${NODE_CHAIN}`, `-X ${NODE_CHAIN}`, 'COMMIT', ''];
}

/** Removes the chain and its jump from the node's namespace. */
export async function removeFirewall(netns: string): Promise<void> {
  await restore(netns, removalLines().join('\n'), 'remove the fault rules');
}

/** The rules in the node's namespace, as `iptables -S` prints them. */
export async function listRules(netns: string): Promise<string[]> {
  const result = await execa('nsenter', [`--net=${netns}`, '--', 'iptables', '-w', '-S'], { reject: false });
  if (result.failed)
    throw new FaultlineError('RUN_FAILED', `nemesis: cannot list the rules of the network namespace ${netns}: ${explain(result)}`, { cause: result });
  return result.stdout.split('\n').filter(Boolean);
}

async function restore(netns: string, input: string, what: string): Promise<void> {
  const args = [`--net=${netns}`, '--', 'iptables-restore', '-w', '--noflush'];
  let result = await execa('nsenter', args, { input, reject: false });
  // nft transactions can collide with another writer; the retry then goes through.
  for (let attempt = 1; result.failed && attempt < 4 && !gone(result); attempt++) {
    await sleep(20 * attempt);
    result = await execa('nsenter', args, { input, reject: false });
  }
  if (result.failed) {
    const code = (result.cause as NodeJS.ErrnoException | undefined)?.code;
    const hint = code === 'ENOENT' ? ' (nsenter and iptables must be installed on the host: scripts/install-system-deps)' : '';
    throw new FaultlineError('RUN_FAILED', `nemesis: cannot ${what} in the network namespace ${netns}: ${explain(result)}${hint}`, { cause: result });
  }
}

/** The namespace is gone (its container or node stopped): nothing to retry. */
function gone(result: { stderr?: unknown }): boolean {
  return typeof result.stderr === 'string' && /No such file or directory/.test(result.stderr);
}

function explain(result: { stderr?: unknown; shortMessage?: string }): string {
  const stderr = typeof result.stderr === 'string' ? result.stderr.trim() : '';
  return stderr || result.shortMessage || 'unknown error';
}
