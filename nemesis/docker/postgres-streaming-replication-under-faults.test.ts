import { chmodSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { postgresContainerNeeds } from '../../targets/postgres/container.js';
import { findPostgresBinDir } from '../../targets/postgres/install.js';
import { postgresAvailable } from '../../targets/postgres/test-support/postgres-available.js';
import { nemesisOn } from '../test-support/nemesis-on.js';
import { postgresServerCommand, StreamingPair } from '../test-support/postgres-replication.js';
import { eventually } from '../test-support/redis-replication.js';
import { dockerFixture } from './test-support/fixture.js';
import { dockerPrerequisites } from './test-support/prerequisites.js';

// The local runtime's PostgreSQL streaming replication test, on containers. The node image is
// assembled from this machine's files with what the postgres target declares its nodes need
// (ContainerNeeds: the server, its libraries and share folder, the postgres account), so both
// servers run the very binaries the local test runs, as the postgres user, each in its own
// container; the primary's folder (initdb) and the standby's (pg_basebackup -R from the harness)
// are made here and copied into each node's volume at its first start.

const prereq = await dockerPrerequisites();
const binDir = findPostgresBinDir();
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe.skipIf(!prereq.ok || !postgresAvailable)('PostgreSQL streaming replication under a partition on the Docker runtime', () => {
  const fixture = dockerFixture();
  const pairs: StreamingPair[] = [];
  afterEach(async () => {
    for (const pair of pairs.splice(0)) await pair.close();
  });

  it('the standby’s received WAL stops under a verified cut and catches up after the verified heal', async () => {
    const runDir = fixture.runDir();
    chmodSync(runDir, 0o755);
    const runtime = await fixture.create({
      nodes: ['p1', 'p2'],
      port: 5432,
      runDir,
      needs: postgresContainerNeeds(binDir!),
      command: (node) => postgresServerCommand(binDir!, node),
      killTimeoutMs: 20_000,
    });
    const pair = new StreamingPair(binDir!, runtime, runtime.node('p1'), runtime.node('p2'));
    pairs.push(pair);
    await pair.start();
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
      `postgres streaming replication on docker, partition (applied/verified/not applied): ${e.applied}/${e.verified}/${e.notApplied}, undos ${e.undosVerified}/${e.undos}`,
    );
    expect(e).toMatchObject({ faults: 1, applied: 1, verified: 1, notApplied: 0, undos: 1, undosVerified: 1 });
  }, 300_000);
});
