import type { Key } from '../../core/history.js';
import type { BankUnreflected } from './bank-types.js';

/** An acknowledged transfer in the compact form the final-state check needs. */
export interface AckedTransfer {
  index: number;
  from: string;
  to: string;
  amount: number;
}

export type FinalStateVerdict = { state: 'reflected' } | { state: 'not-reflected'; report: BankUnreflected } | { state: 'undecidable'; reason: string };

/**
 * Replays every acknowledged transfer over the starting balances and compares with a read
 * that began after all transfers had finished. Only decidable when the start is known and no
 * transfer has an unknown outcome (each could go either way).
 */
export function checkFinalState(input: {
  key: Key | undefined;
  initial: Map<string, number> | null;
  acked: readonly AckedTransfer[];
  unknownTransfers: number;
  finalRead: { index: number; value: Record<string, unknown> } | null;
}): FinalStateVerdict {
  const { initial, acked, finalRead } = input;
  if (initial === null)
    return { state: 'undecidable', reason: 'the starting balances are unknown (give accounts and initialBalance, or read before the first transfer)' };
  if (input.unknownTransfers > 0) return { state: 'undecidable', reason: `${input.unknownTransfers} transfers have an unknown outcome` };
  if (finalRead === null) return { state: 'undecidable', reason: 'no ok read began after every transfer had finished' };
  const expected = new Map(initial);
  for (const t of acked) {
    expected.set(t.from, (expected.get(t.from) ?? 0) - t.amount);
    expected.set(t.to, (expected.get(t.to) ?? 0) + t.amount);
  }
  const differences = Object.create(null) as Record<string, number>;
  const names = new Set([...expected.keys(), ...Object.keys(finalRead.value)]);
  for (const name of names) {
    const seen = finalRead.value[name];
    const diff = (typeof seen === 'number' ? seen : 0) - (expected.get(name) ?? 0);
    if (diff !== 0) differences[name] = diff;
  }
  const changed = Object.keys(differences);
  if (changed.length === 0) return { state: 'reflected' };
  const transfers: number[] = [];
  if (changed.length === 2) {
    // A transfer that never applied leaves its amount in `from` and missing from `to`.
    const [a, b] = changed;
    const [from, to] = differences[a] > 0 ? [a, b] : [b, a];
    const amount = differences[from];
    if (differences[to] === -amount) {
      for (const t of acked) if (t.from === from && t.to === to && t.amount === amount) transfers.push(t.index);
    }
  }
  const report: BankUnreflected = { finalReadIndex: finalRead.index, differences, transfers };
  return { state: 'not-reflected', report: input.key === undefined ? report : { key: input.key, ...report } };
}
