import { describe, expect, it } from 'vitest';
import { isolate } from '../../nemesis/grudge.js';
import type { BugName } from './server/bugs.js';
import { trackClusters, untilOk } from './test-support/index.js';

const clusters = trackClusters();

describe('seeded bug stale-read', () => {
  it.each<[string, BugName[], 'stale' | 'refused']>([
    ['with the bug, a lagging follower answers a read with a value older than an acknowledged write', ['stale-read'], 'stale'],
    ['without it, the same follower refuses to answer rather than answer stale', [], 'refused'],
  ])('%s', async (_title, bugs, expected) => {
    const cluster = await clusters.start({ size: 3, bugs });
    const { leader } = await cluster.waitForLeader({ timeoutMs: 30_000 });
    const [lagging] = cluster.names.filter((name) => name !== leader);
    const leaderClient = cluster.client(leader);
    await untilOk(() => leaderClient.write('x', 'old'));
    await cluster.waitForApplied(lagging, (await leaderClient.status()).commitIndex);

    // Cut off from its peers (clients still reach it), the follower never hears of the second write.
    await cluster.runtime.partition(isolate(cluster.names, lagging));
    expect(await leaderClient.write('x', 'new')).toMatchObject({ type: 'ok' });

    const read = await cluster.client(lagging, 4000).read('x');
    if (expected === 'stale') expect(read).toMatchObject({ type: 'ok', value: 'old', node: lagging });
    else expect(read.type).not.toBe('ok');
    await cluster.runtime.heal();
  });
});
