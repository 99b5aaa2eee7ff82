import { applyNodeDrops, removeNodeDrops } from './netns-firewall.js';
import type { NodeContainer } from './node-container.js';

// The partition in force, by address, and how it reaches each container. The rules live in the
// receiving container's network namespace, which a kill destroys and a start creates afresh, so
// the runtime re-applies a node's share of the partition after every start.

export class PartitionState {
  /** Victim node name → addresses whose packets it drops. */
  private drops = new Map<string, string[]>();

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

  /** Brings one running container's rules in line with the partition (nothing to do when it is down). */
  async applyTo(container: NodeContainer): Promise<void> {
    const sources = this.drops.get(container.info.name) ?? [];
    const pid = container.pid;
    if (pid === undefined || (sources.length === 0 && !container.firewallHooked)) return;
    try {
      if (sources.length > 0) {
        await applyNodeDrops(pid, this.gateway, sources, container.firewallHooked);
        container.firewallHooked = true;
      } else {
        await removeNodeDrops(pid);
        container.firewallHooked = false;
      }
    } catch (err) {
      // A node that stopped meanwhile took its namespace, and its rules, with it.
      if (container.pid === pid) throw err;
    }
  }

  async applyToAll(containers: Iterable<NodeContainer>): Promise<void> {
    await Promise.all([...containers].map((container) => this.applyTo(container)));
  }
}
