import { readFileSync, realpathSync } from 'node:fs';
import { join } from 'node:path';
import { main } from '../../../harness/cli.js';
import { parseHistoryJsonl } from '../../../core/history-reader.js';
import type { Op } from '../../../core/history.js';
import { captureIo } from '../../../harness/test-support/capture-io.js';

// The CLI in-process, as a user would call it, in a folder the test owns: run folders land in
// <cwd>/runs.

export interface CliRun {
  code: number;
  out: string;
  err: string;
}

export async function runCli(cwd: string, args: readonly string[]): Promise<CliRun> {
  const io = captureIo(cwd);
  const code = await main(args, io);
  return { code, out: io.out(), err: io.err() };
}

export interface RunFolder {
  dir: string;
  test: { config: Record<string, any> };
  results: { valid: boolean | 'unknown'; checkers: Record<string, any> };
  history: Op[];
  log: string;
}

/** The run folder `runs/latest` points at, or the one given. */
export function readRun(cwd: string, dir = realpathSync(join(cwd, 'runs', 'latest'))): RunFolder {
  const read = (name: string) => readFileSync(join(dir, name), 'utf8');
  return {
    dir,
    test: JSON.parse(read('test.json')),
    results: JSON.parse(read('results.json')),
    history: parseHistoryJsonl(read('history.jsonl')).history,
    log: read('harness.log'),
  };
}
