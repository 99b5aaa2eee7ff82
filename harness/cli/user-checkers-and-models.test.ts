import { symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { corruptRead, registerModel, simulate } from '../../checkers/test-support/index.js';
import { historyToJsonl } from '../../core/history-writer.js';
import { builtCliCommand } from '../test-support/cli-process.js';
import { useTempDir } from '../test-support/temp-dir.js';

// A user's own checker and model, TypeScript files in a folder of their own (loaded as
// CommonJS, outside any "type": "module" package), run by the built CLI as a user types it.

const tempDir = useTempDir('faultline-user-checker-');
const repoModules = fileURLToPath(new URL('../../node_modules', import.meta.url));
const modelContract = fileURLToPath(new URL('../../core/model.ts', import.meta.url));
const memoryTarget = fileURLToPath(new URL('../../targets/memory/target.ts', import.meta.url));

function userFolder(files: Record<string, string>): string {
  const cwd = tempDir();
  symlinkSync(repoModules, join(cwd, 'node_modules'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(cwd, name), text);
  return cwd;
}

function faultline(cwd: string, ...args: string[]) {
  const [node, argv] = builtCliCommand(args);
  return execa(node, argv, { cwd, reject: false, timeout: 120_000, env: { NO_COLOR: '1' } });
}

/** Counts reads and fails the history when any read saw the value its `forbidden` option names. */
const readCounter = `
export default {
  name: 'forbidden-read',
  summary: 'no read may see the forbidden value',
  options: [{ name: 'forbidden', kind: 'json', help: 'the value no read may see' }],
  check(history: any[], options: { forbidden?: unknown }) {
    const reads = history.filter((op) => op.type === 'ok' && op.f === 'read');
    const bad = reads.filter((op) => JSON.stringify(op.value) === JSON.stringify(options.forbidden ?? null));
    if (reads.length === 0) return { valid: 'unknown', reason: 'no read' };
    return bad.length ? { valid: false, badReads: bad.map((op) => op.index) } : { valid: true, reads: reads.length };
  },
};
`;

/** A cas-register written by a user, against the Model contract. */
const userRegister = `
import { ILLEGAL } from ${JSON.stringify(modelContract)};

export default function userRegister(options: { initial?: unknown }) {
  return {
    name: 'user-register',
    init: () => options.initial ?? null,
    encode(op: any) {
      if (op.outcome === 'info' && op.f === 'read') return null;
      return { input: { f: op.f, value: op.value }, output: op.output };
    },
    step(state: unknown, input: any, output: unknown) {
      switch (input.f) {
        case 'write': return input.value;
        case 'read': return output === state ? state : ILLEGAL;
        case 'cas': return state === input.value[0] ? input.value[1] : ILLEGAL;
      }
      return ILLEGAL;
    },
    equal: (a: unknown, b: unknown) => a === b,
    hash: (s: unknown) => (typeof s === 'number' ? s : s === null ? -1 : 7),
    describeState: (s: unknown) => JSON.stringify(s),
    describeOperation: (input: any, output: unknown) => input.f + ' ' + JSON.stringify(input.value) + (output === undefined ? '' : ' → ' + JSON.stringify(output)),
  };
}
`;

const simulated = (corrupt: boolean) => {
  const history = simulate(registerModel({ mix: 'cas-register', keys: 6, values: 5, infoRate: 0.05 }), { seed: 11, workers: 6, operations: 1200 });
  return historyToJsonl(corrupt ? corruptRead(history, 11, { stale: false, values: 5 }) : history);
};

describe("a user's checker and model", () => {
  it('--checker ./module.ts runs the exported checker with its own options', async () => {
    const cwd = userFolder({ 'forbidden.ts': readCounter, 'h.jsonl': simulated(false) });
    const ok = await faultline(cwd, 'check', 'h.jsonl', '--checker', './forbidden.ts', '--forbidden', '"never"', '--json');
    expect(ok.exitCode, ok.stderr).toBe(0);
    expect(JSON.parse(ok.stdout).checkers['forbidden-read']).toMatchObject({ valid: true });
    const bad = await faultline(cwd, 'check', 'h.jsonl', '--checker', './forbidden.ts,stats', '--forbidden', '1', '--json');
    expect(bad.exitCode, bad.stderr).toBe(1);
    expect(JSON.parse(bad.stdout).checkers['forbidden-read'].badReads.length).toBeGreaterThan(0);
  });

  it('--model ./module.ts checks with the user model, on worker threads too, and finds what the built-in finds', async () => {
    const cwd = userFolder({ 'register.ts': userRegister, 'good.jsonl': simulated(false), 'bad.jsonl': simulated(true) });
    const good = await faultline(cwd, 'check', 'good.jsonl', '--checker', 'linearizable', '--model', './register.ts', '--workers', '2', '--json');
    expect(good.exitCode, good.stderr).toBe(0);
    const verdict = JSON.parse(good.stdout).checkers.linearizable;
    expect(verdict.model).toBe('user-register');
    expect(verdict.stats.workers).toBeGreaterThan(0);
    const bad = await faultline(cwd, 'check', 'bad.jsonl', '--checker', 'linearizable', '--model', './register.ts', '--workers', '2', '--json');
    const builtIn = await faultline(cwd, 'check', 'bad.jsonl', '--checker', 'linearizable', '--model', 'cas-register', '--json');
    expect(bad.exitCode, bad.stderr).toBe(builtIn.exitCode);
    expect(bad.exitCode).toBe(1);
  });

  it('refuses a module that is not a checker or a model, naming it (exit 254)', async () => {
    const cwd = userFolder({ 'nothing.ts': 'export default { hello: 1 };\n', 'h.jsonl': simulated(false) });
    const checker = await faultline(cwd, 'check', 'h.jsonl', '--checker', './nothing.ts');
    expect(checker.exitCode).toBe(254);
    expect(checker.stderr).toMatch(/nothing\.ts must default-export a Checker/);
    const model = await faultline(cwd, 'check', 'h.jsonl', '--checker', 'linearizable', '--model', './nothing.ts');
    expect(model.exitCode).toBe(254);
    expect(model.stderr).toMatch(/must default-export a Model .* lacks init, encode, step/);
    expect(model.stderr).not.toMatch(/\n\s+at /);
  });

  it('refuses a checker whose options are not a list of declarations, and names the line a checker crashed at', async () => {
    const badOptions = "export default { name: 'x', summary: 'x', options: { limit: 1 }, check: () => ({ valid: true }) };\n";
    const crashing = ['export default {', "  name: 'crashing', summary: 'throws',", '  check() {', "    throw new Error('boom');", '  },', '};', ''].join('\n');
    const cwd = userFolder({ 'bad-options.ts': badOptions, 'crashing.ts': crashing, 'h.jsonl': simulated(false) });
    const refused = await faultline(cwd, 'check', 'h.jsonl', '--checker', './bad-options.ts');
    expect(refused.exitCode).toBe(254);
    expect(refused.stderr).toMatch(/bad-options\.ts: the checker's options must be an array of option declarations/);
    expect(refused.stderr).not.toMatch(/\n\s+at /);
    const crashed = await faultline(cwd, 'check', 'h.jsonl', '--checker', './crashing.ts', '--json');
    expect(crashed.exitCode).toBe(2);
    expect(JSON.parse(crashed.stdout).checkers.crashing.reason).toMatch(/^checker crashed: boom \(at \/.*crashing\.ts:4:\d+\)$/);
  });

  it('takes checkers from a config file and from a target that brings its own', async () => {
    const target = `
import { memoryTarget } from ${JSON.stringify(memoryTarget)};
import forbidden from './forbidden.ts';
export default {
  ...memoryTarget,
  name: 'memory-with-checker',
  checkers: [forbidden],
  workload(name: string, options: any, context: any) {
    const workload = memoryTarget.workload(name, options, context);
    return { ...workload, checkers: [...workload.checkers, { checker: 'forbidden-read', options: { forbidden: 'never' } }] };
  },
};
`;
    const cwd = userFolder({ 'forbidden.ts': readCounter, 'my-target.ts': target });
    const own = await faultline(cwd, 'test', '--target', './my-target.ts', '--time-limit', '1', '--json');
    expect(JSON.parse(own.stdout).checkers['forbidden-read'], own.stderr).toMatchObject({ valid: true });

    writeFileSync(
      join(cwd, 'faultline.config.json'),
      JSON.stringify({ target: 'memory', timeLimit: '1s', checkers: [{ checker: './forbidden.ts', options: { forbidden: 'never' } }] }),
    );
    const configured = await faultline(cwd, 'test', '--json');
    expect(JSON.parse(configured.stdout).checkers['forbidden-read'], configured.stderr).toMatchObject({ valid: true });
  });
});
