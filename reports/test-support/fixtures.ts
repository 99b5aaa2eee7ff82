import { checkListAppend } from '../../checkers/txn/index.js';
import { linearizableChecker } from '../../checkers/linearizable/index.js';
import { statsChecker } from '../../checkers/stats.js';
import { compose, type ComposedVerdict } from '../../core/verdict.js';
import type { Op } from '../../core/history.js';
import { checkLock } from '../../checkers/lock/index.js';
import { HistoryBuilder, lockModel, registerModel, simulate } from '../../checkers/test-support/index.js';
import { STARTED_AT } from './run-folder.js';

// Run contents with a known verdict, checked by the real checkers so the results have the
// shapes the report will meet in practice.

export const FAULTS: readonly (readonly [number, string, unknown])[] = [
  [0.6, 'start-partition', { topology: 'halves', grudge: { n1: ['n2', 'n3'], n2: ['n1'], n3: ['n1'] } }],
  [1.2, 'stop-partition', 'network healed'],
  [1.5, 'kill', { nodes: ['n2'] }],
  [1.9, 'start', { nodes: ['n2'] }],
];

export async function registerRun(options: { operations?: number; stale?: boolean; seed?: number } = {}): Promise<{ history: Op[]; results: ComposedVerdict }> {
  const model = registerModel({ mix: 'cas-register', keys: 3, values: 5, infoRate: 0.02, staleReads: options.stale ? { from: 0.7, to: 1.1 } : undefined });
  const history = simulate(model, {
    seed: options.seed ?? 7,
    operations: options.operations ?? 600,
    workers: 5,
    meanLatencyMs: 5,
    meanThinkMs: 6,
    nemesis: FAULTS,
    nodes: ['n1', 'n2', 'n3'],
  });
  const results = compose({
    linearizable: await linearizableChecker.check(history, { model: 'cas-register', workers: 0 }),
    stats: statsChecker.check(history, {}) as Awaited<ReturnType<typeof statsChecker.check>>,
  });
  return { history, results };
}

/** Read skew (G-single): T5 sees T4's append to y but not its append to x. */
export function readSkewRun(): { history: Op[]; results: ComposedVerdict } {
  const b = new HistoryBuilder();
  b.txn([['append', 'x', 0]], 'ok', 0);
  const t2 = b.startTxn(
    [
      ['append', 'x', 1],
      ['append', 'y', 1],
    ],
    0,
  );
  const t3 = b.startTxn(
    [
      ['r', 'x', [0]],
      ['r', 'y', [1]],
    ],
    1,
  );
  b.endTxn(t2);
  b.endTxn(t3);
  b.txn(
    [
      ['r', 'x', [0, 1]],
      ['r', 'y', [1]],
    ],
    'ok',
    0,
  );
  const history = b.build();
  return { history, results: compose({ 'list-append': checkListAppend(history) }) };
}

/** A lock that sometimes grants to a second holder: overlapping holdings to draw. */
export function doubleGrantLockRun(): { history: Op[]; results: ComposedVerdict } {
  const model = lockModel({ locks: 1, validityMs: 10_000, doubleGrantChance: 0.15 });
  const history = simulate(model, { seed: 11, operations: 240, workers: 4, meanLatencyMs: 3, meanThinkMs: 4 });
  return { history, results: compose({ lock: checkLock(history) }) };
}

/** Node log lines every 100 ms from STARTED_AT for `seconds`. */
export function nodeLog(node: string, startedAt: string, seconds: number): string {
  const start = Date.parse(startedAt);
  const lines: string[] = [];
  for (let ms = 0; ms <= seconds * 1000; ms += 100) lines.push(`${new Date(start + ms).toISOString()} ${node} tick ms=${ms}`);
  return `${lines.join('\n')}\n`;
}

/** Markup that must stay text wherever a target can put it. */
export const EVIL = '<script>alert(1)</script>';

/** A run whose every target-supplied string is a script tag. */
export function hostileRun(): { history: Op[]; results: unknown; logs: Record<string, string> } {
  const history: Op[] = [
    { index: 0, time: 1e6, type: 'invoke', process: 0, f: 'write', value: EVIL, key: EVIL },
    { index: 1, time: 2e6, type: 'ok', process: 0, f: 'write', value: EVIL, key: EVIL, node: EVIL },
    { index: 2, time: 3e6, type: 'info', process: 'nemesis', f: 'kill', value: { nodes: [EVIL] } },
    { index: 3, time: 4e6, type: 'invoke', process: 1, f: EVIL, value: null },
    { index: 4, time: 5e8, type: 'fail', process: 1, f: EVIL, value: null, error: EVIL },
  ];
  const results = {
    valid: false,
    checkers: {
      [EVIL]: { valid: false, [EVIL]: [{ index: 1, value: EVIL }] },
      stats: { valid: 'unknown', reason: EVIL },
    },
  };
  const logs = { n1: `${STARTED_AT} n1 ${EVIL}\n${new Date(Date.parse(STARTED_AT) + 400).toISOString()} n1 said ${EVIL}\n` };
  return { history, results, logs };
}
