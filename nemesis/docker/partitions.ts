import { isOpen } from '../netns/firewall.js';
import { NetworkFaults } from '../netns/network-faults.js';
import { applyNodeFirewall, removeNodeDrops } from './netns-firewall.js';
import type { NodeContainer } from './node-container.js';

// The network faults in force (partitions and packet loss, by address) and how they reach each
// container. The rules live in the receiving container's network namespace, which a kill destroys
// and a start creates afresh, so the runtime re-applies a node's share of the faults after every start.

export class PartitionState {
  readonly faults = new NetworkFaults();

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

  /** Brings one running container's rules in line with the faults (nothing to do when it is down). */
  async applyTo(container: NodeContainer): Promise<void> {
    const firewall = this.faults.firewallOf(container.info.name);
    const pid = container.pid;
    if (pid === undefined || (isOpen(firewall) && !container.firewallHooked)) return;
    try {
      if (!isOpen(firewall)) {
        await applyNodeFirewall(pid, this.gateway, firewall, container.firewallHooked);
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
