import type { Op } from '../../../core/history.js';

// Plants small, known dependency cycles into a (valid) list-append history, each on keys of
// its own and by processes of its own, its transactions all concurrent (so real time orders
// none of them): a G0 write cycle, a G1c cycle of reads, a G-single read skew and a G2-item
// write skew. A checker must find each one and explain it, however big the history around it.

export type InjectedAnomaly = 'G0' | 'G1c' | 'G-single' | 'G2-item';

export const INJECTED_ANOMALIES: readonly InjectedAnomaly[] = ['G0', 'G1c', 'G-single', 'G2-item'];

type MicroOp = [string, string, unknown];

/** Each anomaly's transactions as completed (reads filled in); invocations carry nil reads. */
function plant(kind: InjectedAnomaly, tag: string): MicroOp[][] {
  const x = `${tag}-x`;
  const y = `${tag}-y`;
  switch (kind) {
    case 'G0':
      // T1 and T2 both append to x and y, in opposite orders on each key; T3 shows both orders.
      return [
        [
          ['append', x, 1],
          ['append', y, 1],
        ],
        [
          ['append', x, 2],
          ['append', y, 2],
        ],
        [
          ['r', x, [1, 2]],
          ['r', y, [2, 1]],
        ],
      ];
    case 'G1c':
      // Each reads the other's append: information flows both ways.
      return [
        [
          ['append', x, 1],
          ['r', y, [1]],
        ],
        [
          ['append', y, 1],
          ['r', x, [1]],
        ],
      ];
    case 'G-single':
      // T2 sees T1's append to y but not its append to x (read skew).
      return [
        [
          ['append', x, 1],
          ['append', y, 1],
        ],
        [
          ['r', x, null],
          ['r', y, [1]],
        ],
      ];
    case 'G2-item':
      // Each reads the other's key as never written, then appends to its own (write skew).
      return [
        [
          ['append', x, 1],
          ['r', y, null],
        ],
        [
          ['append', y, 1],
          ['r', x, null],
        ],
      ];
  }
}

export interface Injection {
  history: Op[];
  /** Per planted anomaly, the `T<index>` names of its transactions. */
  planted: { kind: InjectedAnomaly; txns: string[] }[];
}

/**
 * Returns `history` with each anomaly of `kinds` planted at evenly spread points (indices
 * renumbered). `firstProcess` must exceed every process in the history. With `reuse`, the
 * given operations are renumbered in place instead of copied (for histories of millions).
 */
export function injectCycles(history: readonly Op[], kinds: readonly InjectedAnomaly[], firstProcess: number, reuse = false): Injection {
  const take = (op: Op): Op => (reuse ? op : { ...op });
  const at = kinds.map((_, i) => Math.floor(((i + 1) * history.length) / (kinds.length + 1)));
  const out: Op[] = [];
  const planted: Injection['planted'] = [];
  let process = firstProcess;
  let next = 0;
  kinds.forEach((kind, k) => {
    while (next < at[k]) out.push(take(history[next++]));
    const time = out.length > 0 ? out[out.length - 1].time : 0;
    const txns = plant(kind, `planted-${kind}-${k}`);
    const processes = txns.map(() => process++);
    txns.forEach((ops, i) =>
      out.push({ index: 0, time, type: 'invoke', process: processes[i], f: 'txn', value: ops.map(([f, key, v]) => [f, key, f === 'r' ? null : v]) }),
    );
    const names: string[] = [];
    txns.forEach((ops, i) => {
      names.push(`T${out.length}`);
      out.push({ index: 0, time, type: 'ok', process: processes[i], f: 'txn', value: ops.map((m) => [...m]) });
    });
    planted.push({ kind, txns: names });
  });
  while (next < history.length) out.push(take(history[next++]));
  out.forEach((op, i) => (op.index = i));
  return { history: out, planted };
}
