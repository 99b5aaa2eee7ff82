import { CLOCK_SEEN_TIMEOUT_MS, notSeenDetail } from '../clock/seen-file.js';
import { clockBlocker } from '../local/executable.js';
import { probeFromHarness, PROBE_PORT } from '../netns/probe-links.js';
import { checkLinks, checkLoss, type LinkContext } from '../netns/verify-links.js';
import type { FaultCheck, FaultVerifying, LinkExpectation, NetworkInForce, NodeCommand, NodeInfo } from '../../core/runtime.js';
import type { NodeClocks } from './clocks.js';
import type { NodeHolder } from './holder/holder.js';
import { IMAGE_PATH } from './image/plan.js';
import type { NodeContainer } from './node-container.js';
import { checkContainerPaused, checkContainerRunning } from './verify.js';

// The Docker runtime's checks that each fault took effect, looked at from outside the node and
// through the engine's API only, so the same on an engine on this machine or elsewhere:
//  - links: knocks from inside the sending node's network namespace, run in its holder (which
//    shares that namespace and runs while the node is paused or killed), with the harness's own
//    knock on the receiver as control: at its address when the harness reaches nodes directly,
//    at its published port when the engine is elsewhere;
//  - pause and kill: the engine's account of the node's container (inspect, top);
//  - clock: the clock library's record beside the offset file, read through the holder.

export interface DockerNodes {
  readonly nodes: readonly NodeInfo[];
  readonly names: readonly string[];
  readonly access: 'direct' | 'published';
  /** Whether the node image was assembled from this machine's files (so its programs can be judged here). */
  readonly builtHere: boolean;
  readonly clocks: NodeClocks | undefined;
  node(name: string): NodeInfo;
  holderOf(name: string): NodeHolder;
  containerOf(name: string): NodeContainer;
  command(name: string): NodeCommand;
}

export class DockerFaultChecks implements FaultVerifying {
  /** Per node: why the clock library cannot reach its program ('' when it can or cannot tell). */
  private readonly clockBlockers = new Map<string, string>();

  constructor(private readonly run: DockerNodes) {}

  /** Judges, from the host's copy of the program the image carries, whether a clock offset can reach it. */
  judgeClockReach(node: string, command: NodeCommand): void {
    // An image built elsewhere holds programs this machine cannot look at: the check after each change tells.
    this.clockBlockers.set(node, this.run.builtHere ? clockBlocker(node, command.command, command.env?.PATH ?? IMAGE_PATH, undefined) : '');
  }

  private linkContext(): LinkContext {
    return {
      host: (node) => this.run.node(node).host,
      knockFrom: (node) => {
        const holder = this.run.holderOf(node);
        return (targets, timeoutMs) => holder.knock(targets, timeoutMs);
      },
      knockFromHarness: (node) => {
        const info = this.run.node(node);
        // Through a published port the knock reaches the node's own port (no other port is published).
        return this.run.access === 'published' && info.dial ? probeFromHarness(info.dial.host, info.dial.port) : probeFromHarness(info.host, PROBE_PORT);
      },
    };
  }

  verifyLinks(links: readonly LinkExpectation[], fault: 'partition' | 'packet', undo: boolean, inForce?: NetworkInForce): Promise<FaultCheck[]> {
    return checkLinks(this.linkContext(), links, fault, undo, inForce);
  }

  verifyLoss(nodes: readonly string[], probability: number, undo: boolean, inForce?: NetworkInForce): Promise<FaultCheck[]> {
    return checkLoss(this.linkContext(), nodes, this.run.names, probability, undo, inForce);
  }

  async verifyPaused(node: string, paused: boolean): Promise<FaultCheck> {
    return checkContainerPaused(node, await this.run.containerOf(node).look(), paused);
  }

  async verifyRunning(node: string, running: boolean): Promise<FaultCheck> {
    return checkContainerRunning(node, await this.run.containerOf(node).look(), running);
  }

  clockSkewBlocker(node: string): string | undefined {
    this.run.node(node);
    if (!this.run.clocks) return 'this runtime was built without the clock library (clockSkew: false)';
    if (!this.clockBlockers.has(node)) {
      // Not started yet: judge the program its command names now.
      try {
        this.judgeClockReach(node, this.run.command(node));
      } catch {
        return undefined;
      }
    }
    return this.clockBlockers.get(node) || undefined;
  }

  clockMark(node: string): Promise<number> {
    return this.run.clocks ? this.run.clocks.mark(this.run.node(node)) : Promise.resolve(0);
  }

  async verifyClock(node: string, ms: number, mark: number, undo: boolean): Promise<FaultCheck> {
    const container = this.run.containerOf(node);
    const shown = `${ms > 0 ? '+' : ''}${ms} ms`;
    const base = { fault: 'clock' as const, undo, subject: node };
    if (!container.running) return { ...base, outcome: 'unverified', detail: `${node} is not running; its program reads ${shown} from its next start` };
    if (container.paused) return { ...base, outcome: 'unverified', detail: `${node} is paused; its program reads ${shown} once resumed` };
    if (!this.run.clocks) return { ...base, outcome: 'unverified', detail: 'this runtime was built without the clock library' };
    const pid = await this.run.clocks.waitForSeen(this.run.node(node), ms, mark, CLOCK_SEEN_TIMEOUT_MS);
    if (pid !== undefined)
      return { ...base, outcome: 'verified', detail: `pid ${pid} (in its container) of ${node} read its wall clock at ${shown} through the clock library` };
    return { ...base, outcome: 'unverified', detail: notSeenDetail(node, shown) };
  }
}
