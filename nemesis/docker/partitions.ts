import { firewallLines, isOpen, removalLines } from '../netns/firewall.js';
import { NetworkFaults } from '../netns/network-faults.js';
import type { NodeHolder } from './holder/holder.js';

// The network faults in force (partitions and packet loss, by address) and how they reach each
// node: the shared in-namespace rule set (../netns/firewall.ts) in the receiving node's network
// namespace, which its holder owns and applies. A node's kill and restart leave that namespace
// (and its rules) in place, so the faults in force stay in force across them.

export class PartitionState {
  readonly faults = new NetworkFaults();
  /** Nodes whose namespace has the fault chain hooked into INPUT. */
  private readonly hooked = new Set<string>();

  constructor(private readonly gateway: string) {}

  /** Replaces the partition; nodes missing from the map drop nothing. */
  set(drops: ReadonlyMap<string, string[]>): void {
    this.faults.setPartition(drops);
  }

  clear(): void {
    this.faults.clearPartition();
  }

  get active(): boolean {
    return this.faults.partitioned;
  }

  /** Whether any namespace still holds fault rules. */
  get anyRules(): boolean {
    return this.hooked.size > 0;
  }

  /** Brings one node's rules in line with the faults. */
  async applyTo(holder: NodeHolder): Promise<void> {
    const firewall = this.faults.firewallOf(holder.node);
    const hooked = this.hooked.has(holder.node);
    if (!isOpen(firewall)) {
      await holder.restore(firewallLines(this.gateway, firewall, hooked), 'apply the fault rules');
      this.hooked.add(holder.node);
    } else if (hooked) {
      await holder.restore(removalLines(), 'remove the fault rules');
      this.hooked.delete(holder.node);
    }
  }

  async applyToAll(holders: Iterable<NodeHolder>): Promise<void> {
    await Promise.all([...holders].map((holder) => this.applyTo(holder)));
  }
}
