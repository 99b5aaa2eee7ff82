import { expect, it } from 'vitest';
import type { KvOutcome } from './client.js';
import { trackClusters, untilOk } from './test-support/index.js';

const clusters = trackClusters();

it('SIGKILL of the leader under load: a new leader takes over, no acknowledged append is lost, no failed one appears', async () => {
  const cluster = await clusters.start({ size: 5 });
  const { leader: first } = await cluster.waitForLeader({ timeoutMs: 30_000 });

  const acknowledged: string[] = [];
  const failed: string[] = [];
  let stop = false;
  const writers = cluster.names.map(async (name, w) => {
    const client = cluster.client(name, 3000);
    for (let i = 0; i < 400 && !stop; i++) {
      const token = `w${w}.${i};`;
      const outcome: KvOutcome<unknown> = await client.append('log', token);
      if (outcome.type === 'ok') acknowledged.push(token);
      else if (outcome.type === 'fail') failed.push(token);
      if (outcome.type !== 'ok') await new Promise((resolve) => setTimeout(resolve, 20));
    }
  });

  await new Promise((resolve) => setTimeout(resolve, 700));
  const beforeKill = acknowledged.length;
  await cluster.runtime.kill(first);
  const { leader: second } = await cluster.waitForLeader({ timeoutMs: 30_000, notLeader: first });
  await new Promise((resolve) => setTimeout(resolve, 500));
  stop = true;
  await Promise.all(writers);

  expect(second).not.toBe(first);
  expect(beforeKill).toBeGreaterThan(0);
  expect(acknowledged.length).toBeGreaterThan(beforeKill);
  const log = await untilOk(() => cluster.client(second).read('log'));
  const present = new Set(
    String(log.value)
      .split(';')
      .filter(Boolean)
      .map((token) => `${token};`),
  );
  expect(acknowledged.filter((token) => !present.has(token))).toEqual([]);
  expect(failed.filter((token) => present.has(token))).toEqual([]);

  // The killed node comes back and catches up from the leader's log.
  await cluster.runtime.start(first);
  const target = (await cluster.client(second).status()).commitIndex;
  await cluster.waitForApplied(first, target, 20_000);
  const statuses = await cluster.waitForStatuses((all) => {
    const applied = Object.values(all).map((s) => s?.lastApplied);
    return applied.every((a) => a === applied[0]);
  }, 20_000);
  expect(new Set(Object.values(statuses).map((s) => s?.digest)).size).toBe(1);
});
