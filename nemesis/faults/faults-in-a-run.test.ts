import { readFileSync, realpathSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../harness/cli.js';
import { parseHistoryJsonl } from '../../core/history-reader.js';
import { captureIo } from '../../harness/test-support/capture-io.js';
import { useTempDir } from '../../harness/test-support/temp-dir.js';
import { listFaultlineChains } from '../local/iptables.js';
import { faultPrerequisites } from '../test-support/prerequisites.js';

const tempDir = useTempDir();
let ready = false;
beforeAll(async () => {
  ready = (await faultPrerequisites()).ok;
});

describe('faults during a raft-kv run', () => {
  it('records each fault with what was applied and its verified effect, heals them all before the final phase, and leaves no rules behind', async (ctx) => {
    if (!ready) return ctx.skip();
    const cwd = tempDir();
    const io = captureIo(cwd);
    const code = await main(
      ['test', '--nemesis', 'partition,pause,kill,clock', '--nemesis-interval', '1500ms', '--time-limit', '14', '--seed', '11', '--rate', '50'],
      io,
    );
    const runDir = realpathSync(join(cwd, 'runs', 'latest'));
    const { history } = parseHistoryJsonl(readFileSync(join(runDir, 'history.jsonl'), 'utf8'));
    const faults = history.filter((o) => o.process === 'nemesis');
    expect(faults.length).toBeGreaterThanOrEqual(6);
    expect(faults.every((o) => o.type === 'info' && o.error === undefined)).toBe(true);
    const partition = faults.find((o) => o.f === 'start-partition');
    if (partition) expect(partition.value).toMatchObject({ grudge: expect.any(Object) });
    // The heal phase undoes every enabled kind, in order, after the main phase.
    expect(faults.slice(-4).map((o) => o.f)).toEqual(['stop-partition', 'resume', 'start', 'reset-clock']);
    // Each fault and each undo was seen to take effect from outside the nodes — except clock
    // changes the node's program did not see: on a node another fault had killed or paused, or
    // while raft-kv, which reads its wall clock only to stamp log lines, did not ask for the time.
    // The check says which; the clock's effect on programs that do read it is tested with real
    // servers (redis-server) and programs built for it.
    type Check = { fault: string; outcome: string; detail: string };
    const checks = faults.flatMap((o) => (o.value as { effect: { checks: Check[] } }).effect.checks);
    const unseen = checks.filter((c) => c.outcome !== 'verified');
    const explained = / is (not running|paused); its program reads |did not ask for the time in that while/;
    expect(
      unseen.filter((c) => c.fault !== 'clock' || !explained.test(c.detail)),
      JSON.stringify(unseen),
    ).toEqual([]);
    expect(checks.filter((c) => c.outcome === 'verified').length).toBeGreaterThanOrEqual(6);
    const results = JSON.parse(readFileSync(join(runDir, 'results.json'), 'utf8')) as {
      faults: { kinds: Record<string, { applied: number; notApplied: number; notAppliedWhy: { why: string; count: number }[] }> };
    };
    // The schedule's draws share the run's seeded stream with the clients, so which node a draw
    // aims at depends on timing: a pause drawn while a kill of every node is in force has nothing
    // to act on, and says so. Any other reason for a fault not applied is a failure.
    const nothingToActOn = /^nothing to act on /;
    for (const [kind, e] of Object.entries(results.faults.kinds)) {
      expect(
        e.notAppliedWhy.filter((r) => !nothingToActOn.test(r.why)),
        `${kind}: ${JSON.stringify(e)}`,
      ).toEqual([]);
    }
    expect(io.out()).toMatch(/faults \(applied \/ verified \/ not applied\):\n {2}partition +[0-9]+ \/ [0-9]+ \/ 0/);
    // Other suites may be running their own runtimes; ours are named after this process.
    expect((await listFaultlineChains()).filter((c) => c.startsWith(`faultline-${process.pid}-`))).toEqual([]);
    expect(code, io.out() + io.err()).toBe(0);
  }, 120_000);
});
