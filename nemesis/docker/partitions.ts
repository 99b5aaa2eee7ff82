import type { NodeHolder } from './holder/holder.js';
import { dropRules, removeDropRules } from './netns-firewall.js';

// The partition in force, by address, and how it reaches each node: rules in the receiving node's
// network namespace, which its holder owns. A node's kill and restart leave that namespace (and
// its rules) in place, so a partition in force stays in force across them.

export class PartitionState {
  /** Victim node name → addresses whose packets it drops. */
  private drops = new Map<string, string[]>();
  /** Nodes whose namespace has the partition chain hooked into INPUT. */
  private readonly hooked = new Set<string>();

  constructor(private readonly gateway: string) {}

  /** Replaces the partition; nodes missing from the map drop nothing. */
  set(drops: ReadonlyMap<string, string[]>): void {
    this.drops = new Map([...drops].filter(([, sources]) => sources.length > 0));
  }

  clear(): void {
    this.drops = new Map();
  }

  get active(): boolean {
    return this.drops.size > 0;
  }

  /** Whether any namespace still holds partition rules. */
  get anyRules(): boolean {
    return this.hooked.size > 0;
  }

  /** Brings one node's rules in line with the partition. */
  async applyTo(holder: NodeHolder): Promise<void> {
    const sources = this.drops.get(holder.node) ?? [];
    const hooked = this.hooked.has(holder.node);
    if (sources.length > 0) {
      await holder.restore(dropRules(this.gateway, sources, hooked), 'apply the partition rules');
      this.hooked.add(holder.node);
    } else if (hooked) {
      await holder.restore(removeDropRules(), 'remove the partition rules');
      this.hooked.delete(holder.node);
    }
  }

  async applyToAll(holders: Iterable<NodeHolder>): Promise<void> {
    await Promise.all([...holders].map((holder) => this.applyTo(holder)));
  }
}
