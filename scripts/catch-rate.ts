// How often does each seeded raft-kv bug get caught by its matching faults, and does the
// correct store always pass? Runs the CLI in-process, one run after another (seeds 1…runs),
// and prints one line per run and a table at the end. A bug counts as caught only when a
// consistency checker (linearizable, set-full, …) finds the history invalid; the stats
// checker's "some operation never succeeded" is a health signal, not a catch, and is shown
// apart. Usage:
//   node --import tsx scripts/catch-rate.ts [--runs 10] [--time-limit 60] [--nemesis-interval 5]
//        [--only stale-read,none] [--first-seed 1] [--concurrency 10] [--rate 100] [--keep DIR] [--json FILE] [--ci]
// --only takes case names (below; the unaimed comparison cases run only when named); --keep
// copies into DIR the run folder of every run whose verdict is not the expected one, and of
// each bug's first catch; --json writes the table and every verdict. --ci measures the runs CI
// makes instead (targets/raft-kv/test-support/seeded-bug-runs.ts): each bug with its own time
// limit, interval and seed, that same seed --runs times (timing still varies from run to run).
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { main } from '../harness/cli.js';
import { ConfigError } from '../core/errors.js';
import { SEEDED_BUG_RUNS } from '../targets/raft-kv/test-support/seeded-bug-runs.js';
import { consistencyVerdict, failedCheckers, type RunResults, type Verdict } from './catch-verdict.js';

interface Case {
  /** What --only names. */
  name: string;
  bug: string | null;
  workload: string;
  nemesis: string;
  /** Why these faults, in a few words, for the table. */
  why: string;
  /** Run only when named in --only. */
  comparison?: boolean;
  /** Overrides --nemesis-interval for this case. */
  interval?: string;
  /** Overrides --time-limit for this case (seconds). */
  timeLimit?: string;
  /** Every run of this case uses this seed (the CI runs), instead of first-seed, first-seed + 1, … */
  seed?: number;
  /** Overrides --concurrency (default: faultline's, 10). */
  concurrency?: number;
  /** Overrides --rate (default: faultline's, 100 operations per second). */
  rate?: number;
}

/**
 * Each bug with the faults that expose it, and the correct store under every fault there is
 * (the aimed kinds share operation names with the plain ones, so they get cases of their own).
 */
const CASES: Case[] = [
  { name: 'none', bug: null, workload: 'register', nemesis: 'partition,pause,kill,clock', why: 'every plain fault, overlapping' },
  {
    name: 'none-aimed',
    bug: null,
    workload: 'register',
    nemesis: 'isolate-skewed-leader,kill-majority,pause',
    why: 'the aimed faults of lease-read and no-fsync',
  },
  { name: 'none-restart', bug: null, workload: 'register', nemesis: 'partition-restart,pause,clock', why: 'the aimed fault of forget-vote' },
  { name: 'none-set', bug: null, workload: 'set', nemesis: 'kill-majority,partition,pause', why: 'the faults that make no-fsync lose elements' },
  { name: 'stale-read', bug: 'stale-read', workload: 'register', nemesis: 'partition', why: 'a cut-off follower answers from its old state' },
  {
    name: 'none-isolate',
    bug: null,
    workload: 'register',
    nemesis: 'isolate-leader,kill,pause,clock',
    why: 'the aimed fault of early-commit, with the other plain kinds',
  },
  { name: 'early-commit', bug: 'early-commit', workload: 'register', nemesis: 'isolate-leader', why: 'a cut-off leader acknowledges writes no majority has' },
  // A lease is caught only by a client that reaches the cut-off leader after the others elected
  // a new one, which happens about once per cut: more cuts per run (a shorter interval) help.
  {
    name: 'lease-read',
    bug: 'lease-read',
    workload: 'register',
    nemesis: 'isolate-skewed-leader',
    why: 'a leader clock stepped back, then cut off',
    interval: '3',
  },
  { name: 'no-fsync', bug: 'no-fsync', workload: 'set', nemesis: 'kill-majority', why: 'every node (or a majority holding the leader) crashes at once' },
  { name: 'forget-vote', bug: 'forget-vote', workload: 'register', nemesis: 'partition-restart', why: 'restarts behind a partition next to a deposed leader' },
  // For comparison, not in the default set: the same bugs under the plain, unaimed kinds.
  {
    name: 'early-commit-plain',
    bug: 'early-commit',
    workload: 'register',
    nemesis: 'partition',
    why: 'unaimed: a random partition cuts the leader off about one time in three',
    comparison: true,
  },
  {
    name: 'lease-read-plain',
    bug: 'lease-read',
    workload: 'register',
    nemesis: 'clock,partition',
    why: 'unaimed: needs a backward step and a cut to meet',
    comparison: true,
  },
  { name: 'no-fsync-plain', bug: 'no-fsync', workload: 'set', nemesis: 'kill', why: 'unaimed: one kill in five takes every node', comparison: true },
  {
    name: 'forget-vote-plain',
    bug: 'forget-vote',
    workload: 'register',
    nemesis: 'kill,partition',
    why: 'unaimed: needs a restart next to a deposed leader',
    comparison: true,
  },
];

function flag(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && i + 1 < process.argv.length ? process.argv[i + 1] : fallback;
}

function positive(name: string, fallback: string): number {
  const value = Number(flag(name, fallback));
  if (!Number.isInteger(value) || value < 1) throw new ConfigError(`--${name}`, `must be a positive integer, got ${JSON.stringify(flag(name, fallback))}`);
  return value;
}

const runs = positive('runs', '10');
const firstSeed = positive('first-seed', '1');
const timeLimit = flag('time-limit', '60');
const interval = flag('nemesis-interval', '5');
const only = flag('only', '').split(',').filter(Boolean);
const keep = flag('keep', '');
const jsonFile = flag('json', '');
const ci = process.argv.includes('--ci');
/** The runs CI makes, one per seeded bug, named ci-<bug>. */
const CI_CASES: Case[] = SEEDED_BUG_RUNS.map((r) => ({
  name: `ci-${r.bug}`,
  bug: r.bug,
  workload: r.workload,
  nemesis: r.nemesis,
  why: r.why,
  interval: String(r.intervalS),
  timeLimit: String(r.timeLimitS),
  seed: r.seed,
  concurrency: r.concurrency,
  rate: r.rate,
}));
const concurrencyFlag = process.argv.includes('--concurrency') ? positive('concurrency', '10') : undefined;
const rateFlag = process.argv.includes('--rate') ? positive('rate', '100') : undefined;
const known = ci ? CI_CASES : CASES;
const unknownCases = only.filter((name) => !known.some((c) => c.name === name));
if (unknownCases.length) throw new ConfigError('--only', `unknown case(s) ${unknownCases.join(', ')} (choose ${known.map((c) => c.name).join(', ')})`);
const silent = new Writable({ write: (_c, _e, done) => done() });

interface Row {
  case: string;
  bug: string;
  workload: string;
  nemesis: string;
  interval: string;
  timeLimit: string;
  why: string;
  runs: number;
  /** Caught (invalid) for a bug, passed (valid) for the correct store. */
  expected: number;
  verdicts: Array<{ seed: number; verdict: Verdict; exitCode: number | null; failed: string[]; seconds: number }>;
}

/** An explicit --nemesis-interval wins over a case's own. */
function intervalOf(c: Case): string {
  return process.argv.includes('--nemesis-interval') ? interval : (c.interval ?? interval);
}

/** An explicit --time-limit wins over a case's own. */
function timeLimitOf(c: Case): string {
  return process.argv.includes('--time-limit') ? timeLimit : (c.timeLimit ?? timeLimit);
}

function argsFor(c: Case, seed: number): string[] {
  const args = [
    'test',
    '--workload',
    c.workload,
    '--nemesis',
    c.nemesis,
    '--nemesis-interval',
    intervalOf(c),
    '--time-limit',
    timeLimitOf(c),
    '--seed',
    String(seed),
  ];
  if (c.bug) args.push('--bug', c.bug);
  const concurrency = concurrencyFlag ?? c.concurrency;
  if (concurrency !== undefined) args.push('--concurrency', String(concurrency));
  const rate = rateFlag ?? c.rate;
  if (rate !== undefined) args.push('--rate', String(rate));
  return args;
}

const rows: Row[] = [];
for (const c of known.filter((k) => (only.length === 0 ? !k.comparison : only.includes(k.name)))) {
  const row: Row = {
    case: c.name,
    bug: c.bug ?? 'none',
    workload: c.workload,
    nemesis: c.nemesis,
    interval: intervalOf(c),
    timeLimit: timeLimitOf(c),
    why: c.why,
    runs,
    expected: 0,
    verdicts: [],
  };
  rows.push(row);
  const want: Verdict = c.bug ? 'invalid' : 'valid';
  for (let run = 0; run < runs; run++) {
    const seed = c.seed ?? firstSeed + run;
    const cwd = mkdtempSync(join(tmpdir(), 'faultline-catch-'));
    const began = performance.now();
    let verdict: Verdict;
    let failed: string[] = [];
    let exitCode: number | null = null;
    try {
      const code = await main(argsFor(c, seed), { stdout: silent, stderr: silent, cwd, handleSignals: false });
      exitCode = code;
      const results = JSON.parse(readFileSync(join(cwd, 'runs', 'latest', 'results.json'), 'utf8')) as RunResults;
      failed = failedCheckers(results);
      verdict = consistencyVerdict(results, code);
      const firstCaught = verdict === want && c.bug !== null && row.expected === 0;
      if (keep && (verdict !== want || firstCaught))
        cpSync(join(cwd, 'runs'), join(keep, `${c.name}-seed${seed}-run${run + 1}`), { recursive: true, dereference: false });
    } catch (err) {
      verdict = `error: ${(err as Error).message}`;
    } finally {
      rmSync(cwd, { recursive: true, force: true });
    }
    if (verdict === want) row.expected++;
    const seconds = Math.round((performance.now() - began) / 1000);
    row.verdicts.push({ seed, verdict, exitCode, failed, seconds });
    console.log(
      `${c.name.padEnd(13)} ${c.workload.padEnd(9)} ${c.nemesis.padEnd(42)} seed ${String(seed).padStart(2)}: ${verdict}${failed.length ? ` (invalid: ${failed.join(', ')})` : ''} [exit ${exitCode ?? '-'}, ${seconds}s]`,
    );
  }
  const tally = c.bug ? `${row.expected}/${runs} caught` : `${row.expected}/${runs} passed`;
  console.log(
    `== ${c.name}: ${tally} (${row.timeLimit}s runs, --nemesis ${c.nemesis}, --nemesis-interval ${row.interval}, --workload ${c.workload}${c.seed === undefined ? '' : `, --seed ${c.seed}`})`,
  );
}

console.log(`\n| bug | workload | --nemesis | interval | time limit | seeds | why | result |\n|---|---|---|---|---|---|---|---|`);
for (const row of rows) {
  const seeds = [...new Set(row.verdicts.map((v) => v.seed))];
  const seedText = seeds.length === 1 ? `${seeds[0]} (×${row.runs})` : `${seeds[0]}…${seeds[seeds.length - 1]}`;
  const seconds = row.verdicts.map((v) => v.seconds);
  const mean = seconds.length ? Math.round(seconds.reduce((a, b) => a + b, 0) / seconds.length) : 0;
  console.log(
    `| ${row.bug} | ${row.workload} | ${row.nemesis} | ${row.interval} s | ${row.timeLimit} s | ${seedText} | ${row.why} | ${row.expected}/${row.runs} ${row.bug === 'none' ? 'passed' : 'caught'} (mean ${mean} s per run) |`,
  );
}
if (jsonFile) writeFileSync(jsonFile, `${JSON.stringify({ timeLimit, interval, firstSeed, rows }, null, 2)}\n`);
