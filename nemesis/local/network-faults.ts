import { FaultlineError } from '../../core/errors.js';
import { applyFirewall, isOpen, removeFirewall } from '../netns/firewall.js';
import { lossesFor, NetworkFaults } from '../netns/network-faults.js';
import { applyDelay, packetDelayProblem, removeDelay } from '../netns/packet-delay.js';
import type { PacketBehaviour } from '../../core/runtime.js';

// The local runtime's network faults: partitions and packet loss as rules inside each node's
// namespace (one chain per node, rewritten whole whenever either changes), and packet delay with
// netem on a node's interface where the kernel has it.

export interface NodeNetworks {
  readonly gateway: string;
  readonly names: readonly string[];
  host(node: string): string;
  netns(node: string): string;
}

export class LocalNetworkFaults {
  private readonly faults = new NetworkFaults();
  /** Nodes whose namespace has the fault chain hooked into INPUT. */
  private readonly hooked = new Set<string>();
  /** Nodes whose interface delays packets (netem). */
  private readonly delayed = new Set<string>();

  constructor(private readonly nodes: NodeNetworks) {}

  get partitioned(): boolean {
    return this.faults.partitioned;
  }

  get disturbed(): boolean {
    return this.faults.lossy || this.delayed.size > 0;
  }

  /** Replaces the partition: receiving node → nodes whose packets it drops. */
  async partition(grudge: Readonly<Record<string, readonly string[]>>): Promise<void> {
    this.faults.setPartition(new Map(Object.entries(grudge).map(([victim, ignored]) => [victim, ignored.map((source) => this.nodes.host(source))])));
    await this.apply();
  }

  async heal(): Promise<void> {
    this.faults.clearPartition();
    await this.apply();
  }

  /** Replaces the packet faults: the packets between each named node and the other nodes, both ways. */
  async shape(behaviours: Readonly<Record<string, PacketBehaviour>>): Promise<void> {
    for (const behaviour of Object.values(behaviours)) {
      const problem = await this.problem(behaviour);
      if (problem) throw new FaultlineError('UNSUPPORTED', `nemesis/local: ${problem}`);
    }
    const probabilities = new Map(Object.entries(behaviours).flatMap(([node, b]) => (b.loss === undefined ? [] : [[node, b.loss] as const])));
    this.faults.setLoss(lossesFor(probabilities, this.nodes.names, (n) => this.nodes.host(n)));
    await this.apply();
    await this.removeDelays();
    for (const [sender, behaviour] of Object.entries(behaviours)) {
      if (behaviour.delayMs === undefined) continue;
      const peers = this.nodes.names.filter((n) => n !== sender).map((n) => this.nodes.host(n));
      await applyDelay(this.nodes.netns(sender), 'eth0', peers, behaviour.delayMs);
      this.delayed.add(sender);
    }
  }

  async unshape(): Promise<void> {
    this.faults.clearLoss();
    await this.apply();
    await this.removeDelays();
  }

  /** Every fault removed (before the nodes are killed at the end). */
  async clearAll(): Promise<void> {
    this.faults.clearPartition();
    await this.unshape();
  }

  async problem(behaviour: PacketBehaviour): Promise<string | undefined> {
    if (behaviour.loss !== undefined && !(behaviour.loss > 0 && behaviour.loss <= 1)) return `a loss rate must be in (0, 1], got ${behaviour.loss}`;
    if (behaviour.delayMs !== undefined) return packetDelayProblem(this.nodes.netns(this.nodes.names[0]));
    return undefined;
  }

  /** Forgets what is hooked where (the namespaces are being deleted). */
  forget(): void {
    this.hooked.clear();
    this.delayed.clear();
  }

  /** Brings every node's chain in line with the faults in force. */
  private async apply(): Promise<void> {
    await Promise.all(
      this.nodes.names.map(async (node) => {
        const firewall = this.faults.firewallOf(node);
        const netns = this.nodes.netns(node);
        if (isOpen(firewall)) {
          if (!this.hooked.has(node)) return;
          await removeFirewall(netns);
          this.hooked.delete(node);
          return;
        }
        await applyFirewall(netns, this.nodes.gateway, firewall, this.hooked.has(node));
        this.hooked.add(node);
      }),
    );
  }

  private async removeDelays(): Promise<void> {
    for (const node of [...this.delayed]) {
      await removeDelay(this.nodes.netns(node), 'eth0');
      this.delayed.delete(node);
    }
  }
}
