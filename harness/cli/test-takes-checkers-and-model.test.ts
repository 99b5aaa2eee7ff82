import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { main } from '../cli.js';
import { captureIo } from '../test-support/capture-io.js';
import { useTempDir } from '../test-support/temp-dir.js';

// `faultline test --checker … --model …`: the checkers instead of the workload's, and the model
// of every linearizable checker, as `faultline check` takes them; refused before the run starts
// when they cannot work (exit 254, no run folder).

const tempDir = useTempDir('faultline-test-checkers-');
const modelContract = fileURLToPath(new URL('../../core/model.ts', import.meta.url));

const userModel = `import { ILLEGAL } from ${JSON.stringify(modelContract)};
export default function (options: { initial?: unknown }) {
  return {
    name: 'own-register',
    init: () => options.initial ?? null,
    encode: (op: any) => (op.outcome === 'info' && op.f === 'read' ? null : { input: { f: op.f, value: op.value }, output: op.output }),
    step(state: unknown, input: any, output: unknown) {
      if (input.f === 'write') return input.value;
      if (input.f === 'read') return output === state ? state : ILLEGAL;
      return state === input.value[0] ? input.value[1] : ILLEGAL;
    },
    equal: (a: unknown, b: unknown) => a === b,
    hash: (s: unknown) => (typeof s === 'number' ? s : -1),
    describeState: (s: unknown) => JSON.stringify(s),
    describeOperation: (input: any) => input.f + ' ' + JSON.stringify(input.value),
  };
}
`;

const userChecker = `export default {
  name: 'counts-ops',
  summary: 'counts completed operations',
  check: (history: any[]) => ({ valid: true, completed: history.filter((op) => op.type === 'ok').length }),
};
`;

async function faultline(cwd: string, ...args: string[]) {
  const io = captureIo(cwd);
  const code = await main(['test', '--target', 'memory', '--time-limit', '1', '--rate', '200', '--json', ...args], io);
  return { code, io, results: () => JSON.parse(io.out()) };
}

describe('faultline test --checker and --model', () => {
  it('runs the named checkers (a module among them) instead of the workload, and the given model in each linearizable checker', async () => {
    const cwd = tempDir();
    writeFileSync(join(cwd, 'model.ts'), userModel);
    writeFileSync(join(cwd, 'checker.ts'), userChecker);
    const run = await faultline(cwd, '--checker', 'linearizable', '--checker', './checker.ts', '--model', './model.ts');
    expect(run.code, run.io.err()).toBe(0);
    const { checkers } = run.results();
    expect(Object.keys(checkers).sort()).toEqual(['counts-ops', 'linearizable', 'stats']);
    expect(checkers.linearizable).toMatchObject({ valid: true, model: 'own-register' });
    expect(checkers['counts-ops'].completed).toBeGreaterThan(0);
  });

  it("gives --model to the workload's own linearizable checker when no --checker is named", async () => {
    const cwd = tempDir();
    writeFileSync(join(cwd, 'model.ts'), userModel);
    const run = await faultline(cwd, '--model', './model.ts');
    expect(run.code, run.io.err()).toBe(0);
    expect(run.results().checkers.linearizable.model).toBe('own-register');
  });

  it('refuses a model when none of the named checkers takes one', async () => {
    const cwd = tempDir();
    const run = await faultline(cwd, '--checker', 'stats', '--model', 'register');
    expect(run.code).toBe(254);
    expect(run.io.err()).toContain("faultline: model: only the linearizable checker takes a model, and this run's checkers are stats");
    expect(existsSync(join(cwd, 'runs'))).toBe(false);
  });

  it('refuses an unknown model or checker before the run starts', async () => {
    const cwd = tempDir();
    const model = await faultline(cwd, '--model', 'no-such-model');
    expect(model.code).toBe(254);
    expect(model.io.err()).toMatch(/model.*no-such-model/);
    const checker = await faultline(cwd, '--checker', 'no-such-checker');
    expect(checker.code).toBe(254);
    expect(checker.io.err()).toContain('no checker named "no-such-checker"');
    expect(existsSync(join(cwd, 'runs'))).toBe(false);
  });

  it('records the model in test.json, so the run says what it was checked against', async () => {
    const cwd = tempDir();
    const run = await faultline(cwd, '--model', 'cas-register');
    expect(run.code, run.io.err()).toBe(0);
    expect(JSON.parse(readFileSync(join(cwd, 'runs', 'latest', 'test.json'), 'utf8')).config.model).toBe('cas-register');
  });
});
