// How often does each seeded raft-kv bug get caught by its matching faults, and does the
// correct store always pass? Runs the CLI in-process, one run after another, and prints a
// table. Usage:
//   node --import tsx scripts/catch-rate.ts [--runs 10] [--time-limit 60] [--only no-fsync,none]
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { main } from '../harness/cli.js';

interface Case {
  bug: string;
  workload: string;
  nemesis: string;
}

const CASES: Case[] = [
  { bug: 'none', workload: 'register', nemesis: 'partition,pause,kill,clock' },
  { bug: 'stale-read', workload: 'register', nemesis: 'partition' },
  { bug: 'early-commit', workload: 'register', nemesis: 'partition' },
  { bug: 'lease-read', workload: 'register', nemesis: 'clock,partition' },
  { bug: 'no-fsync', workload: 'set', nemesis: 'kill' },
  { bug: 'forget-vote', workload: 'register', nemesis: 'kill,partition' },
];

function flag(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : fallback;
}

const runs = Number(flag('runs', '10'));
const timeLimit = flag('time-limit', '60');
const interval = flag('nemesis-interval', '5');
const only = flag('only', '').split(',').filter(Boolean);
const silent = new Writable({ write: (_c, _e, done) => done() });

for (const c of CASES.filter((k) => only.length === 0 || only.includes(k.bug))) {
  const verdicts: string[] = [];
  for (let seed = 1; seed <= runs; seed++) {
    const cwd = mkdtempSync(join(tmpdir(), 'faultline-catch-'));
    try {
      const args = ['test', '--workload', c.workload, '--nemesis', c.nemesis, '--nemesis-interval', interval, '--time-limit', timeLimit, '--seed', String(seed)];
      if (c.bug !== 'none') args.push('--bug', c.bug);
      const code = await main(args, { stdout: silent, stderr: silent, cwd, handleSignals: false });
      const results = JSON.parse(readFileSync(join(cwd, 'runs', 'latest', 'results.json'), 'utf8')) as { valid: unknown };
      verdicts.push(code === 1 ? 'invalid' : code === 0 ? 'valid' : `exit ${code} (${String(results.valid)})`);
    } catch (err) {
      verdicts.push(`error: ${(err as Error).message}`);
    } finally {
      rmSync(cwd, { recursive: true, force: true });
    }
    console.log(`${c.bug.padEnd(13)} ${c.workload.padEnd(9)} ${c.nemesis.padEnd(28)} seed ${seed}: ${verdicts.at(-1)}`);
  }
  const caught = verdicts.filter((v) => v === 'invalid').length;
  const passed = verdicts.filter((v) => v === 'valid').length;
  console.log(`== ${c.bug}: ${c.bug === 'none' ? `${passed}/${runs} valid` : `${caught}/${runs} caught`} (${timeLimit}s runs, --nemesis ${c.nemesis})`);
}
