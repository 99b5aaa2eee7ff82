import { pairIndex, type History, type Key } from '../../../core/history.js';

// When the rw-register inference can see everything: a register's reads name a version but
// not its place among the others, so the checker knows a key's version order only from the
// initial state (nil precedes every version) and, with wfrKeys, from transactions that read
// one version and then wrote the next. Where those facts leave two versions unordered, an
// anomaly may hide in the order nobody revealed (Elle's rw-register has the same boundary).
// Written independently of the checker, for the property tests.

/** True when, for every key, those facts order every pair of its versions that may have been installed. */
export function registerVersionsRecoverable(history: History): boolean {
  const pairs = pairIndex(history);
  const versions = new Map<Key, unknown[]>();
  const readThenWrote = new Map<Key, [unknown, unknown][]>();
  for (let i = 0; i < history.length; i++) {
    const op = history[i];
    if (op.type !== 'invoke' || op.process === 'nemesis') continue;
    const j = pairs[i];
    const type = j < 0 ? 'info' : history[j].type;
    if (type === 'fail') continue;
    const mops = (type === 'ok' ? history[j].value : op.value) as [string, Key, unknown][];
    const firstRead = new Map<Key, unknown>();
    const lastWrite = new Map<Key, unknown>();
    const touched = new Set<Key>();
    for (const [f, k, v] of mops) {
      if (f === 'r' && !touched.has(k) && type === 'ok') firstRead.set(k, v ?? null);
      if (f === 'w') lastWrite.set(k, v);
      touched.add(k);
    }
    for (const [k, v] of lastWrite) {
      versions.set(k, [...(versions.get(k) ?? []), v]);
      if (firstRead.has(k)) readThenWrote.set(k, [...(readThenWrote.get(k) ?? []), [firstRead.get(k), v]]);
    }
  }
  for (const [k, vs] of versions) {
    const nodes: unknown[] = [null, ...vs];
    const after = new Map<unknown, Set<unknown>>(nodes.map((v) => [v, new Set<unknown>(v === null ? vs : [])]));
    for (const [a, b] of readThenWrote.get(k) ?? []) after.get(a)?.add(b);
    // Floyd–Warshall style closure; keys hold a handful of versions here.
    for (const m of nodes) for (const a of nodes) if (after.get(a)?.has(m)) for (const b of after.get(m) ?? []) after.get(a)?.add(b);
    for (const a of nodes) for (const b of nodes) if (a !== b && !after.get(a)?.has(b) && !after.get(b)?.has(a)) return false;
  }
  return true;
}
