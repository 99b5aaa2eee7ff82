import type { NodeFirewall } from './firewall.js';

// The network faults in force, per receiving node and by sender address: a partition (every
// packet dropped) and packet loss (each packet dropped with a probability). The two are set and
// cleared independently and rendered together into each node's one chain, so healing a
// partition leaves a packet fault in place and the other way round. Pure bookkeeping: the
// runtimes apply what it says to each node's namespace.

export interface Loss {
  from: string;
  probability: number;
}

export class NetworkFaults {
  /** Receiving node → source addresses it drops. */
  private drops = new Map<string, string[]>();
  /** Receiving node → source addresses it loses packets from. */
  private losses = new Map<string, Loss[]>();

  setPartition(drops: ReadonlyMap<string, readonly string[]>): void {
    this.drops = new Map([...drops].filter(([, sources]) => sources.length > 0).map(([node, sources]) => [node, [...sources]]));
  }

  clearPartition(): void {
    this.drops = new Map();
  }

  setLoss(losses: ReadonlyMap<string, readonly Loss[]>): void {
    this.losses = new Map([...losses].filter(([, list]) => list.length > 0).map(([node, list]) => [node, [...list]]));
  }

  clearLoss(): void {
    this.losses = new Map();
  }

  get partitioned(): boolean {
    return this.drops.size > 0;
  }

  get lossy(): boolean {
    return this.losses.size > 0;
  }

  /** What the node's chain must say now. */
  firewallOf(node: string): NodeFirewall {
    return { drops: this.drops.get(node) ?? [], losses: this.losses.get(node) ?? [] };
  }
}

/**
 * The losses for packet faults on some nodes: every packet between a faulted node and any other
 * node, both ways (as Jepsen's packet nemesis shapes the traffic to and from its targets), is
 * lost with that node's probability; a link between two faulted nodes gets one rule per direction.
 * Returned by receiving node; the harness's packets are never among them.
 */
export function lossesFor(probabilities: ReadonlyMap<string, number>, nodes: readonly string[], host: (node: string) => string): Map<string, Loss[]> {
  const losses = new Map<string, Loss[]>();
  const add = (receiver: string, sender: string, probability: number) => {
    const list = losses.get(receiver) ?? [];
    if (list.some((l) => l.from === host(sender))) return;
    list.push({ from: host(sender), probability });
    losses.set(receiver, list);
  };
  for (const [node, probability] of probabilities) {
    for (const other of nodes.filter((n) => n !== node)) {
      add(other, node, probability);
      add(node, other, probability);
    }
  }
  return losses;
}
