import { readFileSync, realpathSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../harness/cli.js';
import { parseHistoryJsonl } from '../../core/history-reader.js';
import { captureIo } from '../../harness/test-support/capture-io.js';
import { useTempDir } from '../../harness/test-support/temp-dir.js';
import { listFaultlineChains } from '../local/iptables.js';
import { faultPrerequisites } from '../test-support/prerequisites.js';

// The aimed kinds raft-kv offers, in real runs of the correct store: every step recorded with
// what it hit, everything undone before the final phase, nothing left behind, and no anomaly.

const tempDir = useTempDir();
let ready = false;
beforeAll(async () => {
  ready = (await faultPrerequisites()).ok;
});

async function runWith(nemesis: string, seed: number) {
  const cwd = tempDir();
  const io = captureIo(cwd);
  const code = await main(['test', '--nemesis', nemesis, '--nemesis-interval', '2s', '--time-limit', '16', '--seed', String(seed), '--rate', '50'], io);
  const runDir = realpathSync(join(cwd, 'runs', 'latest'));
  const { history } = parseHistoryJsonl(readFileSync(join(runDir, 'history.jsonl'), 'utf8'));
  const faults = history.filter((o) => o.process === 'nemesis' && o.type !== 'invoke');
  return { code, faults, output: io.out() + io.err() };
}

async function leftoverChains(): Promise<string[]> {
  // Other suites may be running their own runtimes; ours are named after this process.
  return (await listFaultlineChains()).filter((c) => c.startsWith(`faultline-${process.pid}-`));
}

describe('aimed faults in a raft-kv run', () => {
  it('partition-restart isolates the leader, crashes and restarts the new leader’s electors behind the moved cut, and heals', async (ctx) => {
    if (!ready) return ctx.skip();
    const { code, faults, output } = await runWith('partition-restart', 21);
    const recorded = JSON.stringify(faults);
    expect(
      faults.every((o) => o.error === undefined),
      recorded,
    ).toBe(true);
    // The run's end may cut a script short (its stop still comes); the first one runs whole.
    const firstScript = faults.slice(0, 4);
    expect(
      firstScript.map((o) => o.f),
      recorded,
    ).toEqual(['start-partition', 'kill', 'start-partition', 'start']);
    const [cut, kill, moved, restart] = firstScript.map((o) => o.value as Record<string, unknown>);
    expect(kill.deposed).toBe(cut.isolated);
    expect(moved.isolated).toBe(kill.newPrimary);
    expect(restart.nodes).toEqual(kill.nodes);
    expect(
      faults.slice(-2).map((o) => o.f),
      recorded,
    ).toEqual(['stop-partition', 'start']);
    expect(await leftoverChains()).toEqual([]);
    expect(code, output).toBe(0);
  }, 180_000);

  it('isolate-skewed-leader and kill-majority aim at the leader, are recorded step by step, and heal', async (ctx) => {
    if (!ready) return ctx.skip();
    const { code, faults, output } = await runWith('isolate-skewed-leader,kill-majority', 5);
    const recorded = JSON.stringify(faults);
    expect(
      faults.every((o) => o.error === undefined),
      recorded,
    ).toBe(true);
    const bumps = faults.filter((o) => o.f === 'bump-clock');
    expect(bumps.length, recorded).toBeGreaterThanOrEqual(1);
    // A bump right before the heal phase may be a script the run's end cut short.
    for (const bump of bumps.filter((o) => faults.indexOf(o) < faults.length - 4)) {
      const next = faults[faults.indexOf(bump) + 1];
      expect(next.f, recorded).toBe('start-partition');
      expect(Object.keys((bump.value as { offsets: object }).offsets)).toEqual([(next.value as { isolated: string }).isolated]);
    }
    const kills = faults.filter((o) => o.f === 'kill');
    expect(kills.length, recorded).toBeGreaterThanOrEqual(1);
    for (const kill of kills) expect((kill.value as { nodes: string[] }).nodes.length).toBeGreaterThanOrEqual(2);
    expect(
      faults.slice(-3).map((o) => o.f),
      recorded,
    ).toEqual(['stop-partition', 'reset-clock', 'start']);
    expect(await leftoverChains()).toEqual([]);
    expect(code, output).toBe(0);
  }, 180_000);
});
