import { afterEach, describe, expect, it } from 'vitest';
import { faultPrerequisites, redisAvailable } from '../test-support/prerequisites.js';
import { nemesisOn } from '../test-support/nemesis-on.js';
import { eventually, linkStatus, plainRedisCommand, RedisWatch, replicationField } from '../test-support/redis-replication.js';
import { runtimeFixture } from '../test-support/runtime-fixture.js';

// Real redis-server replication, configured as an operator would (listening on 0.0.0.0, the
// replica dialling its primary from whatever address the kernel picks), under faults applied
// the way a run applies them. Each fault is judged twice from outside: by the nemesis's own check,
// recorded with the operation, and by what redis itself reports — the replica's offset stops
// while the primary's goes on, then catches up after the heal.

const prereq = await faultPrerequisites();
const hasRedis = await redisAvailable();
if (!hasRedis && process.env.CI === 'true') throw new Error('the redis replication test needs redis-server on CI');

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe.skipIf(!prereq.ok || !hasRedis)('redis-server replication under faults on the local runtime', () => {
  const fixture = runtimeFixture();
  const watches: RedisWatch[] = [];
  afterEach(async () => {
    for (const w of watches.splice(0)) await w.close();
  });

  it('a partition stops the replica’s offset while the primary’s grows, and the heal lets it catch up; pause, kill and clock are verified too', async () => {
    const runtime = fixture.create({
      nodes: ['r1', 'r2'],
      basePort: 6379,
      command: (node, cluster) => plainRedisCommand(node, node.name === 'r2' ? cluster[0] : undefined),
    });
    await runtime.start('r1');
    await runtime.start('r2');
    const watch = new RedisWatch();
    watches.push(watch);
    const primary = watch.connect(runtime.node('r1'));
    const replica = watch.connect(runtime.node('r2'));
    await eventually('the replica links to its primary', async () => (await linkStatus(replica)) === 'up', 30_000);
    // The replica dials from an address it did not choose: its node's, the only one it has.
    const replicas = (await primary.call('CLIENT', 'LIST', 'TYPE', 'replica')) as string;
    expect(replicas).toContain(`addr=${runtime.node('r2').host}:`);
    watch.startWriting(primary);
    await eventually('the replica follows', async () => (await replicationField(replica, 'slave_repl_offset')) > 0, 10_000);

    const { nemesis, perform } = await nemesisOn(runtime, ['partition', 'pause', 'kill', 'clock']);

    // The cut: verified by the nemesis, and seen in redis's own numbers.
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

    // A paused primary: every process frozen; the replica's offset stops with it.
    const paused = await perform('pause', ['r1']);
    expect(paused.effect.outcome, JSON.stringify(paused.effect)).toBe('verified');
    const beforeResume = await replicationField(replica, 'slave_repl_offset');
    await sleep(1_500);
    expect(await replicationField(replica, 'slave_repl_offset')).toBe(beforeResume);
    expect((await perform('resume', 'all')).effect.outcome).toBe('verified');
    await eventually('the replica moves again after the resume', async () => (await replicationField(replica, 'slave_repl_offset')) > beforeResume, 30_000);

    // A clock offset on the primary: the nemesis sees redis read it, and TIME says so too.
    const bumped = await perform('bump-clock', { targets: ['r1'], ms: 3_600_000 });
    expect(bumped.effect.outcome, JSON.stringify(bumped.effect)).toBe('verified');
    const [seconds] = await primary.time();
    expect(Number(seconds) * 1000 - Date.now()).toBeGreaterThan(3_590_000);
    expect((await perform('reset-clock', 'all')).effect.outcome).toBe('verified');

    // A killed replica has no process left; restarted, it syncs again from scratch.
    const killed = await perform('kill', ['r2']);
    expect(killed.effect.outcome, JSON.stringify(killed.effect)).toBe('verified');
    expect((await perform('start', 'all')).effect.outcome).toBe('verified');
    await eventually('the restarted replica links again', async () => (await linkStatus(replica)) === 'up', 30_000);

    const effects = nemesis.effects();
    console.log(
      `redis replication, faults (applied/verified/not applied): ${JSON.stringify(Object.fromEntries(Object.entries(effects.kinds).map(([k, e]) => [k, `${e.applied}/${e.verified}/${e.notApplied}, undos ${e.undosVerified}/${e.undos}`])))}`,
    );
    for (const e of Object.values(effects.kinds)) {
      expect(e).toMatchObject({ faults: 1, applied: 1, verified: 1, notApplied: 0, undos: 1, undosVerified: 1 });
    }
    expect(watch.writes).toBeGreaterThan(100);
  }, 240_000);
});
