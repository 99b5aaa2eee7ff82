import { expect, it } from 'vitest';
import { isolate } from '../../nemesis/grudge.js';
import { trackClusters, untilOk } from './test-support/index.js';

const clusters = trackClusters();

it('a leader cut off from its followers acknowledges nothing and serves no read; after healing it follows the new leader', async () => {
  const cluster = await clusters.start({ size: 3 });
  const { leader: old } = await cluster.waitForLeader({ timeoutMs: 30_000 });
  const oldClient = cluster.client(old, 3000);
  await untilOk(() => oldClient.write('x', 1));

  await cluster.runtime.partition(isolate(cluster.names, old));
  const others = cluster.names.filter((name) => name !== old);
  const { leader: next } = await cluster.waitForLeader({ among: others, timeoutMs: 30_000 });
  await untilOk(() => cluster.client(next).write('x', 2));

  // The old leader may still believe it leads, but it cannot confirm that with a majority.
  const write = await oldClient.write('y', 'lost?');
  expect(write.type).toBe('info');
  const read = await oldClient.read('x');
  expect(read.type).not.toBe('ok');

  await cluster.runtime.heal();
  await cluster.waitForStatuses((all) => all[old]?.role === 'follower' && all[old]?.leader !== null, 20_000);
  expect(await untilOk(() => oldClient.read('x'))).toMatchObject({ value: 2 });
});
