import { readFileSync, realpathSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { CheckedResults } from '../../harness/check.js';
import { main } from '../../harness/cli.js';
import { parseHistoryJsonl } from '../../core/history-reader.js';
import { pairIndex, type Op } from '../../core/history.js';
import { captureIo } from '../../harness/test-support/capture-io.js';
import { useTempDir } from '../../harness/test-support/temp-dir.js';
import { faultPrerequisites } from '../../nemesis/test-support/prerequisites.js';
import { faultsInContext, type FaultInContext } from '../../reports/context/index.js';
import { nodeEvents, type NodeEvent } from './test-support/node-log.js';
import { seededBugArgs, SEEDED_BUG_RUNS, type SeededBugRun } from './test-support/seeded-bug-runs.js';

// The whole pipeline, once per seeded bug: a real cluster, the fault aimed at the bug, the
// history, the checker. Each run must be caught by a consistency checker (not stats; a run
// that is not is repeated, at most four times in all), its aimed faults must have taken
// effect, as the nodes' own logs tell (an election behind a cut, a restart, a clock that
// moved), and the anomaly must name its operations' nodes. Every client worker stays on its
// node: worker w on n((w mod 3) + 1), whatever its process was renumbered to.

const tempDir = useTempDir();
let ready = false;
beforeAll(async () => {
  ready = (await faultPrerequisites()).ok;
});

const NODES = ['n1', 'n2', 'n3'];
/** faultline's default --concurrency. */
const DEFAULT_CONCURRENCY = 10;
/** Node wall clocks and the history's clock are lined up through test.json's start time, give or take. */
const SLACK_MS = 1_500;

interface Run {
  spec: SeededBugRun;
  code: number;
  output: string;
  runDir: string;
  history: Op[];
  results: CheckedResults;
  faults: FaultInContext[];
  /** The nemesis's completions. */
  nemesis: Op[];
  logs: Record<string, NodeEvent[]>;
  /** Wall-clock ms of history time 0, near enough. */
  startedAt: number;
}

async function runBug(spec: SeededBugRun): Promise<Run> {
  const cwd = tempDir();
  const io = captureIo(cwd);
  const code = await main(seededBugArgs(spec), io);
  const runDir = realpathSync(join(cwd, 'runs', 'latest'));
  const { history } = parseHistoryJsonl(readFileSync(join(runDir, 'history.jsonl'), 'utf8'));
  const results = JSON.parse(readFileSync(join(runDir, 'results.json'), 'utf8')) as CheckedResults;
  const test = JSON.parse(readFileSync(join(runDir, 'test.json'), 'utf8')) as { startedAt: string };
  const logs = Object.fromEntries(NODES.map((n) => [n, nodeEvents(runDir, n)]));
  return {
    spec,
    code,
    output: io.out() + io.err(),
    runDir,
    history,
    results,
    faults: faultsInContext(history),
    nemesis: history.filter((o) => o.process === 'nemesis' && o.type !== 'invoke'),
    logs,
    startedAt: Date.parse(test.startedAt),
  };
}

/**
 * A run per attempt until the bug's checker catches it, at most `RUN_ATTEMPTS`. Timing varies
 * from run to run even with one seed; scripts/catch-rate.ts --ci measures how often the first
 * attempt catches (the README has the numbers). The returned run is the one that caught it.
 */
const RUN_ATTEMPTS = 4;

async function runUntilCaught(spec: SeededBugRun): Promise<Run> {
  const verdicts: string[] = [];
  let run: Run | undefined;
  for (let attempt = 1; attempt <= RUN_ATTEMPTS; attempt++) {
    run = await runBug(spec);
    const valid = run.results.checkers[spec.checker]?.valid;
    verdicts.push(`attempt ${attempt}: ${spec.checker} ${String(valid)} (exit ${run.code})`);
    if (valid === false) break;
  }
  if (verdicts.length > 1) console.info(`${spec.bug}: ${verdicts.join('; ')}`);
  return run!;
}

/** A node's events whose wall time falls in the fault window (the node's clock not skewed). */
function during(run: Run, fault: FaultInContext, events: NodeEvent[]): NodeEvent[] {
  const from = run.startedAt + fault.start / 1e6 - SLACK_MS;
  const to = run.startedAt + (fault.endIndex === null ? Infinity : fault.end / 1e6) + SLACK_MS;
  return events.filter((e) => e.wall >= from && e.wall <= to);
}

/** The node a partition cut off from every other, if it did. */
function isolated(fault: FaultInContext): string | undefined {
  return Object.entries(fault.cuts ?? {}).find(([, cut]) => cut.length === NODES.length - 1)?.[0];
}

/** Nodes other than `except` that won an election while the fault was in force. */
function electedDuring(run: Run, fault: FaultInContext, except: string | undefined): string[] {
  return NODES.filter((n) => n !== except && during(run, fault, run.logs[n]).some((e) => e.event === 'role' && e.fields.to === 'leader'));
}

function expectCaughtByConsistencyChecker(run: Run, spec: SeededBugRun): void {
  const verdicts = run.results.checkers;
  expect(verdicts[spec.checker]?.valid, `${spec.checker}: ${JSON.stringify(verdicts[spec.checker]).slice(0, 300)}\n${run.output}`).toBe(false);
  expect(run.code).toBe(1);
  // The anomaly in context names the nodes that served its operations.
  const anomalies = (run.results.anomalies ?? []).filter((a) => a.checker === spec.checker);
  expect(anomalies.length).toBeGreaterThan(0);
  for (const a of anomalies) for (const op of a.operations.filter((o) => o.outcome === 'ok')) expect(NODES, op.text).toContain(op.node);
}

/**
 * Every invocation went to its worker's node, renumbered process or not. An invocation names no
 * node only when its worker had no open client as it began, because opening one failed while
 * its node was down: the process's first operation, or one after an operation that failed with
 * "could not open a client" (the client is opened again as the operation starts). Returns how
 * many invocations of renumbered processes named their node.
 */
function expectWorkersKeptTheirNodes(run: Run): number {
  const concurrency = run.spec.concurrency ?? DEFAULT_CONCURRENCY;
  const pairs = pairIndex(run.history);
  /** Per process, the completion of its last operation (null when it had none). */
  const last = new Map<number, Op | null>();
  let named = 0;
  for (const op of run.history) {
    if (op.type !== 'invoke' || typeof op.process !== 'number') continue;
    const where = `process ${op.process} at #${op.index}`;
    const first = !last.has(op.process);
    const before = last.get(op.process);
    last.set(op.process, pairs[op.index] >= 0 ? run.history[pairs[op.index]] : null);
    if (op.node === undefined) {
      const clientless = first || /^could not open a client/.test(before?.error ?? '');
      expect(clientless, `${where} names no node, though its process's client was open`).toBe(true);
    } else {
      named++;
      expect(op.node, where).toBe(NODES[(op.process % concurrency) % NODES.length]);
    }
  }
  expect(named).toBeGreaterThan(0);
  return run.history.filter((o) => o.type === 'invoke' && o.node !== undefined && typeof o.process === 'number' && o.process >= concurrency).length;
}

function expectFaultsApplied(run: Run, fs: string[]): void {
  const recorded = JSON.stringify(run.nemesis).slice(0, 2000);
  expect(run.nemesis.filter((o) => fs.includes(o.f)).length, recorded).toBeGreaterThan(0);
  expect(
    run.nemesis.every((o) => o.error === undefined),
    recorded,
  ).toBe(true);
}

const spec = (bug: string) => SEEDED_BUG_RUNS.find((s) => s.bug === bug)!;

describe('every seeded raft-kv bug is caught end to end under its aimed fault', () => {
  it(`stale-read: ${spec('stale-read').why}`, async (ctx) => {
    if (!ready) return ctx.skip();
    const run = await runUntilCaught(spec('stale-read'));
    expectCaughtByConsistencyChecker(run, spec('stale-read'));
    expectFaultsApplied(run, ['start-partition']);
    // Some node noticed a peer it was cut from go silent while the cut was in force.
    const partitions = run.faults.filter((f) => f.kind === 'partition');
    const noticed = partitions.some((f) =>
      Object.entries(f.cuts ?? {}).some(([node, cut]) =>
        during(run, f, run.logs[node]).some((e) => (e.event === 'peer-down' || e.event === 'peer-unreachable') && cut.includes(e.fields.peer)),
      ),
    );
    expect(noticed, JSON.stringify(partitions.map((f) => f.label))).toBe(true);
    // results.json says what the cuts exercised: operations invoked during them, on every node.
    const covered = (run.results.faultWindows ?? []).filter((w) => w.kind === 'partition' && w.coverage.invoked > 0);
    expect(covered.length).toBeGreaterThan(0);
    expect(covered.some((w) => NODES.every((n) => (w.coverage.byNode[n]?.invoked ?? 0) > 0))).toBe(true);
    expectWorkersKeptTheirNodes(run);
  }, 240_000);

  it(`early-commit: ${spec('early-commit').why}`, async (ctx) => {
    if (!ready) return ctx.skip();
    const run = await runUntilCaught(spec('early-commit'));
    expectCaughtByConsistencyChecker(run, spec('early-commit'));
    expectFaultsApplied(run, ['start-partition']);
    const cuts = run.nemesis.filter((o) => o.f === 'start-partition');
    for (const cut of cuts) expect((cut.value as { topology: string }).topology).toBe('isolate-primary');
    // While the leader was cut off, the others elected another.
    const elections = run.faults.filter((f) => f.kind === 'partition').map((f) => electedDuring(run, f, isolated(f)));
    expect(
      elections.some((e) => e.length > 0),
      JSON.stringify(elections),
    ).toBe(true);
    expectWorkersKeptTheirNodes(run);
  }, 240_000);

  it(`lease-read: ${spec('lease-read').why}`, async (ctx) => {
    if (!ready) return ctx.skip();
    const run = await runUntilCaught(spec('lease-read'));
    expectCaughtByConsistencyChecker(run, spec('lease-read'));
    expectFaultsApplied(run, ['bump-clock', 'start-partition']);
    const bump = run.nemesis.find((o) => o.f === 'bump-clock')!;
    const [[skewed, ms]] = Object.entries((bump.value as { offsets: Record<string, number> }).offsets);
    expect(ms).toBeLessThan(0);
    const cut = run.nemesis[run.nemesis.indexOf(bump) + 1];
    expect(cut).toMatchObject({ f: 'start-partition', value: { isolated: skewed } });
    // The skewed node's own wall clock jumped back by the offset against its monotonic clock.
    const offsets = run.logs[skewed].map((e) => e.wall - e.mono * 1000);
    const jumps = offsets.slice(1).map((o, i) => o - offsets[i]);
    expect(
      jumps.some((j) => Math.abs(j - ms) < 1_000),
      `${skewed} clock steps ${JSON.stringify(jumps.filter((j) => Math.abs(j) > 500))}`,
    ).toBe(true);
    // And the others elected a new leader while it was cut off.
    const window = run.faults.find((f) => f.startIndex === cut.index)!;
    expect(electedDuring(run, window, skewed).length).toBeGreaterThan(0);
    expectWorkersKeptTheirNodes(run);
  }, 240_000);

  it(`forget-vote: ${spec('forget-vote').why}`, async (ctx) => {
    if (!ready) return ctx.skip();
    const run = await runUntilCaught(spec('forget-vote'));
    expectCaughtByConsistencyChecker(run, spec('forget-vote'));
    expectFaultsApplied(run, ['start-partition', 'kill', 'start']);
    const kill = run.nemesis.find((o) => o.f === 'kill' && (o.value as { nodes: string[] }).nodes.length > 0)!;
    expect(kill, JSON.stringify(run.nemesis)).toBeDefined();
    const { nodes: electors, newPrimary } = kill.value as { nodes: string[]; newPrimary: string };
    // The new primary won its election on its own account, before its electors were killed.
    expect(run.logs[newPrimary].some((e) => e.event === 'role' && e.fields.to === 'leader' && e.wall <= run.startedAt + kill.time / 1e6 + SLACK_MS)).toBe(true);
    for (const elector of electors) {
      // Each elector came back as a new process, which (the bug) recovered at term 0.
      const restarts = run.logs[elector].filter((e) => e.event === 'recovered' && e.life > 0);
      expect(restarts.length, elector).toBeGreaterThan(0);
      expect(restarts.some((e) => e.fields.term === '0' && e.fields.votedFor === 'none')).toBe(true);
    }
    // Operations in flight to the killed nodes were lost (info): their processes were renumbered and stayed.
    expect(expectWorkersKeptTheirNodes(run)).toBeGreaterThan(0);
  }, 300_000);

  it(`no-fsync: ${spec('no-fsync').why}`, async (ctx) => {
    if (!ready) return ctx.skip();
    const run = await runUntilCaught(spec('no-fsync'));
    expectCaughtByConsistencyChecker(run, spec('no-fsync'));
    expect((run.results.checkers['set-full'] as unknown as { outcomes: { lost: number } }).outcomes.lost).toBeGreaterThan(0);
    expectFaultsApplied(run, ['kill', 'start']);
    const kills = run.nemesis.filter((o) => o.f === 'kill');
    for (const kill of kills) expect((kill.value as { nodes: string[] }).nodes.length).toBeGreaterThanOrEqual(2);
    // Every node a kill took down came back as a new process, and the cluster elected a leader again.
    const killed = new Set(kills.flatMap((k) => (k.value as { nodes: string[] }).nodes));
    for (const node of killed) expect(Math.max(...run.logs[node].map((e) => e.life)), node).toBeGreaterThan(0);
    expect(NODES.some((n) => run.logs[n].some((e) => e.life > 0 && e.event === 'role' && e.fields.to === 'leader'))).toBe(true);
    expect(expectWorkersKeptTheirNodes(run)).toBeGreaterThan(0);
  }, 300_000);
});
