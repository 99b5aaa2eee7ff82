import { describe, expect, it } from 'vitest';
import { isolate } from '../../nemesis/grudge.js';
import type { BugName } from './server/bugs.js';
import { trackClusters, untilOk } from './test-support/index.js';

const clusters = trackClusters();

describe('seeded bug early-commit', () => {
  it.each<[string, BugName[], 'ok' | 'info']>([
    ['with the bug, a leader cut off from its followers acknowledges a write the new majority never sees', ['early-commit'], 'ok'],
    ['without it, the cut-off leader cannot acknowledge the write', [], 'info'],
  ])('%s', async (_title, bugs, cutOffWrite) => {
    const cluster = await clusters.start({ size: 3, bugs });
    const { leader } = await cluster.waitForLeader({ timeoutMs: 30_000 });
    const leaderClient = cluster.client(leader, 3000);
    await untilOk(() => leaderClient.write('x', 'kept'));

    await cluster.runtime.partition(isolate(cluster.names, leader));
    expect(await leaderClient.write('x', 'acknowledged-then-lost')).toMatchObject({ type: cutOffWrite });

    const others = cluster.names.filter((name) => name !== leader);
    const { leader: next } = await cluster.waitForLeader({ among: others, timeoutMs: 30_000 });
    // With the bug this read shows a lost write: the acknowledged value is not there.
    expect(await untilOk(() => cluster.client(next).read('x'))).toMatchObject({ value: 'kept' });
    await cluster.runtime.heal();
  });
});
