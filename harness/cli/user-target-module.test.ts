import { readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { builtCliCommand } from '../test-support/cli-process.js';
import { useTempDir } from '../test-support/temp-dir.js';

// A user's target is a TypeScript file in a folder of their own, outside any "type": "module"
// package (so it loads as CommonJS), run by the built CLI as a user types it.

const tempDir = useTempDir('faultline-user-target-');
const repoModules = fileURLToPath(new URL('../../node_modules', import.meta.url));
const memoryTarget = fileURLToPath(new URL('../../targets/memory/target.ts', import.meta.url));

function userFolder(source: string): string {
  const cwd = tempDir();
  symlinkSync(repoModules, join(cwd, 'node_modules'));
  writeFileSync(join(cwd, 'my-target.ts'), source);
  return cwd;
}

function faultline(cwd: string, ...args: string[]) {
  const [node, argv] = builtCliCommand(args);
  return execa(node, argv, { cwd, reject: false, timeout: 60_000, env: { NO_COLOR: '1' } });
}

const flaggedTarget = `import { z } from 'zod';
import { memoryTarget } from ${JSON.stringify(memoryTarget)};

const optionsSchema = z.object({ serializable: z.boolean().default(false), replicas: z.number().default(1) }).strict();

export default {
  ...memoryTarget,
  name: 'flagged',
  optionsSchema,
  flags: {
    serializable: { type: 'boolean', describe: 'ask for serializable transactions' },
    replicas: { type: 'number', describe: 'replicas per key' },
  },
  workload(name: string, options: z.output<typeof optionsSchema>, context: any) {
    if (options.serializable && options.replicas === 3) throw new Error('options arrived: serializable, 3 replicas');
    return memoryTarget.workload(name, {} as any, context);
  },
};
`;

describe('a target module given by path', () => {
  it("lists the target's own flags in test --help", async () => {
    const cwd = userFolder(flaggedTarget);
    const help = await faultline(cwd, 'test', '--target', './my-target.ts', '--help');
    expect(help.exitCode, help.stderr).toBe(0);
    expect(help.stdout).toMatch(/--serializable\s+flagged: ask for serializable transactions/);
    expect(help.stdout).toMatch(/--replicas\s+flagged: replicas per key/);
  });

  it('takes its flags on the command line and hands them to the target as options', async () => {
    const cwd = userFolder(flaggedTarget);
    const run = await faultline(cwd, 'test', '--target', './my-target.ts', '--serializable', '--replicas', '3', '--time-limit', '1');
    expect(run.stderr).toContain('options arrived: serializable, 3 replicas');
    expect(run.stderr).not.toContain('Unknown argument');
  });

  it('points at the user file and line when the module throws, never at a data: URL', async () => {
    const cwd = userFolder(
      [
        'const ready = false;',
        'function check(): void {',
        "  if (!ready) throw new Error('the launcher is missing');",
        '}',
        'check();',
        'export default {};',
        '',
      ].join('\n'),
    );
    const run = await faultline(cwd, 'test', '--target', './my-target.ts', '--time-limit', '1');
    expect(run.exitCode).toBe(254);
    expect(run.stderr).toContain('the launcher is missing');
    expect(run.stderr).toMatch(/my-target\.ts:3:\d+/);
    expect(run.stderr).not.toContain('data:');
    expect(run.stderr.split('\n').filter(Boolean)).toHaveLength(1);
  });

  it('shows source lines of the user file in the stack of an error thrown during the run', async () => {
    const cwd = userFolder(flaggedTarget);
    const run = await faultline(cwd, 'test', '--target', './my-target.ts', '--serializable', '--replicas', '3', '--time-limit', '1');
    expect(run.exitCode).toBe(255);
    expect(run.stderr).toMatch(/my-target\.ts:15:\d+/);
    expect(run.stderr).not.toContain('data:');
  });

  it('offers its own audit through faultline audit, with its flags, making runs as faultline test does', async () => {
    const auditing = `import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { memoryTarget } from ${JSON.stringify(memoryTarget)};

export default {
  ...memoryTarget,
  name: 'audited',
  audit: {
    describe: 'one short run per seed',
    flags: { seeds: { type: 'number', describe: 'how many runs' } },
    async run(options: { seeds?: number }, context: any) {
      const verdicts: unknown[] = [];
      for (let seed = 1; seed <= (options.seeds ?? 1) && !context.stopRequested(); seed++) {
        const { results } = await context.runTest({ target: 'memory', timeLimit: '300ms', seed, runsDir: context.runsDir });
        verdicts.push(results.valid);
      }
      writeFileSync(join(context.runsDir, 'audit.txt'), verdicts.join(','));
      context.stdout.write('audited ' + verdicts.length + ' runs\\n');
      return 3;
    },
  },
};
`;
    const cwd = userFolder(auditing);
    const help = await faultline(cwd, 'audit', './my-target.ts', '--help');
    expect(help.exitCode, help.stderr).toBe(0);
    expect(help.stdout).toMatch(/--seeds\s+how many runs \[audited\]/);
    const run = await faultline(cwd, 'audit', './my-target.ts', '--seeds', '2');
    expect(run.stdout, run.stderr).toContain('audited 2 runs');
    expect(run.exitCode).toBe(3);
    expect(readFileSync(join(cwd, 'runs', 'audit.txt'), 'utf8')).toBe('true,true');
    const refused = await faultline(cwd, 'audit', './my-target.ts', '--levels', 'serializable');
    expect(refused.exitCode).toBe(254);
    expect(refused.stderr).toContain('the audited audit takes no --levels');
  });
});
