import { applyDelay, packetDelayProblem, removeDelay, type Tc } from '../netns/packet-delay.js';
import type { NodeHolder } from './holder/holder.js';

// Packet delay on Docker: netem on the node's interface, set with `tc` run in its holder (the
// holder image carries tc when this machine has it), so it reaches a node on an engine anywhere
// and stays across the node's kill and restart, like the rest of its namespace. Whether netem is
// there is the engine's kernel's business: asked once per runtime.

/** The node's interface on the run network, inside its namespace. */
const DEVICE = 'eth0';

export class DockerPacketDelays {
  private readonly delayed = new Set<string>();
  private detected: Promise<string | undefined> | undefined;

  constructor(private readonly holders: ReadonlyMap<string, NodeHolder>) {}

  get any(): boolean {
    return this.delayed.size > 0;
  }

  /** Why delay cannot be applied on this engine, or undefined. */
  problem(): Promise<string | undefined> {
    const [first] = this.holders.values();
    this.detected ??= packetDelayProblem(tcIn(first));
    return this.detected;
  }

  async apply(node: string, peers: readonly string[], delayMs: number): Promise<void> {
    await applyDelay(tcIn(this.holderOf(node)), DEVICE, peers, delayMs);
    this.delayed.add(node);
  }

  async removeAll(): Promise<void> {
    for (const node of [...this.delayed]) {
      await removeDelay(tcIn(this.holderOf(node)), DEVICE);
      this.delayed.delete(node);
    }
  }

  /** The namespaces are going away with their holders. */
  forget(): void {
    this.delayed.clear();
  }

  private holderOf(node: string): NodeHolder {
    const holder = this.holders.get(node);
    if (!holder) throw new Error(`no holder for node ${node}`);
    return holder;
  }
}

/** tc in the holder's (the node's) network namespace, through `docker exec`. */
function tcIn(holder: NodeHolder): Tc {
  return {
    where: `${holder.node}'s holder container`,
    async run(args) {
      try {
        const result = await holder.run(['tc', ...args]);
        // The engine reports a program missing from the image in the exec's own output (exit 127 or 126).
        const missing =
          result.code === 127 || result.code === 126 || /executable file not found|no such file or directory/i.test(result.stdout + result.stderr);
        return { ok: result.code === 0, missing, said: (result.stderr || result.stdout).trim() };
      } catch (err) {
        return { ok: false, missing: false, said: err instanceof Error ? err.message : String(err) };
      }
    },
  };
}
