import type { History, Op } from '../../core/history.js';
import { describeGrudge, faultWindows, type FaultWindow } from '../model/fault-windows.js';

// The history's nemesis operations as fault windows a sentence can name: each window gets an
// id ("partition #3"), the nodes it acted on, and, for any node, what it meant there ("n1 was
// cut off from n2 and n3"). Windows come from reports/model/fault-windows, the same ones the
// charts shade.

export interface FaultInContext extends FaultWindow {
  /** The kind and its number among windows of that kind, from 1: "partition #3". */
  id: string;
  /** Nodes the fault acted on: cut off, paused, killed, or clock-skewed; empty when the event does not say. */
  nodes: string[];
  /** For a partition: for each node, the nodes it could not exchange packets with. */
  cuts?: Record<string, string[]>;
  /** For a clock fault: each skewed node's offset in ms (absent for strobes, which flip). */
  offsets?: Record<string, number>;
}

export function faultsInContext(history: History): FaultInContext[] {
  const counts = new Map<string, number>();
  return faultWindows(history).map((window) => {
    const name = window.kind === 'other' ? window.f : window.kind;
    const n = (counts.get(name) ?? 0) + 1;
    counts.set(name, n);
    const start = history[window.startIndex] as Op | undefined;
    return { ...window, id: `${name} #${n}`, ...affected(window, start) };
  });
}

/** Which nodes the start event says it acted on. */
function affected(window: FaultWindow, op: Op | undefined): Pick<FaultInContext, 'nodes' | 'cuts' | 'offsets'> {
  const value = op?.value;
  const v = value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  switch (window.kind) {
    case 'partition': {
      // Ours record {topology, grudge} (or a bare grudge); Jepsen's partitioner records [:isolated grudge].
      const jepsen = Array.isArray(value) && value.length === 2 && value[0] === 'isolated' ? value[1] : undefined;
      const cuts = cutsOf(jepsen ?? v?.grudge ?? v);
      return { nodes: Object.keys(cuts).sort(), cuts };
    }
    case 'clock': {
      const offsets = v?.offsets;
      if (offsets && typeof offsets === 'object' && !Array.isArray(offsets)) {
        const numeric = Object.fromEntries(Object.entries(offsets as Record<string, unknown>).filter(([, ms]) => typeof ms === 'number')) as Record<
          string,
          number
        >;
        return { nodes: Object.keys(numeric), offsets: numeric };
      }
      return { nodes: stringList(v?.nodes) };
    }
    default:
      return { nodes: stringList(v?.nodes) };
  }
}

function stringList(value: unknown): string[] {
  return Array.isArray(value) ? value.map(String) : [];
}

/**
 * A grudge lists, per node, whom it drops packets from; a cut is a cut both ways for the
 * nodes' conversation, so each node gets the union of whom it drops and who drops it.
 */
function cutsOf(grudge: unknown): Record<string, string[]> {
  const cuts = new Map<string, Set<string>>();
  const add = (a: string, b: string) => {
    if (a === b) return;
    if (!cuts.has(a)) cuts.set(a, new Set());
    cuts.get(a)!.add(b);
  };
  if (grudge && typeof grudge === 'object' && !Array.isArray(grudge)) {
    for (const [node, dropped] of Object.entries(grudge as Record<string, unknown>)) {
      for (const other of stringList(dropped)) {
        add(node, other);
        add(other, node);
      }
    }
  }
  const out: Record<string, string[]> = Object.create(null);
  for (const node of [...cuts.keys()].sort()) out[node] = [...cuts.get(node)!].sort();
  return out;
}

/** Whether the fault was in force at `time` (ns): from its start event until its stop event, or to the end. */
export function activeAt(fault: FaultWindow, time: number): boolean {
  return time >= fault.start && (fault.endIndex === null || time < fault.end);
}

/** The faults in force at `time`, in the order they began. */
export function faultsAt(faults: readonly FaultInContext[], time: number): FaultInContext[] {
  return faults.filter((f) => activeAt(f, time));
}

const seconds = (ns: number) => `${(ns / 1e9).toFixed(2)} s`;

/** "partition #3, 4.70 s to 11.40 s" or "kill #1, from 9.10 s to the end of the history". */
export function faultSpan(fault: FaultInContext): string {
  return fault.endIndex === null
    ? `${fault.id}, from ${seconds(fault.start)} to the end of the history`
    : `${fault.id}, ${seconds(fault.start)} to ${seconds(fault.end)}`;
}

/**
 * What the fault meant for an operation on `node`, in words, with its span: "n1 was cut off
 * from n2 and n3 (partition #3, 4.70 s to 11.40 s)". A fault that did not touch the node is
 * still said, from the side of the nodes it did touch.
 */
export function faultForNode(fault: FaultInContext, node: string | null): string {
  return `${effect(fault, node)} (${faultSpan(fault)})`;
}

function effect(fault: FaultInContext, node: string | null): string {
  const on = fault.nodes;
  switch (fault.kind) {
    case 'partition': {
      const cuts = fault.cuts ?? {};
      if (node !== null && cuts[node]?.length) return `${node} was cut off from ${words(cuts[node])}`;
      const start = isolatedNode(cuts);
      if (start) return `${start} was cut off from ${words(cuts[start])}`;
      return on.length ? `the network was partitioned (${describeGrudge(cuts)})` : 'the network was partitioned';
    }
    case 'kill':
      return on.length ? `${words(on)} ${on.length === 1 ? 'was' : 'were'} killed` : fault.label;
    case 'pause':
      return on.length ? `${words(on)} ${on.length === 1 ? 'was' : 'were'} paused` : fault.label;
    case 'clock': {
      const offsets = fault.offsets;
      if (offsets && Object.keys(offsets).length) {
        const mine = node !== null && offsets[node] !== undefined ? [node] : Object.keys(offsets);
        return mine.map((n) => `${n}'s clock was ${offsets[n] > 0 ? '+' : ''}${offsets[n]} ms off`).join(', ');
      }
      return on.length ? `the clocks of ${words(on)} were strobed` : fault.label;
    }
    default:
      return fault.label;
  }
}

/** The one node cut off from all the others, when the partition is that simple. */
function isolatedNode(cuts: Record<string, string[]>): string | undefined {
  const nodes = Object.keys(cuts);
  return nodes.find((n) => cuts[n].length === nodes.length - 1 && nodes.every((m) => m === n || cuts[m].length === 1));
}

/** "n1", "n1 and n2", "n1, n2 and n3". */
export function words(list: readonly string[]): string {
  if (list.length <= 1) return list.join('');
  return `${list.slice(0, -1).join(', ')} and ${list[list.length - 1]}`;
}
