import { expect, it } from 'vitest';
import { trackClusters, untilOk } from './test-support/index.js';

const clusters = trackClusters();

it('a SIGSTOPped leader is replaced and, resumed, steps down without answering a read with the old value', async () => {
  const cluster = await clusters.start({ size: 3 });
  const { leader: old, term } = await cluster.waitForLeader({ timeoutMs: 30_000 });
  const oldClient = cluster.client(old, 10_000);
  expect(await untilOk(() => oldClient.write('x', 'before'))).toMatchObject({ value: 'before' });

  await cluster.runtime.pause(old);
  // Sent while the leader is stopped: it waits in the socket until the process runs again.
  const readDuringPause = oldClient.read('x');
  const others = cluster.names.filter((name) => name !== old);
  const { leader: next, term: nextTerm } = await cluster.waitForLeader({ among: others, timeoutMs: 30_000 });
  expect(nextTerm).toBeGreaterThan(term);
  expect(await untilOk(() => cluster.client(next).write('x', 'after'))).toMatchObject({ value: 'after' });

  await cluster.runtime.resume(old);
  const readAfterResume = await oldClient.read('x');
  const pausedRead = await readDuringPause;
  for (const outcome of [pausedRead, readAfterResume]) {
    if (outcome.type === 'ok') expect(outcome.value).toBe('after');
  }

  const settled = await cluster.waitForStatuses((all) => all[old]?.role === 'follower' && all[old]?.leader === next);
  expect(settled[old]?.term).toBeGreaterThanOrEqual(nextTerm);
  expect(await untilOk(() => oldClient.read('x'))).toMatchObject({ value: 'after' });
});
