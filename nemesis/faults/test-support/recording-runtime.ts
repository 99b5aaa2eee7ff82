import { Rng } from '../../../core/rng.js';
import type { Target, TargetContext } from '../../../core/target.js';
import type { ClockSkewable, Grudge, NodeInfo, NodeRuntime, Partitionable, Pausable } from '../../../core/runtime.js';
import type { FaultEnvironment } from '../../../core/target.js';

/**
 * A runtime that only remembers what was done to it, in order ("kill n2", "partition n1|n2 n3"),
 * so a fault kind's aim can be checked without processes or iptables.
 */
export class RecordingRuntime implements NodeRuntime, Pausable, Partitionable, ClockSkewable {
  readonly kind = 'recording';
  readonly nodes: readonly NodeInfo[];
  readonly events: string[] = [];
  readonly offsets = new Map<string, number>();
  grudge: Grudge | null = null;
  private readonly down = new Set<string>();

  constructor(names: readonly string[]) {
    this.nodes = names.map((name, i) => ({ name, host: `127.0.9.${i + 1}`, port: 7000, dataDir: `/nonexistent/${name}`, logFile: `/nonexistent/${name}.log` }));
  }

  async start(node: string): Promise<void> {
    this.down.delete(node);
    this.events.push(`start ${node}`);
  }

  async kill(node: string): Promise<void> {
    this.down.add(node);
    this.events.push(`kill ${node}`);
  }

  isRunning(node: string): boolean {
    return !this.down.has(node);
  }

  async stopAll(): Promise<void> {
    this.events.push('stop-all');
  }

  async pause(node: string): Promise<void> {
    this.events.push(`pause ${node}`);
  }

  async resume(node: string): Promise<void> {
    this.events.push(`resume ${node}`);
  }

  async partition(grudge: Grudge): Promise<void> {
    this.grudge = grudge;
    this.events.push(`partition ${describeCut(grudge)}`);
  }

  async heal(): Promise<void> {
    this.grudge = null;
    this.events.push('heal');
  }

  async setClockOffset(node: string, ms: number): Promise<void> {
    this.offsets.set(node, ms);
    this.events.push(`clock ${node} ${ms}`);
  }

  async resetClock(node: string): Promise<void> {
    this.offsets.delete(node);
    this.events.push(`reset-clock ${node}`);
  }
}

/** "n1|n2 n3": the nodes that hear nobody else, then the rest. */
function describeCut(grudge: Grudge): string {
  const alone = Object.entries(grudge)
    .filter(([node, dropped]) => dropped.length === Object.keys(grudge).length - 1 && node)
    .map(([node]) => node);
  const rest = Object.keys(grudge).filter((node) => !alone.includes(node));
  return `${alone.join(' ')}|${rest.join(' ')}`;
}

/**
 * What a fault kind gets, around a recording runtime. `primaries` answers successive calls to
 * primary() (the last answer repeats), as a target that can name its leader would.
 */
export function faultEnvironment(runtime: RecordingRuntime, primaries: ReadonlyArray<string | undefined>, seed = 1): FaultEnvironment {
  let asked = 0;
  const primary = async () => primaries[Math.min(asked++, primaries.length - 1)];
  const target = { name: 'fake', primary } as unknown as Target;
  return {
    runtime,
    target,
    targetContext: {} as TargetContext,
    rng: new Rng(seed),
    nodes: runtime.nodes.map((n) => n.name),
    primary,
    log: () => undefined,
  };
}
