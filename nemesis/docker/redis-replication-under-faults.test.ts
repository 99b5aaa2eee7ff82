import { afterEach, describe, expect, it } from 'vitest';
import { redisServerPath } from '../../targets/redis-lock/redis-command.js';
import { redisAvailable } from '../test-support/prerequisites.js';
import { nemesisOn } from '../test-support/nemesis-on.js';
import { eventually, linkStatus, plainRedisCommand, RedisWatch, replicationField } from '../test-support/redis-replication.js';
import { dockerFixture } from './test-support/fixture.js';
import { dockerPrerequisites } from './test-support/prerequisites.js';

// The local runtime's redis replication test, on containers: the node image is assembled from
// this machine's files with redis-server in it, as redis-lock declares it (ContainerNeeds), the
// replica dials its primary from whatever address it has, and the nemesis's verified partition
// (rules and knocks through each node's holder) shows in redis's own numbers — the replica's
// offset stops while the primary's grows, then catches up after the heal.

const prereq = await dockerPrerequisites();
const hasRedis = await redisAvailable();
if (!hasRedis && process.env.CI === 'true') throw new Error('the Docker redis replication test needs redis-server on CI');
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe.skipIf(!prereq.ok || !hasRedis)('redis-server replication under a partition on the Docker runtime', () => {
  const fixture = dockerFixture();
  const watches: RedisWatch[] = [];
  afterEach(async () => {
    for (const w of watches.splice(0)) await w.close();
  });

  it('the replica’s offset stops under a verified cut and catches up after the verified heal', async () => {
    const runtime = await fixture.create({
      nodes: ['r1', 'r2'],
      port: 6379,
      needs: { paths: [redisServerPath()] },
      command: (node, cluster) => plainRedisCommand(node, node.name === 'r2' ? cluster[0] : undefined),
    });
    await runtime.start('r1');
    await runtime.start('r2');
    const watch = new RedisWatch();
    watches.push(watch);
    const primary = watch.connect(runtime.node('r1'));
    const replica = watch.connect(runtime.node('r2'));
    await eventually('the replica links to its primary', async () => (await linkStatus(replica)) === 'up', 60_000);
    expect((await primary.call('CLIENT', 'LIST', 'TYPE', 'replica')) as string).toContain(`addr=${runtime.node('r2').host}:`);
    watch.startWriting(primary);
    await eventually('the replica follows', async () => (await replicationField(replica, 'slave_repl_offset')) > 0, 10_000);

    const { nemesis, perform } = await nemesisOn(runtime, ['partition']);
    const cut = await perform('start-partition', { r1: ['r2'], r2: ['r1'] });
    expect(cut.effect.outcome, JSON.stringify(cut.effect)).toBe('verified');
    await sleep(1_000);
    const replicaAtCut = await replicationField(replica, 'slave_repl_offset');
    const primaryAtCut = await replicationField(primary, 'master_repl_offset');
    await sleep(3_000);
    expect(await replicationField(replica, 'slave_repl_offset')).toBe(replicaAtCut);
    const primaryLater = await replicationField(primary, 'master_repl_offset');
    expect(primaryLater).toBeGreaterThan(primaryAtCut);

    const healed = await perform('stop-partition', null);
    expect(healed.effect.outcome, JSON.stringify(healed.effect)).toBe('verified');
    await eventually('the replica catches up after the heal', async () => (await replicationField(replica, 'slave_repl_offset')) >= primaryLater, 60_000);
    const e = nemesis.effects().kinds.partition;
    console.log(
      `redis replication on docker, partition (applied/verified/not applied): ${e.applied}/${e.verified}/${e.notApplied}, undos ${e.undosVerified}/${e.undos}`,
    );
    expect(e).toMatchObject({ faults: 1, applied: 1, verified: 1, notApplied: 0, undos: 1, undosVerified: 1 });
  }, 300_000);
});
