import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { execa, execaSync } from 'execa';
import { FaultlineError } from '../../core/errors.js';
import { subnetRouteProblem } from './routes.js';

// Each node of the local runtime is a host of its own: a network namespace with one interface,
// eth0, holding the node's address, plugged by a veth pair into a bridge the run creates. The
// host keeps the bridge's address (.1), which is where the harness's packets come from, so the
// harness reaches every node while faults act inside each node's namespace, where every packet
// to or from that node passes whatever address or port its program chose. A node has no default
// route: it reaches its peers and the harness, and nothing beyond the bridge.
//
// Names: the bridge is flbr<block>, a node's host-side veth fl<block>v<index> (interface names
// hold 15 characters), its namespace faultline-<runtime id>-<node> (in /run/netns, as
// `ip netns add` makes them, so `ip netns exec` works on them for debugging too).

export const NETNS_PREFIX = 'faultline-';
const NETNS_DIR = '/run/netns';

export interface NodeNetworkPlan {
  runtimeId: string;
  block: number;
  /** 10.214.<block>.0/24 */
  subnet: string;
  /** The bridge's address, 10.214.<block>.1 */
  gateway: string;
  nodes: readonly { name: string; host: string }[];
}

export function bridgeName(block: number): string {
  return `flbr${block}`;
}

export function hostVethName(block: number, index: number): string {
  return `fl${block}v${index}`;
}

export function namespaceName(runtimeId: string, node: string): string {
  return `${NETNS_PREFIX}${runtimeId}-${node}`;
}

/** The path nsenter --net= takes for a node's namespace. */
export function namespacePath(name: string): string {
  return `${NETNS_DIR}/${name}`;
}

export function bridgeExists(bridge: string): boolean {
  return existsSync(`/sys/class/net/${bridge}`);
}

/** Every namespace named faultline-… on this machine. */
export function faultlineNamespaces(): string[] {
  try {
    return readdirSync(NETNS_DIR).filter((n) => n.startsWith(NETNS_PREFIX));
  } catch {
    return [];
  }
}

/** The namespaces of one runtime (faultline-<id>-<node>). */
export function runtimeNamespaces(runtimeId: string): string[] {
  return faultlineNamespaces().filter((n) => n.startsWith(`${NETNS_PREFIX}${runtimeId}-`));
}

/** The pid of the process that made a namespace, read back from its name (faultline-<pid>-<hex>-<node>). */
export function namespaceOwnerPid(name: string): number | undefined {
  const match = /^faultline-([0-9]+)-[0-9a-f]+-/.exec(name);
  return match ? Number(match[1]) : undefined;
}

/** The pid of the runtime that made a host-side interface, from its alias (faultline-<pid>-<hex>). */
export function interfaceOwnerPid(name: string): number | undefined {
  try {
    const alias = readFileSync(`/sys/class/net/${name}/ifalias`, 'utf8').trim();
    const match = /^faultline-([0-9]+)-[0-9a-f]+$/.exec(alias);
    return match ? Number(match[1]) : undefined;
  } catch {
    return undefined;
  }
}

/** The bridges named flbr<N> on this machine, with their block numbers. */
export function faultlineBridges(): { bridge: string; block: number }[] {
  try {
    return readdirSync('/sys/class/net')
      .map((name) => ({ bridge: name, match: /^flbr([0-9]+)$/.exec(name) }))
      .filter((b) => b.match !== null)
      .map((b) => ({ bridge: b.bridge, block: Number(b.match![1]) }));
  } catch {
    return [];
  }
}

/**
 * Creates the bridge, every node's namespace and its link, and checks that the subnet routes to
 * the bridge alone. On any failure, whatever was made is removed before the error is thrown.
 * Synchronous, like the rest of a runtime's construction.
 */
export function createNodeNetwork(plan: NodeNetworkPlan): void {
  const bridge = bridgeName(plan.block);
  const prefix = plan.subnet.split('/')[1];
  // Each host-side interface carries the runtime's id as its alias: heal tells whose it is by that.
  const alias = `${NETNS_PREFIX}${plan.runtimeId}`;
  const host: string[] = [
    `link add ${bridge} type bridge`,
    `link set ${bridge} alias ${alias}`,
    `addr add ${plan.gateway}/${prefix} dev ${bridge}`,
    `link set ${bridge} up`,
  ];
  plan.nodes.forEach((node, i) => {
    const ns = namespaceName(plan.runtimeId, node.name);
    const veth = hostVethName(plan.block, i);
    host.push(
      `netns add ${ns}`,
      `link add ${veth} type veth peer name eth0 netns ${ns}`,
      `link set ${veth} alias ${alias}`,
      `link set ${veth} master ${bridge}`,
      `link set ${veth} up`,
    );
  });
  try {
    ipBatch(undefined, host);
    for (const node of plan.nodes) {
      // No IPv6 address on eth0 (not even link-local): faults are IPv4 rules, so no node may reach another over IPv6.
      ipBatch(namespaceName(plan.runtimeId, node.name), [
        `link set lo up`,
        `link set eth0 addrgenmode none`,
        `addr add ${node.host}/${prefix} dev eth0`,
        `link set eth0 up`,
      ]);
    }
    const problem = subnetRouteProblem(plan.subnet, bridge);
    if (problem) throw new FaultlineError('RUN_FAILED', `nemesis/local: the run's subnet does not lead only to its bridge: ${problem}`);
  } catch (err) {
    removeNodeNetworkSync(plan.runtimeId, plan.block);
    throw err;
  }
}

/**
 * Opens every link of the runtime's nodes again (their fault rules flushed), before their
 * processes are killed: a killed process's connections linger in the kernel until closed, and
 * behind a DROP rule they would keep retrying for minutes, holding the namespace (and its link)
 * alive after its name is gone. With the rules gone, the peers' kernels answer and they close.
 */
export function openNodeNetworkSync(runtimeId: string): void {
  for (const ns of runtimeNamespaces(runtimeId)) execaSync('nsenter', [`--net=${namespacePath(ns)}`, '--', 'iptables', '-w', '-F', 'INPUT'], { reject: false });
}

/**
 * Deletes the runtime's namespaces, its bridge and its host-side links. Namespaces must be empty
 * of processes first. A link is deleted by name as well: a namespace still held by the kernel
 * (lingering connections) keeps its veth pair until it goes, and deleting one end ends both.
 * Returns what it removed; never throws.
 */
export function removeNodeNetworkSync(runtimeId: string, block: number | undefined): { namespaces: string[]; bridges: string[] } {
  const removed = { namespaces: [] as string[], bridges: [] as string[] };
  for (const ns of runtimeNamespaces(runtimeId)) {
    if (!execaSync('ip', ['netns', 'delete', ns], { reject: false }).failed) removed.namespaces.push(ns);
  }
  if (block !== undefined) {
    const bridge = bridgeName(block);
    if (bridgeExists(bridge) && !execaSync('ip', ['link', 'delete', bridge], { reject: false }).failed) removed.bridges.push(bridge);
    removeHostLinksSync(block);
  }
  return removed;
}

/** Deletes the host-side veths of a block's nodes (fl<block>v<index>), those `keep` allows; returns their names. */
export function removeHostLinksSync(block: number, keep: (name: string) => boolean = () => false): string[] {
  const removed: string[] = [];
  for (const name of hostLinks(block).filter((n) => !keep(n))) {
    if (!execaSync('ip', ['link', 'delete', name], { reject: false }).failed) removed.push(name);
  }
  return removed;
}

function hostLinks(block: number): string[] {
  try {
    const pattern = new RegExp(`^fl${block}v[0-9]+$`);
    return readdirSync('/sys/class/net').filter((n) => pattern.test(n));
  } catch {
    return [];
  }
}

/** Blocks that have host-side node links (fl<block>v<index>) on this machine. */
export function blocksWithHostLinks(): number[] {
  try {
    const blocks = readdirSync('/sys/class/net')
      .map((n) => /^fl([0-9]+)v[0-9]+$/.exec(n)?.[1])
      .filter((b): b is string => b !== undefined)
      .map(Number);
    return [...new Set(blocks)];
  } catch {
    return [];
  }
}

/** Deletes one bridge (heal: a bridge whose run is gone). */
export function removeBridgeSync(bridge: string): boolean {
  return bridgeExists(bridge) && !execaSync('ip', ['link', 'delete', bridge], { reject: false }).failed;
}

/** Deletes one namespace by name (heal: a namespace whose run is gone). */
export function removeNamespaceSync(name: string): boolean {
  return !execaSync('ip', ['netns', 'delete', name], { reject: false }).failed;
}

/** Why node namespaces cannot be made here, or undefined. */
export async function networkProblem(): Promise<string | undefined> {
  const result = await execa('ip', ['netns', 'list'], { reject: false });
  if (result.failed) return `ip netns does not answer (${explain(result)}); the local runtime needs iproute2 and root`;
  return undefined;
}

/** Runs `ip` commands in one process (a runtime is built synchronously, like its record and lease). */
function ipBatch(namespace: string | undefined, commands: readonly string[]): void {
  const args = [...(namespace ? ['-n', namespace] : []), '-batch', '-'];
  const result = execaSync('ip', args, { input: `${commands.join('\n')}\n`, reject: false });
  if (result.failed) {
    throw new FaultlineError('RUN_FAILED', `nemesis/local: cannot set up the nodes' network${namespace ? ` in ${namespace}` : ''}: ${explain(result)}`, {
      cause: result,
    });
  }
}

function explain(result: { stderr?: unknown; shortMessage?: string }): string {
  const stderr = typeof result.stderr === 'string' ? result.stderr.trim() : '';
  return stderr || result.shortMessage || 'unknown error';
}
