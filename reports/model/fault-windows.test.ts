import { describe, expect, it } from 'vitest';
import type { Op } from '../../core/history.js';
import { describeGrudge, faultWindows } from './fault-windows.js';

let index = 0;
const nemesis = (seconds: number, f: string, value: unknown, extra: Partial<Op> = {}): Op => ({
  index: index++,
  time: seconds * 1e9,
  type: 'info',
  process: 'nemesis',
  f,
  value,
  ...extra,
});
const client = (seconds: number): Op => ({ index: index++, time: seconds * 1e9, type: 'invoke', process: 0, f: 'read', value: null });

describe('fault windows from nemesis events', () => {
  it('pairs each fault with its stop, and leaves one open to the end of the history', () => {
    index = 0;
    const history = [
      nemesis(1, 'start-partition', { topology: 'halves', grudge: { n1: ['n2', 'n3'], n2: ['n1'], n3: ['n1'] } }),
      nemesis(2, 'stop-partition', 'network healed'),
      nemesis(3, 'kill', { nodes: ['n1', 'n2'] }),
      nemesis(4, 'start', { nodes: ['n1', 'n2'] }),
      nemesis(5, 'bump-clock', { offsets: { n3: 250 } }),
      nemesis(6, 'reset-clock', { nodes: ['n3'] }),
      nemesis(7, 'pause', { nodes: ['n3'] }),
      client(9),
    ];
    const windows = faultWindows(history);
    expect(windows.map((w) => [w.kind, w.label, w.start / 1e9, w.end / 1e9, w.endIndex])).toEqual([
      ['partition', 'partition halves: n1 | n2 n3', 1, 2, 1],
      ['kill', 'kill n1,n2', 3, 4, 3],
      ['clock', 'clock n3 +250ms', 5, 6, 5],
      ['pause', 'pause n3', 7, 9, null],
    ]);
  });

  it('ends every open pause at one resume, and a new partition ends the previous one', () => {
    index = 0;
    const history = [
      nemesis(1, 'pause', { nodes: ['n1'] }),
      nemesis(2, 'pause', { nodes: ['n2'] }),
      nemesis(3, 'start-partition', { grudge: { n1: ['n2'], n2: ['n1'] } }),
      nemesis(4, 'resume', { nodes: [] }),
      nemesis(5, 'start-partition', { grudge: { n1: ['n3'], n3: ['n1'] } }),
      nemesis(6, 'stop-partition', null),
    ];
    const windows = faultWindows(history);
    expect(windows.map((w) => [w.kind, w.start / 1e9, w.end / 1e9])).toEqual([
      ['pause', 1, 4],
      ['pause', 2, 4],
      ['partition', 3, 5],
      ['partition', 5, 6],
    ]);
  });

  it('draws Jepsen-style invoke/info pairs once, from the completion, and skips faults that failed', () => {
    index = 0;
    const history = [
      nemesis(1, 'kill', 'majority', { type: 'invoke' }),
      nemesis(1.5, 'kill', { nodes: ['n1'] }),
      nemesis(2, 'pause', 'one', { error: 'no such node' }),
      nemesis(3, 'start', { nodes: ['n1'] }),
    ];
    expect(faultWindows(history).map((w) => [w.kind, w.start / 1e9, w.end / 1e9])).toEqual([['kill', 1.5, 3]]);
  });

  it('describes a bridge (not a complete partition) by its cuts', () => {
    expect(describeGrudge({ n1: ['n3'], n2: [], n3: ['n1'] })).toBe('n1✕n3 n3✕n1');
    expect(describeGrudge({ n1: [], n2: [] })).toBe('(no cuts)');
  });
});

describe('fault windows from a Jepsen history', () => {
  it('reads a nemesis info invocation followed by its info completion as one fault', () => {
    index = 0;
    const history = [
      nemesis(1, 'start-partition', 'majority'),
      nemesis(1.1, 'start-partition', ['isolated', { n1: ['n2', 'n3'], n2: ['n1'], n3: ['n1'] }]),
      client(2),
      nemesis(5, 'stop-partition', null),
      nemesis(5.1, 'stop-partition', 'network-healed'),
      client(6),
    ];
    const windows = faultWindows(history);
    expect(windows.map((w) => [w.kind, w.label, w.start / 1e9, w.end / 1e9, w.startIndex, w.endIndex])).toEqual([
      ['partition', 'partition n1 | n2 n3', 1.1, 5.1, 1, 4],
    ]);
  });
});

describe('fault windows from a faultline history', () => {
  it('counts every completion when the nemesis invokes its operations, even one f twice in a row', () => {
    index = 0;
    const invoke = (seconds: number, f: string): Op => ({ index: index++, time: seconds * 1e9, type: 'invoke', process: 'nemesis', f, value: null });
    const history = [
      invoke(1, 'strobe-clock'),
      nemesis(1.1, 'strobe-clock', { n1: 200 }),
      invoke(3, 'strobe-clock'),
      nemesis(3.1, 'strobe-clock', { n2: 200 }),
      client(4),
    ];
    expect(faultWindows(history).map((w) => [w.f, w.start / 1e9])).toEqual([
      ['strobe-clock', 1.1],
      ['strobe-clock', 3.1],
    ]);
  });
});
