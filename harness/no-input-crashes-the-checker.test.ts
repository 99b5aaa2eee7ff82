import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { execa } from 'execa';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { builtCliCommand } from './test-support/cli-process.js';
import { CHECKER_WORKLOADS, fuzzCase, runFuzzCase } from './test-support/fuzz-histories.js';
import { useTempDir } from './test-support/temp-dir.js';

// No input crashes faultline check: thousands of mutated real-shaped histories per checker
// (fields, types, nesting, Object.prototype names, truncation, duplicated and reordered
// lines, EDN tokens) each end in a verdict or a refusal naming file, line and field, within
// the time budget; never a crash, never a refusal from inside a checker (its declared shape
// must catch it first), never a polluted prototype. A failure prints the fast-check seed and
// the case's own seed, mutations and text.

const RUNS_PER_CHECKER = Number(process.env.FUZZ_RUNS ?? 2000);
/** Far above what any case takes (a few ms): a search that stops on its own budget stays under it. */
const BUDGET_MS = 10_000;
const tempDir = useTempDir();

describe('no mutated history crashes a checker (in-process, as faultline check runs them)', () => {
  it.each(Object.keys(CHECKER_WORKLOADS))(
    '%s',
    async (checker) => {
      await fc.assert(
        fc.asyncProperty(fc.integer({ min: 0, max: 2 ** 31 - 1 }), async (seed) => {
          const c = fuzzCase(checker, seed);
          const outcome = await runFuzzCase(c);
          const context = `case seed ${seed}, ${c.format}, mutations [${c.mutations.join('; ')}]\n${c.text.slice(0, 2000)}`;
          if (outcome.kind === 'crash') throw new Error(`crash: ${(outcome.error as Error)?.stack ?? String(outcome.error)}\n${context}`);
          if (outcome.kind === 'refused' && outcome.by === 'checker')
            throw new Error(`refused from inside the checker, past its declared shape: ${outcome.error.message}\n${context}`);
          if (outcome.ms > BUDGET_MS) throw new Error(`took ${Math.round(outcome.ms)} ms\n${context}`);
        }),
        { numRuns: RUNS_PER_CHECKER },
      );
    },
    300_000,
  );
});

describe('mutated histories through the built CLI (child processes)', () => {
  it('exit 0, 1, 2 with a verdict, or 254 with one line naming file and line; never a stack trace', async () => {
    const dir = tempDir();
    const seen = new Set<number>();
    for (const [n, checker] of Object.keys(CHECKER_WORKLOADS).entries()) {
      for (const seed of [n * 7919 + 1]) {
        const c = fuzzCase(checker, seed);
        const file = join(dir, `case-${checker}-${seed}.${c.format}`);
        writeFileSync(file, c.text);
        const options = Object.entries(c.options).flatMap(([k, v]) => [`--${k.replace(/[A-Z]/g, (x) => `-${x.toLowerCase()}`)}`, String(v)]);
        const [node, args] = builtCliCommand(['check', file, '--checker', checker, ...options]);
        const result = await execa(node, args, { reject: false, timeout: 60_000 });
        const context = `${checker} seed ${seed} [${c.mutations.join('; ')}]: exit ${result.exitCode}\n${result.stderr}`;
        expect([0, 1, 2, 254], context).toContain(result.exitCode);
        expect(result.stderr, context).not.toMatch(/\n\s+at /);
        if (result.exitCode === 254) expect(result.stderr, context).toMatch(new RegExp(`^faultline: ${file.replace(/[.]/g, '\\.')}:\\d+(:\\d+)?: `));
        else expect(result.stdout, context).toMatch(/verdict: (valid|INVALID|unknown)/);
        seen.add(result.exitCode ?? -1);
      }
    }
    // The cases are varied enough to reach both ends.
    expect(seen.has(254)).toBe(true);
    expect([...seen].some((code) => code <= 2)).toBe(true);
  }, 300_000);
});
