import { expect, it } from 'vitest';
import type { NodeStatus } from './protocol/messages.js';
import { trackClusters, untilOk } from './test-support/index.js';

const clusters = trackClusters();

it('writes through the leader and through followers reach every node, which end with equal state', async () => {
  const cluster = await clusters.start({ size: 3 });
  const { leader } = await cluster.waitForLeader({ timeoutMs: 30_000 });
  const clients = cluster.names.map((name) => cluster.client(name));

  for (let i = 0; i < 30; i++) {
    const client = clients[i % clients.length];
    await untilOk(() => client.write(`k${i % 7}`, i));
  }
  expect(await clients[0].append('log', 'a')).toMatchObject({ type: 'ok', node: leader });
  expect(await clients[1].append('log', 'b')).toMatchObject({ type: 'ok', node: leader });
  expect(await clients[2].cas('k0', 28, 'cas-ed')).toMatchObject({ type: 'ok', value: [28, 'cas-ed'] });

  const leaderStatus = await cluster.client(leader).status();
  const statuses = await cluster.waitForStatuses((all) => Object.values(all).every((s) => s !== null && s.lastApplied >= leaderStatus.commitIndex));
  const digests = new Set(Object.values(statuses).map((s) => (s as NodeStatus).digest));
  expect(digests.size).toBe(1);

  // Every node answers reads with the same, latest values.
  for (const client of clients) {
    expect(await client.read('log')).toMatchObject({ type: 'ok', value: 'ab' });
    expect(await client.read('k0')).toMatchObject({ type: 'ok', value: 'cas-ed' });
    expect(await client.read('k6')).toMatchObject({ type: 'ok', value: 27 });
    expect(await client.read('missing')).toMatchObject({ type: 'ok', value: null });
  }
});

it('a cas whose expected value does not match is a definite failure and changes nothing', async () => {
  const cluster = await clusters.start({ size: 3 });
  await cluster.waitForLeader({ timeoutMs: 30_000 });
  const follower = cluster.client(cluster.names[2]);
  await untilOk(() => follower.write('x', 'one'));

  expect(await follower.cas('x', 'two', 'three')).toMatchObject({ type: 'fail', error: expect.stringContaining('cas-mismatch') });
  expect(await follower.cas('never-written', 1, 2)).toMatchObject({ type: 'fail' });
  expect(await follower.read('x')).toMatchObject({ type: 'ok', value: 'one' });
  expect(await follower.read(1)).toMatchObject({ type: 'ok', value: null });
  expect(await follower.write(1, 'number key')).toMatchObject({ type: 'ok' });
  expect(await follower.read('1')).toMatchObject({ type: 'ok', value: null });
  expect(await follower.read(1)).toMatchObject({ type: 'ok', value: 'number key' });
});
