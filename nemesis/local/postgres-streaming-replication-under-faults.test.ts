import { chmodSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { findPostgresBinDir } from '../../targets/postgres/install.js';
import { postgresAvailable } from '../../targets/postgres/test-support/postgres-available.js';
import { nemesisOn } from '../test-support/nemesis-on.js';
import { postgresServerCommand, StreamingPair } from '../test-support/postgres-replication.js';
import { faultPrerequisites } from '../test-support/prerequisites.js';
import { eventually } from '../test-support/redis-replication.js';
import { runtimeFixture } from '../test-support/runtime-fixture.js';

// PostgreSQL streaming replication set up as a DBA would (see postgres-replication.ts), under a
// partition applied the way a run applies it: verified by the nemesis, and seen in PostgreSQL's
// own numbers — the standby's received WAL position stops while the primary's goes on, then
// catches up after the heal.

const prereq = await faultPrerequisites();
const binDir = findPostgresBinDir();
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe.skipIf(!prereq.ok || !postgresAvailable)('PostgreSQL streaming replication under a partition on the local runtime', () => {
  const fixture = runtimeFixture();
  const pairs: StreamingPair[] = [];
  // Runs before the fixture stops the runtime: a clean stop leaves no shared memory segment.
  afterEach(async () => {
    for (const pair of pairs.splice(0)) await pair.close();
  });

  it('the standby’s received WAL stops while the primary’s grows, and catches up after the heal', async () => {
    const runDir = fixture.runDir();
    chmodSync(runDir, 0o755);
    const runtime = fixture.create({
      nodes: ['p1', 'p2'],
      basePort: 5432,
      runDir,
      command: (node) => postgresServerCommand(binDir!, node),
      killTimeoutMs: 20_000,
    });
    const pair = new StreamingPair(binDir!, runtime, runtime.node('p1'), runtime.node('p2'));
    pairs.push(pair);
    await pair.start();
    // The walreceiver dialled from an address it did not choose: its node's, the only one it has.
    expect(await pair.standbyAddress()).toBe(`${runtime.node('p2').host}/32`);
    pair.startWriting();

    const { nemesis, perform } = await nemesisOn(runtime, ['partition']);
    await eventually('the standby receives WAL', async () => (await pair.standbyLsn()) > 0n, 10_000);
    const cut = await perform('start-partition', { p1: ['p2'], p2: ['p1'] });
    expect(cut.effect.outcome, JSON.stringify(cut.effect)).toBe('verified');
    await sleep(1_000);
    const standbyAtCut = await pair.standbyLsn();
    const primaryAtCut = await pair.primaryLsn();
    await sleep(3_000);
    expect(await pair.standbyLsn()).toBe(standbyAtCut);
    const primaryLater = await pair.primaryLsn();
    expect(primaryLater).toBeGreaterThan(primaryAtCut);

    const healed = await perform('stop-partition', null);
    expect(healed.effect.outcome, JSON.stringify(healed.effect)).toBe('verified');
    await eventually('the standby catches up after the heal', async () => (await pair.standbyLsn()) >= primaryLater, 90_000);

    const e = nemesis.effects().kinds.partition;
    console.log(
      `postgres streaming replication on the local runtime, partition (applied/verified/not applied): ${e.applied}/${e.verified}/${e.notApplied}, undos ${e.undosVerified}/${e.undos}`,
    );
    expect(e).toMatchObject({ faults: 1, applied: 1, verified: 1, notApplied: 0, undos: 1, undosVerified: 1 });
  }, 300_000);
});
