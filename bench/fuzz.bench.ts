import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { allCheckers } from '../checkers/registry.js';
import { runCheckers } from '../harness/check.js';
import { HistoryFormatError } from '../core/errors.js';
import { readHistoryFile } from '../core/history-file.js';
import { CHECKER_WORKLOADS, fuzzCase } from '../harness/test-support/fuzz-histories.js';
import type { BenchModule } from './run.js';

// `npm run bench fuzz`: FUZZ_FILES (default 10,000) mutated real-shaped histories written to
// files, each read by the real file reader and then checked by every checker, as `faultline
// check` does. Counts what happened; crashes must be 0 and so must refusals from inside a
// checker (a malformed operation its declared shape let through).

const FILES = Number(process.env.FUZZ_FILES ?? 10_000);
const SLOW_MS = 10_000;
/** Options that keep every checker within a bounded time on any input. */
const OPTIONS: Record<string, Record<string, unknown>> = {
  linearizable: { timeout: '2s', workers: 0 },
  'list-append': { cycleSearchTimeoutMs: 500 },
  'rw-register': { cycleSearchTimeoutMs: 500 },
};

const fuzz: BenchModule = async (report) => {
  const dir = mkdtempSync(join(tmpdir(), 'faultline-fuzz-'));
  const feeders = Object.keys(CHECKER_WORKLOADS);
  const reader = { files: 0, read: 0, refused: 0, crashed: 0 };
  const rows = new Map(
    allCheckers().map((c) => [c.name, { valid: 0, invalid: 0, unknown: 0, refusedByShape: 0, refusedInside: 0, crashed: 0, slow: 0, maxMs: 0 }]),
  );
  const crashes: string[] = [];
  const started = performance.now();
  try {
    for (let k = 0; k < FILES; k++) {
      const c = fuzzCase(feeders[k % feeders.length], k);
      const file = join(dir, `${k}.${c.format}`);
      writeFileSync(file, c.text);
      reader.files++;
      let read: Awaited<ReturnType<typeof readHistoryFile>>;
      try {
        read = await readHistoryFile(file);
        reader.read++;
      } catch (err) {
        if (err instanceof HistoryFormatError && err.file === file) reader.refused++;
        else {
          reader.crashed++;
          crashes.push(`reader, file ${k}: ${(err as Error)?.stack ?? String(err)}`);
        }
        continue;
      }
      for (const checker of allCheckers()) {
        const row = rows.get(checker.name)!;
        const options = checker.name === c.checker ? c.options : (OPTIONS[checker.name] ?? {});
        const t0 = performance.now();
        try {
          const result = await runCheckers(read.history, [{ checker: checker.name, options }], { source: { file, lines: read.lines }, badInput: 'throw' });
          const verdict = result.checkers[checker.name];
          if (verdict.valid === 'unknown' && verdict.reason.startsWith('checker crashed')) {
            row.crashed++;
            crashes.push(`${checker.name}, file ${k}: ${verdict.reason}`);
          } else row[verdict.valid === true ? 'valid' : verdict.valid === false ? 'invalid' : 'unknown']++;
        } catch (err) {
          if (err instanceof HistoryFormatError && err.file === file) {
            if (err.problem.endsWith(`(the ${checker.name} checker)`)) row.refusedByShape++;
            else row.refusedInside++;
          } else {
            row.crashed++;
            crashes.push(`${checker.name}, file ${k}: ${(err as Error)?.stack ?? String(err)}`);
          }
        }
        const ms = performance.now() - t0;
        row.maxMs = Math.max(row.maxMs, ms);
        if (ms > SLOW_MS) row.slow++;
      }
      if (({} as Record<string, unknown>).polluted !== undefined) crashes.push(`file ${k}: Object.prototype polluted`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  report('reader (JSONL and EDN files)', { ...reader, seconds: (performance.now() - started) / 1000 });
  for (const [name, row] of rows) report(name, row);
  const total = reader.crashed + [...rows.values()].reduce((n, r) => n + r.crashed, 0);
  report('total', { files: FILES, crashes: total, refusedInsideCheckers: [...rows.values()].reduce((n, r) => n + r.refusedInside, 0) });
  for (const line of crashes.slice(0, 20)) console.log(line);
};

export default fuzz;
