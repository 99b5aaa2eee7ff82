import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { trackClusters, untilOk } from './test-support/index.js';

const clusters = trackClusters();

it('a follower that missed more than the leader kept in its log is sent the snapshot and ends with equal state', async () => {
  const cluster = await clusters.start({ size: 3, snapshotEvery: 40 });
  const { leader } = await cluster.waitForLeader({ timeoutMs: 30_000 });
  const lagging = cluster.names.find((name) => name !== leader) as string;
  await cluster.runtime.kill(lagging);

  const client = cluster.client(leader);
  for (let i = 0; i < 200; i++) await untilOk(() => client.write(`k${i % 13}`, `v${i}`));
  const leaderStatus = await client.status();
  expect(leaderStatus.snapshotIndex).toBeGreaterThan(100);

  await cluster.runtime.start(lagging);
  await cluster.waitForApplied(lagging, leaderStatus.commitIndex, 20_000);
  const caughtUp = await cluster.client(lagging).status();
  expect(caughtUp.digest).toBe(leaderStatus.digest);
  expect(caughtUp.snapshotIndex).toBeGreaterThan(0);
  expect(readFileSync(cluster.node(lagging).logFile, 'utf8')).toContain('snapshot-installed');
});

it('a node restarted after compaction recovers its state from its own snapshot and log', async () => {
  const cluster = await clusters.start({ size: 3, snapshotEvery: 25 });
  const { leader } = await cluster.waitForLeader({ timeoutMs: 30_000 });
  const client = cluster.client(leader);
  for (let i = 0; i < 90; i++) await untilOk(() => client.append(`k${i % 5}`, `${i},`));
  const before = await client.status();
  await cluster.waitForStatuses((all) => Object.values(all).every((s) => s !== null && s.lastApplied >= before.commitIndex));

  await Promise.all(cluster.names.map((name) => cluster.runtime.kill(name)));
  await Promise.all(cluster.names.map((name) => cluster.runtime.start(name)));
  const { leader: next } = await cluster.waitForLeader({ timeoutMs: 30_000 });
  const value = await untilOk(() => cluster.client(next).read('k3'));
  expect(value.value).toBe(Array.from({ length: 18 }, (_, n) => `${n * 5 + 3},`).join(''));
  for (const name of cluster.names) expect(readFileSync(cluster.node(name).logFile, 'utf8')).toMatch(/recovered .*snapshotIndex=[1-9]/);
});
