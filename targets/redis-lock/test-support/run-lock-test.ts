import { existsSync, readdirSync, readFileSync, realpathSync } from 'node:fs';
import { join } from 'node:path';
import type { LockDetails } from '../../../checkers/lock/index.js';
import { main } from '../../../harness/cli.js';
import { parseHistoryJsonl } from '../../../core/history-reader.js';
import type { History } from '../../../core/history.js';
import { captureIo } from '../../../harness/test-support/capture-io.js';
import { listFaultlineChains } from '../../../nemesis/local/iptables.js';

export interface LockRun {
  code: number;
  output: string;
  runDir: string;
  history: History;
  /** The lock checker's verdict with its details (intervals, violations, resource). */
  lock: LockDetails & { valid: boolean | 'unknown'; reason?: string };
  faults: History;
}

/** A process that is still there and not a zombie. */
function alive(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return !/^\d+ \(.*\) Z/.test(stat);
  } catch {
    return false;
  }
}

/** Every process a run's nodes started, from the markers in their logs, that is still alive. */
export function leftoverNodeProcesses(runDir: string): string[] {
  const nodesDir = join(runDir, 'nodes');
  if (!existsSync(nodesDir)) return [];
  const left: string[] = [];
  for (const file of readdirSync(nodesDir).filter((f) => f.endsWith('.log'))) {
    for (const match of readFileSync(join(nodesDir, file), 'utf8').matchAll(/started pid (\d+)/g)) {
      if (alive(Number(match[1]))) left.push(`${file.replace(/\.log$/, '')} (pid ${match[1]})`);
    }
  }
  return left;
}

/**
 * Runs `faultline test --target redis-lock …` in `cwd` (a temp folder the caller removes) and
 * reads back what the lock checker said. Throws, naming them, if the run left node processes
 * or its iptables chain behind.
 */
export async function runLockTest(cwd: string, args: readonly string[]): Promise<LockRun> {
  const io = captureIo(cwd);
  // Runtimes of this process alive before the run (a test's own servers) keep their chains.
  const before = new Set(await listFaultlineChains());
  const code = await main(['test', '--target', 'redis-lock', ...args], io);
  const output = io.out() + io.err();
  const latest = join(cwd, 'runs', 'latest');
  if (!existsSync(latest)) throw new Error(`the run left no run folder (exit ${code}):\n${output}`);
  const runDir = realpathSync(latest);
  const left = leftoverNodeProcesses(runDir);
  if (left.length) throw new Error(`the run left node processes behind: ${left.join(', ')}`);
  const chains = (await listFaultlineChains()).filter((c) => c.startsWith(`faultline-${process.pid}-`) && !before.has(c));
  if (chains.length) throw new Error(`the run left iptables chains behind: ${chains.join(', ')}`);
  const { history } = parseHistoryJsonl(readFileSync(join(runDir, 'history.jsonl'), 'utf8'));
  const results = JSON.parse(readFileSync(join(runDir, 'results.json'), 'utf8')) as { checkers: Record<string, unknown> };
  const lock = results.checkers.lock as LockRun['lock'];
  if (!lock) throw new Error(`results.json has no lock verdict (exit ${code}):\n${output}`);
  return { code, output, runDir, history, lock, faults: history.filter((o) => o.process === 'nemesis') };
}

/** One line that says what a run found, for assertion messages. */
export function summary(run: LockRun): string {
  const r = run.lock.resource;
  return [
    `exit ${run.code}, lock ${String(run.lock.valid)}${run.lock.reason ? ` (${run.lock.reason})` : ''}`,
    `acquires ${JSON.stringify(run.lock.acquires)}, overlapping pairs ${run.lock.violationCount}, ambiguous ${run.lock.ambiguousCount}`,
    `writes ${JSON.stringify(r.writes)}, lost updates ${r.lostUpdates.length}, overwritten ${r.overwritten.length}, fencing violations ${r.fencingViolations.length}`,
    `faults: ${run.faults.map((f) => `${f.f} ${JSON.stringify(f.value)}`).join('; ')}`,
    `run: ${run.runDir}`,
  ].join('\n');
}
