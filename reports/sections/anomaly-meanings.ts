// One line per transactional anomaly, in our own words, for readers who do not know Adya's
// names by heart. Process and realtime variants share their base's meaning plus the order
// they lean on.

const BASE: Record<string, string> = Object.assign(Object.create(null), {
  G0: 'write cycle (dirty write): transactions overwrote each other in a cycle, so no order of their writes exists.',
  G1a: 'aborted read: a transaction saw a value written by a transaction that failed.',
  G1b: 'intermediate read: a transaction saw a value that its writer later replaced within the same transaction, a state that never committed.',
  G1c: 'circular information flow: each transaction in the cycle saw or overwrote the next one’s writes, so none can have come first.',
  'G-single': 'read skew: a cycle with exactly one anti-dependency; one transaction saw part of another’s effects but not the rest.',
  'G-nonadjacent': 'a cycle whose anti-dependencies are never next to each other; snapshot isolation forbids it.',
  'G2-item': 'anti-dependency cycle (write skew): transactions each missed the others’ writes, so no serial order explains what they read.',
  internal: 'a transaction’s read disagrees with its own earlier writes or reads in that transaction.',
  'future-read': 'a transaction read a value it had not written yet: it saw its own future.',
  'duplicate-elements': 'a read shows one appended element twice, though every append is unique.',
  'incompatible-order': 'two reads of one key disagree on the order of its elements; no single history of the key explains both.',
  'dirty-update': 'a committed write built on a version that only a failed transaction wrote.',
  'lost-update': 'two transactions read the same version of a key and both wrote it; one of the updates was silently lost.',
  'cyclic-versions': 'the orders in which the key’s versions must have been installed form a cycle.',
  'garbage-read': 'a read saw a value that no transaction ever wrote.',
});

export function anomalyMeaning(type: string): string {
  const variant = /^(.*)-(process|realtime)$/.exec(type);
  if (variant && BASE[variant[1]]) {
    const order =
      variant[2] === 'process'
        ? 'each process’s own order of transactions'
        : 'real-time order (a transaction that finished before another began must precede it)';
    return `${BASE[variant[1]]} The cycle needs ${order}.`;
  }
  return BASE[type] ?? 'an anomaly this report has no description for; see the explanation below.';
}
