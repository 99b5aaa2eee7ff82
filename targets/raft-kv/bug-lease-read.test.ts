import { describe, expect, it } from 'vitest';
import { isolate } from '../../nemesis/grudge.js';
import type { BugName } from './server/bugs.js';
import { trackClusters, untilOk } from './test-support/index.js';

const clusters = trackClusters();

describe('seeded bug lease-read', () => {
  it.each<[string, BugName[], 'stale' | 'refused']>([
    ['with the bug, a leader whose clock stepped back serves a stale read after a new leader took a write', ['lease-read'], 'stale'],
    ['without it, the same deposed leader refuses the read', [], 'refused'],
  ])('%s', async (_title, bugs, expected) => {
    const cluster = await clusters.start({ size: 3, bugs });
    const { leader } = await cluster.waitForLeader({ timeoutMs: 30_000 });
    const leaderClient = cluster.client(leader, 3000);
    await untilOk(() => leaderClient.write('x', 'old'));
    expect(await leaderClient.read('x')).toMatchObject({ type: 'ok', value: 'old' });

    await cluster.runtime.setClockOffset(leader, -60_000);
    await cluster.runtime.partition(isolate(cluster.names, leader));
    const others = cluster.names.filter((name) => name !== leader);
    const { leader: next } = await cluster.waitForLeader({ among: others, timeoutMs: 30_000 });
    await untilOk(() => cluster.client(next).write('x', 'new'));

    const read = await leaderClient.read('x');
    if (expected === 'stale') expect(read).toMatchObject({ type: 'ok', value: 'old', node: leader });
    else expect(read.type).not.toBe('ok');

    await cluster.runtime.heal();
    await cluster.runtime.resetClock(leader);
  });
});
