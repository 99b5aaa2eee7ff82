import { describe, expect, it } from 'vitest';
import type { LockDetails } from '../../checkers/lock/index.js';
import { readRunFile, runCli } from '../../nemesis/docker/test-support/cli-run.js';
import { dockerPrerequisites } from '../../nemesis/docker/test-support/prerequisites.js';
import { redisLockTestsCanRun } from './test-support/index.js';

// redis-lock on --runtime docker, as a user runs it: every redis-server and every lock client a
// container, the fenced resource in the harness at its address on the run's network. Kleppmann's
// Redlock example (a master's clock jumps, two clients hold the lock) and a primary's failover to
// an unsynchronised replica happen there as they do on the local runtime. (The other scenarios,
// client-pause, net-delay and restart, use the same pause, kill and start as these.)

const prereq = await dockerPrerequisites();
const ready = prereq.ok && (await redisLockTestsCanRun());

interface Op {
  process: unknown;
  f: string;
  value: unknown;
  error?: string;
}

function faultsOf(history: string): Op[] {
  return history
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as Op)
    .filter((op) => op.process === 'nemesis');
}

describe.skipIf(!ready)('redis-lock on the Docker runtime', () => {
  // The jump is aimed at a moment when one client holds exactly three masters, which may come
  // late on a loaded machine, and whether the overlap is provable depends on when replies land:
  // 30 s of run, and one more run if the first proved nothing.
  it('Redlock on 5 masters under a clock jump admits two holders at once', { retry: 1, timeout: 300_000 }, async () => {
    const run = await runCli([
      'test',
      '--target',
      'redis-lock',
      '--lock',
      'redlock',
      '--runtime',
      'docker',
      '--nemesis',
      'clock-jump',
      '--nemesis-interval',
      '3s',
      '--concurrency',
      '4',
      '--time-limit',
      '30',
      '--seed',
      '4',
    ]);
    expect(run.leftovers).toEqual({ runs: [], containers: 0, volumes: 0, networks: 0 });
    const lock = (run.verdict as { checkers?: { lock?: LockDetails & { valid: unknown } } } | undefined)?.checkers?.lock;
    expect(lock?.valid, run.stderr).toBe(false);
    expect(run.exitCode).toBe(1);
    expect(lock!.violationCount).toBeGreaterThan(0);
    const test = JSON.parse(readRunFile(run, 'test.json')) as { placement: { runtime: string; nodes: { node: string; image: string }[] } };
    expect(test.placement.runtime).toBe('docker');
    expect(test.placement.nodes.map((n) => n.node)).toEqual(['r1', 'r2', 'r3', 'r4', 'r5', 'c1', 'c2', 'c3', 'c4']);
    const jumps = faultsOf(readRunFile(run, 'history.jsonl')).filter((op) => op.f === 'bump-clock' && op.error === undefined);
    expect(jumps.length).toBeGreaterThan(0);
    const [jumped] = Object.keys((jumps[0].value as { offsets: Record<string, number> }).offsets);
    // The master's redis-server in its container saw the offset: its log has the marker, and the key expired early there.
    expect(readRunFile(run, `nodes/${jumped}.log`)).toMatch(/clock offset \+\d+ ms/);
    expect(readRunFile(run, 'harness.log')).toMatch(/resource at 10\.\d+\.\d+\.1:\d+/);
  });

  it('a primary and a replica: a failover to the unsynchronised replica, the old primary back as its replica, to a verdict', async () => {
    const run = await runCli([
      'test',
      '--target',
      'redis-lock',
      '--lock',
      'single',
      '--redis-replicas',
      '1',
      '--runtime',
      'docker',
      '--nemesis',
      'failover',
      '--nemesis-interval',
      '3s',
      '--concurrency',
      '4',
      '--time-limit',
      '15',
      '--seed',
      '2',
    ]);
    expect(run.leftovers).toEqual({ runs: [], containers: 0, volumes: 0, networks: 0 });
    expect([0, 1, 2], run.stderr).toContain(run.exitCode);
    expect(run.verdict?.error, run.stderr).toBeUndefined();
    const faults = faultsOf(readRunFile(run, 'history.jsonl')).filter((op) => op.error === undefined);
    const failover = faults.find((op) => op.f === 'kill' && (op.value as { promoted?: string }).promoted !== undefined);
    expect(failover, JSON.stringify(faults)).toBeDefined();
    expect(failover!.value).toMatchObject({ nodes: ['r1'], promoted: 'r2' });
    // The old primary came back as a replica of the new one: a new container on the same data and address.
    expect(readRunFile(run, 'nodes/r1.log')).toMatch(/the command changed: replacing the container[^]*start: redis-server .*--replicaof 10\.\d+\.\d+\.3 6379/);
  }, 300_000);
});
