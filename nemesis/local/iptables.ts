import { execa, execaSync } from 'execa';
import { FaultlineError } from '../../core/errors.js';

// The one thing the local runtime asks of the host's own firewall: let packets between two ports
// of the run's bridge through. Where br_netfilter is loaded (Docker loads it) bridged packets
// traverse the host's FORWARD chain, whose policy Docker sets to DROP, so nodes would not hear
// each other at all. The rule lives in one chain per runtime, faultline-<id>, jumped to from
// FORWARD, and matches only packets that enter and leave that bridge. Faults themselves are rules
// inside each node's own network namespace (../netns/firewall.ts), never here.

export const CHAIN_PREFIX = 'faultline-';
const HOOK = 'FORWARD';
// The kernel's limit for a chain name is 28 characters (XT_EXTENSION_MAXNAMELEN - 1).
const MAX_CHAIN_LENGTH = 28;

export function chainName(runtimeId: string): string {
  const name = `${CHAIN_PREFIX}${runtimeId}`;
  if (name.length > MAX_CHAIN_LENGTH) throw new Error(`chain name ${name} exceeds ${MAX_CHAIN_LENGTH} characters`);
  return name;
}

/** The pid of the process that created a chain, read back from its name (faultline-<pid>-<hex>). */
export function chainOwnerPid(chain: string): number | undefined {
  const match = /^faultline-([0-9]+)-[0-9a-f]+$/.exec(chain);
  return match ? Number(match[1]) : undefined;
}

/**
 * Creates the chain, with its ACCEPT for traffic across `bridge`, and its jump from FORWARD, in
 * one transaction; synchronous, like the rest of a runtime's construction.
 */
export function allowBridgeForwarding(chain: string, bridge: string): void {
  const input = ['*filter', `:${chain} - [0:0]`, `-I ${HOOK} 1 -j ${chain}`, `-A ${chain} -i ${bridge} -o ${bridge} -j ACCEPT`, 'COMMIT', ''].join('\n');
  let result = execaSync('iptables-restore', ['-w', '--noflush'], { input, reject: false });
  for (let attempt = 1; result.failed && attempt < 4; attempt++) result = execaSync('iptables-restore', ['-w', '--noflush'], { input, reject: false });
  if (result.failed) {
    throw new FaultlineError('RUN_FAILED', `nemesis/local: iptables-restore refused the forwarding rule for ${bridge} (${chain}): ${explain(result)}`, {
      cause: result,
    });
  }
}

/** Removes the chain and every jump to it; a chain that is already gone is fine. */
export async function removeChain(chain: string): Promise<void> {
  // The usual case, the chain and its one jump from FORWARD, goes in one transaction; anything
  // else (no chain, extra jumps) fails it as a whole and is handled rule by rule.
  const quick = await restore([`-D ${HOOK} -j ${chain}`, `-F ${chain}`, `-X ${chain}`]);
  if (!quick.failed) return;
  for (const args of removalCommands(chain, (await iptables(['-S'])).stdout)) await iptables(args);
}

/** The same, for exit handlers, where nothing asynchronous runs any more. */
export function removeChainSync(chain: string): void {
  const input = ['*filter', `-D ${HOOK} -j ${chain}`, `-F ${chain}`, `-X ${chain}`, 'COMMIT', ''].join('\n');
  if (!execaSync('iptables-restore', ['-w', '--noflush'], { input, reject: false }).failed) return;
  const listing = execaSync('iptables', ['-w', '-S'], { reject: false });
  for (const args of removalCommands(chain, listing.stdout)) execaSync('iptables', ['-w', ...args], { reject: false });
}

/** Every chain named faultline-… in the filter table. */
export async function listFaultlineChains(): Promise<string[]> {
  return chainsIn((await iptables(['-S'])).stdout);
}

/** The same, synchronously; none when iptables cannot be asked (then none could be made either). */
export function listFaultlineChainsSync(): string[] {
  const result = execaSync('iptables', ['-w', '-S'], { reject: false });
  return result.failed ? [] : chainsIn(result.stdout);
}

function chainsIn(listing: string): string[] {
  return listing
    .split('\n')
    .map((line) => line.split(' '))
    .filter((words) => words[0] === '-N' && words[1]?.startsWith(CHAIN_PREFIX))
    .map((words) => words[1]);
}

/** The filter table's rules that mention any faultline chain, as `iptables -S` prints them. */
export async function listFaultlineRules(): Promise<string[]> {
  const { stdout } = await iptables(['-S']);
  return stdout.split('\n').filter((line) => line.includes(CHAIN_PREFIX));
}

/** Why the runtime cannot set up its network here, or undefined when iptables answers. */
export async function iptablesProblem(): Promise<string | undefined> {
  const result = await execa('iptables', ['-w', '-S', HOOK], { reject: false });
  if (!result.failed) return undefined;
  return `iptables does not answer (${explain(result)}); the local runtime needs root and iptables`;
}

function removalCommands(chain: string, listing: string): string[][] {
  const commands: string[][] = [];
  let exists = false;
  for (const line of listing.split('\n')) {
    const words = line.trim().split(/\s+/);
    if (words[0] === '-N' && words[1] === chain) exists = true;
    // A jump to our chain from any built-in or foreign chain: "-A FORWARD -j faultline-…" (earlier
    // versions jumped from INPUT).
    if (words[0] === '-A' && words[1] !== chain && jumpsTo(words, chain)) commands.push(['-D', ...words.slice(1)]);
  }
  if (exists) commands.push(['-F', chain], ['-X', chain]);
  return commands;
}

function jumpsTo(words: string[], chain: string): boolean {
  const at = words.findIndex((w, i) => (w === '-j' || w === '-g') && words[i + 1] === chain);
  return at >= 0;
}

/** Runs filter-table commands as one iptables-restore transaction, leaving other rules alone. */
function restore(commands: readonly string[]) {
  const input = ['*filter', ...commands, 'COMMIT', ''].join('\n');
  return execa('iptables-restore', ['-w', '--noflush'], { input, reject: false });
}

async function iptables(args: string[]) {
  const result = await execa('iptables', ['-w', ...args], { reject: false });
  if (result.failed && args[0] !== '-D' && args[0] !== '-F' && args[0] !== '-X') {
    throw new FaultlineError('RUN_FAILED', `nemesis/local: iptables ${args.join(' ')} failed: ${explain(result)}`, {
      cause: result,
    });
  }
  return result;
}

function explain(result: { stderr?: unknown; shortMessage?: string; message?: string }): string {
  const stderr = typeof result.stderr === 'string' ? result.stderr.trim() : '';
  return stderr || result.shortMessage || result.message || 'unknown error';
}
