import type { History, Op } from '../../core/history.js';
import { showValue } from '../html/escape.js';

// Fault windows from the nemesis events of a history. A window opens at a start event and
// closes at the next stop event of the same fault, or at the end of the history.

export type FaultKind = 'partition' | 'packet' | 'pause' | 'kill' | 'clock' | 'other';

export interface FaultWindow {
  kind: FaultKind;
  /** The start event's `f`, e.g. "start-partition", "bump-clock". */
  f: string;
  /** What was applied, in a few words: "majorities-ring: n1 ✕ n2 n3", "kill n1,n2", "clock n2 +250ms". */
  label: string;
  /** Nanoseconds since the run began. */
  start: number;
  end: number;
  startIndex: number;
  /** The stop event, or null when the history ended with the fault still on. */
  endIndex: number | null;
  /** How the nemesis's checks judged the fault (value.effect.outcome), when it recorded them. */
  effect?: string;
}

const STARTS: Record<string, { kind: FaultKind; stop: string }> = Object.assign(Object.create(null), {
  'start-partition': { kind: 'partition', stop: 'stop-partition' },
  pause: { kind: 'pause', stop: 'resume' },
  kill: { kind: 'kill', stop: 'start' },
  'bump-clock': { kind: 'clock', stop: 'reset-clock' },
  'strobe-clock': { kind: 'clock', stop: 'reset-clock' },
  'start-packet': { kind: 'packet', stop: 'stop-packet' },
});

const STOP_TO_KIND: Record<string, FaultKind> = Object.assign(Object.create(null), {
  'stop-partition': 'partition',
  resume: 'pause',
  start: 'kill',
  'reset-clock': 'clock',
  'stop-packet': 'packet',
});

/**
 * Nemesis events come as `info` completions (sometimes after an `invoke`, as in Jepsen); the
 * completion says what was really applied, so windows are drawn from completions. A stop
 * closes every open window of its fault ("resume all" ends every pause).
 */
export function faultWindows(history: History): FaultWindow[] {
  const windows: FaultWindow[] = [];
  const open = new Map<FaultKind, FaultWindow[]>();
  const end = history.length ? history[history.length - 1].time : 0;
  for (const op of nemesisCompletions(history)) {
    const start = STARTS[op.f];
    if (start) {
      if (op.error !== undefined) continue;
      const effect = effectOutcome(op);
      // A fault that took no effect opened no window: drawing one would claim what did not happen.
      if (effect === 'not-applied' || effect === 'nothing') continue;
      const suffix = effect === 'unverified' ? ' (not verified)' : effect === 'partly-applied' ? ' (partly applied)' : '';
      const window: FaultWindow = {
        kind: start.kind,
        f: op.f,
        label: `${describeFault(op)}${suffix}`,
        start: op.time,
        end,
        startIndex: op.index,
        endIndex: null,
      };
      if (effect !== undefined) window.effect = effect;
      windows.push(window);
      const list = open.get(start.kind) ?? [];
      // Partitions replace each other: a new grudge ends the old one.
      if (start.kind === 'partition') closeAll(list, op);
      list.push(window);
      open.set(start.kind, list);
      continue;
    }
    const kind = STOP_TO_KIND[op.f];
    if (kind) closeAll(open.get(kind) ?? [], op);
  }
  return windows;
}

/** The outcome the nemesis recorded for a fault (see nemesis/verify/effects.ts), if any. */
export function effectOutcome(op: Op): string | undefined {
  const value = op.value as { effect?: { outcome?: unknown } } | null;
  const outcome = value !== null && typeof value === 'object' ? value.effect?.outcome : undefined;
  return typeof outcome === 'string' ? outcome : undefined;
}

/**
 * The nemesis events that say what was applied. Ours are one `info` per fault (after an
 * `invoke`, if any). Jepsen writes the nemesis's invocation as an `info` too, followed by an
 * `info` completion of the same `f` (`:majority`, then `[:isolated {…}]`), so its nemesis events
 * come in pairs of one `f`; when every event of a history pairs up that way (a last one may be
 * a request the history ended before completing), only the second of each pair counts.
 */
export function nemesisCompletions(history: History): Op[] {
  const events = history.filter((op) => op.process === 'nemesis' && op.type !== 'invoke');
  // A history that invokes its nemesis operations (ours), or whose nemesis events say what they
  // took effect on (ours again, even without invokes), completes each fault once: nothing pairs.
  if (history.some((op) => op.process === 'nemesis' && op.type === 'invoke') || events.some((op) => effectOutcome(op) !== undefined)) return events;
  const pairs = Math.floor(events.length / 2);
  let paired = pairs > 0;
  for (let p = 0; p < pairs && paired; p++) paired = events[2 * p].f === events[2 * p + 1].f;
  if (!paired) return events;
  return Array.from({ length: pairs }, (_, p) => events[2 * p + 1]);
}

function closeAll(list: FaultWindow[], stop: Op): void {
  for (const window of list.splice(0)) {
    window.end = stop.time;
    window.endIndex = stop.index;
  }
}

/** A few words for what a fault event applied, from the values the bundled nemeses record. */
export function describeFault(op: Op): string {
  const value = op.value as Record<string, unknown> | string | null | undefined;
  const v = typeof value === 'object' && value !== null ? value : undefined;
  switch (op.f) {
    case 'start-partition': {
      // Jepsen's partitioner records [:isolated grudge].
      const jepsen = Array.isArray(value) && value.length === 2 && value[0] === 'isolated' ? value[1] : undefined;
      const grudge = jepsen ?? v?.grudge ?? v;
      const topology = typeof v?.topology === 'string' ? `${v.topology}: ` : '';
      return `partition ${topology}${describeGrudge(grudge)}`.trim();
    }
    case 'kill':
    case 'pause':
      return `${op.f} ${nodeList(v?.nodes) ?? showValue(value, 40)}`;
    case 'bump-clock': {
      const offsets = v?.offsets;
      if (offsets && typeof offsets === 'object') {
        return `clock ${Object.entries(offsets as Record<string, unknown>)
          .map(([n, ms]) => `${n} ${signed(ms)}ms`)
          .join(', ')}`;
      }
      return `clock ${showValue(value, 40)}`;
    }
    case 'strobe-clock':
      return `clock strobe ${nodeList(v?.nodes) ?? showValue(value, 40)}`;
    case 'start-packet': {
      const b = v?.behaviour as { loss?: number; delayMs?: number } | undefined;
      const how = [b?.loss !== undefined ? `${Math.round(b.loss * 100)}% lost` : '', b?.delayMs !== undefined ? `+${b.delayMs}ms` : '']
        .filter(Boolean)
        .join(' ');
      return `packets ${nodeList(v?.nodes) ?? showValue(value, 40)}${how ? ` ${how}` : ''}`;
    }
    default:
      return `${op.f} ${showValue(value, 40)}`;
  }
}

function nodeList(nodes: unknown): string | undefined {
  if (!Array.isArray(nodes)) return undefined;
  return nodes.length ? nodes.map(String).join(',') : '(no nodes)';
}

function signed(ms: unknown): string {
  return typeof ms === 'number' && ms > 0 ? `+${ms}` : String(ms);
}

/**
 * A grudge maps each node to the nodes it drops traffic from. A complete partition reads
 * best as its components ("n1 | n2 n3"); anything else (a bridge, a ring) as its cuts.
 */
export function describeGrudge(grudge: unknown): string {
  if (!grudge || typeof grudge !== 'object' || Array.isArray(grudge)) return showValue(grudge, 60);
  const cuts = new Map<string, Set<string>>();
  for (const [node, cut] of Object.entries(grudge as Record<string, unknown>)) {
    cuts.set(node, new Set(Array.isArray(cut) ? cut.map(String) : []));
  }
  const nodes = [...cuts.keys()];
  if (nodes.every((n) => cuts.get(n)!.size === 0)) return '(no cuts)';
  const components = completeComponents(nodes, cuts);
  const text = components
    ? components.map((c) => c.join(' ')).join(' | ')
    : nodes
        .filter((n) => cuts.get(n)!.size > 0)
        .map((n) => `${n}✕${[...cuts.get(n)!].join(',')}`)
        .join(' ');
  return text.length > 60 ? `${text.slice(0, 59)}…` : text;
}

/** Groups of nodes that hear exactly each other, when the grudge is that simple. */
function completeComponents(nodes: string[], cuts: Map<string, Set<string>>): string[][] | undefined {
  const groups = new Map<string, string[]>();
  for (const node of nodes) {
    const heard = nodes.filter((other) => !cuts.get(node)!.has(other)).join(' ');
    const group = groups.get(heard) ?? [];
    group.push(node);
    groups.set(heard, group);
  }
  for (const [heard, group] of groups) {
    if (heard !== group.join(' ')) return undefined;
  }
  return [...groups.values()];
}
