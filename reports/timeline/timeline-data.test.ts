import { describe, expect, it } from 'vitest';
import type { Op } from '../../core/history.js';
import { buildOpTable } from '../model/op-table.js';
import { timelineData } from './timeline-data.js';
import { timelineScript } from './timeline-script.js';

describe('the timeline’s packed data', () => {
  const history: Op[] = [
    { index: 0, time: 1_000_000, type: 'invoke', process: 3, f: 'write', value: 1 },
    { index: 1, time: 1_500_000, type: 'invoke', process: 0, f: 'read', value: null, key: 'x' },
    { index: 2, time: 2_000_000, type: 'ok', process: 0, f: 'read', value: [1, 2], node: 'n2', key: 'x' },
    { index: 3, time: 2_500_000, type: 'info', process: 'nemesis', f: 'kill', value: { nodes: ['n1'] } },
    { index: 4, time: 9_000_000, type: 'info', process: 3, f: 'write', value: 1, error: 'timeout' },
    { index: 5, time: 9_500_000, type: 'invoke', process: 13, f: 'write', value: 2 },
  ];

  it('decodes back to each operation’s times, lane, outcome, value and error', () => {
    const d = timelineData(history, buildOpTable(history), [], [], 10);
    let start = 0;
    let index = 0;
    const ops = d.s.map((ds, k) => {
      start += ds;
      index += d.i[k];
      return {
        index,
        start,
        dur: d.d[k],
        process: d.lanes[d.p[k]],
        f: d.fs[d.f[k]],
        outcome: ['ok', 'fail', 'info'][d.o[k]],
        done: d.c[k] < 0 ? null : index + d.c[k],
        value: d.v[k],
        node: d.n[k] < 0 ? null : d.nodes[d.n[k]],
        error: d.e[k] < 0 ? null : d.errors[d.e[k]],
        key: d.k[k] < 0 ? null : d.keys[d.k[k]],
      };
    });
    expect(ops).toEqual([
      { index: 0, start: 1000, dur: 8000, process: 3, f: 'write', outcome: 'info', done: 4, value: '1', node: null, error: 'timeout', key: null },
      { index: 1, start: 1500, dur: 500, process: 0, f: 'read', outcome: 'ok', done: 2, value: '[1,2]', node: 'n2', error: null, key: '"x"' },
      { index: 5, start: 9500, dur: -1, process: 13, f: 'write', outcome: 'info', done: null, value: '2', node: null, error: null, key: null },
    ]);
    expect(d.lanes).toEqual([0, 3, 13]);
    expect(d.end).toBe(9500);
  });

  it('comes with a script that parses', () => {
    expect(() => new Function(timelineScript())).not.toThrow();
  });
});
