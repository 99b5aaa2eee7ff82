import { describe, expect, it } from 'vitest';
import type { BugName } from './server/bugs.js';
import { trackClusters, untilOk } from './test-support/index.js';

const clusters = trackClusters();

describe('seeded bug no-fsync', () => {
  it.each<[string, BugName[], boolean]>([
    ['with the bug, acknowledged writes vanish when every node is killed at once', ['no-fsync'], false],
    ['without it, every acknowledged write survives killing every node at once', [], true],
  ])('%s', async (_title, bugs, survives) => {
    const cluster = await clusters.start({ size: 3, bugs });
    const { leader } = await cluster.waitForLeader({ timeoutMs: 30_000 });
    const client = cluster.client(leader);
    for (let i = 0; i < 5; i++) expect(await client.write(`k${i}`, `v${i}`)).toMatchObject({ type: 'ok' });

    // Well inside the bug's 10 s buffering window.
    await Promise.all(cluster.names.map((name) => cluster.runtime.kill(name)));
    await Promise.all(cluster.names.map((name) => cluster.runtime.start(name)));
    const { leader: next } = await cluster.waitForLeader({ timeoutMs: 30_000 });
    const reader = cluster.client(next);
    const values = [];
    for (let i = 0; i < 5; i++) values.push((await untilOk(() => reader.read(`k${i}`))).value);

    if (survives) expect(values).toEqual(['v0', 'v1', 'v2', 'v3', 'v4']);
    else expect(values).toEqual([null, null, null, null, null]);
  });
});
