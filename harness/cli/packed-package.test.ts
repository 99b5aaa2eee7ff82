import { existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { faultPrerequisites, redisAvailable } from '../../nemesis/test-support/prerequisites.js';

// faultline as a user gets it: `npm pack`, then `npm install ./faultline-*.tgz` in an empty
// project folder of their own (no path into this repository anywhere in it), where a target, a
// checker and a model written in TypeScript import only from 'faultline' and run through
// `npx faultline`. One pack and one install serve every test of this file. The project has no
// "type": "module", so its .ts files load as CommonJS (what `npm init` gives); esm/ holds the
// ES-module case.

const repo = fileURLToPath(new URL('../../', import.meta.url));
// The server target needs what the local runtime needs (root, namespaces, iptables, a C compiler) and redis-server.
const faults = await faultPrerequisites();
const redis = faults.ok && (await redisAvailable());
if (faults.ok && !redis && process.env.CI === 'true')
  throw new Error('the packed-package server test cannot run on CI: redis-server or redis-cli is not installed');
if (faults.ok && !redis) console.warn('skipping the packed-package server test: redis-server or redis-cli is not installed');
const typescript = join(repo, 'node_modules', 'typescript', 'bin', 'tsc');

/** The user's target: an in-memory register per key, every option a zod schema from faultline. */
const myTarget = `import { registerWorkload, z, type Client, type Completion, type Invocation, type Key, type Target } from 'faultline';

const optionsSchema = z.object({ values: z.number().int().min(1).default(5) }).strict();
type Options = z.output<typeof optionsSchema>;

class RegisterClient implements Client {
  constructor(private readonly cells: Map<Key, unknown>) {}

  async invoke(op: Invocation): Promise<Completion> {
    const key = op.key ?? 'register';
    const held = this.cells.has(key) ? this.cells.get(key) : null;
    switch (op.f) {
      case 'read':
        return { type: 'ok', value: held };
      case 'write':
        this.cells.set(key, op.value);
        return { type: 'ok' };
      case 'cas': {
        const [from, to] = op.value as [unknown, unknown];
        if (held !== from) return { type: 'fail', error: 'cas-mismatch' };
        this.cells.set(key, to);
        return { type: 'ok' };
      }
      default:
        return { type: 'fail', error: 'unknown operation ' + op.f };
    }
  }

  async close(): Promise<void> {}
}

const runs = new Map<string, Map<Key, unknown>>();

const target: Target<Options> = {
  name: 'my-register',
  summary: 'an in-memory register, written against the public API',
  optionsSchema,
  flags: { values: { type: 'number', describe: 'values written' } },
  workloads: ['register'],
  defaultWorkload: 'register',
  defaultNemesis: [],
  workload: (_name, options) => registerWorkload({ values: options.values }),
  async openClient(ctx) {
    let cells = runs.get(ctx.runDir);
    if (!cells) runs.set(ctx.runDir, (cells = new Map()));
    return new RegisterClient(cells);
  },
};

export default target;
`;

/** The user's checker: valid when some read completed, and says how many. */
const myChecker = `import type { Checker, History, Verdict } from 'faultline';

const readsSeen: Checker<{ reads: number }> = {
  name: 'reads-seen',
  summary: 'some read completed',
  check(history: History): Verdict<{ reads: number }> {
    const reads = history.filter((op) => op.type === 'ok' && op.f === 'read').length;
    return reads > 0 ? { valid: true, reads } : { valid: 'unknown', reason: 'no read completed' };
  },
};

export default readsSeen;
`;

/** The user's model: a compare-and-set register. */
const myModel = `import { ILLEGAL, type Illegal, type Model, type ModelOperation } from 'faultline';

type Input = { f: string; value: unknown };

export default function myRegister(options: { initial?: unknown }): Model<unknown, Input, unknown> {
  return {
    name: 'my-cas-register',
    init: () => options.initial ?? null,
    encode(op: ModelOperation) {
      if (op.outcome === 'info' && op.f === 'read') return null;
      return { input: { f: op.f, value: op.value }, output: op.output };
    },
    step(state: unknown, input: Input, output: unknown): unknown | Illegal {
      if (input.f === 'write') return input.value;
      if (input.f === 'read') return output === state ? state : ILLEGAL;
      const [from, to] = input.value as [unknown, unknown];
      return state === from ? to : ILLEGAL;
    },
    equal: (a, b) => a === b,
    hash: (s) => (typeof s === 'number' ? s : s === null ? -1 : 7),
    describeState: (s) => JSON.stringify(s),
    describeOperation: (input, output) => input.f + ' ' + JSON.stringify(input.value) + (output === undefined ? '' : ' -> ' + JSON.stringify(output)),
  };
}
`;

/**
 * A user's server target: redis-server nodes on the local runtime, each key kept on one node
 * (so the register is linearizable while faults strike), with the user's own Redis client.
 */
const redisTarget = `import { Redis } from 'ioredis';
import { dialAddress, registerWorkload, z, type Client, type Completion, type Invocation, type Target } from 'faultline';

const optionsSchema = z.object({}).strict();
const CAS = "if redis.call('get', KEYS[1]) == ARGV[1] then redis.call('set', KEYS[1], ARGV[2]) return 1 else return 0 end";

function connect(host: string, port: number): Redis {
  const redis = new Redis({ host, port, lazyConnect: true, maxRetriesPerRequest: 0, commandTimeout: 1000, enableOfflineQueue: false, retryStrategy: () => 50 });
  redis.on('error', () => {});
  return redis;
}

const target: Target<z.output<typeof optionsSchema>> = {
  name: 'my-redis',
  summary: 'a register per key, each key on one redis-server node',
  optionsSchema,
  workloads: ['register'],
  defaultWorkload: 'register',
  cluster: {
    defaultNodes: 2,
    port: 6379,
    command: (node) => ({ command: 'redis-server', args: ['--bind', node.host, '--port', String(node.port), '--dir', node.dataDir, '--save', '', '--appendonly', 'no', '--protected-mode', 'no'] }),
  },
  workload: () => registerWorkload({ keysAtOnce: 4, opsPerKey: 60 }),
  async setup(ctx) {
    for (const node of ctx.nodes) {
      const { host, port } = dialAddress(node);
      const redis = connect(host, port);
      try {
        for (let tries = 0; (await redis.ping().catch(() => '')) !== 'PONG'; tries++) {
          if (tries > 100) throw new Error(node.name + ' never answered');
          await new Promise((resolve) => setTimeout(resolve, 100));
        }
      } finally {
        redis.disconnect();
      }
    }
  },
  async openClient(ctx) {
    const nodes = ctx.nodes.map((node) => connect(dialAddress(node).host, dialAddress(node).port));
    await Promise.all(nodes.map((redis) => redis.connect().catch(() => undefined)));
    const client: Client = {
      async invoke(op: Invocation): Promise<Completion> {
        const index = Number(op.key) % nodes.length;
        const redis = nodes[index];
        const node = ctx.nodes[index].name;
        const key = String(op.key);
        try {
          if (op.f === 'read') {
            const value = await redis.get(key);
            return { type: 'ok', value: value === null ? null : Number(value), node };
          }
          if (op.f === 'write') {
            await redis.set(key, String(op.value));
            return { type: 'ok', node };
          }
          const [from, to] = op.value as [number, number];
          const swapped = await redis.eval(CAS, 1, key, String(from), String(to));
          return swapped === 1 ? { type: 'ok', node } : { type: 'fail', error: 'cas-mismatch', node };
        } catch (err) {
          // Sent or not, nobody can tell: the write may still land.
          return { type: op.f === 'read' ? 'fail' : 'info', error: String(err), node };
        }
      },
      async close() {
        for (const redis of nodes) redis.disconnect();
      },
    };
    return client;
  },
};
export default target;
`;

// Errors from the user's modules. Line numbers matter: the tests look for them.
const throwsAtImport = `import { memoryTarget } from 'faultline';

function findLauncher(): never {
  throw new Error('the launcher is missing');
}
findLauncher();
export default memoryTarget;
`;
const THROWS_AT_IMPORT_LINE = 4;

const throwsInSetup = `import { memoryTarget, type Target } from 'faultline';

const target: Target<any> = {
  ...memoryTarget,
  name: 'never-ready',
  async setup() {
    throw new Error('the database never came up');
  },
};
export default target;
`;
const THROWS_IN_SETUP_LINE = 7;

/** Refuses its options with faultline's own ConfigError: a bad-input exit (254), so the error must be the harness's class. */
const refusesInSetup = `import { ConfigError, memoryTarget, type Target } from 'faultline';

const target: Target<any> = {
  ...memoryTarget,
  name: 'refuses',
  async setup() {
    throw new ConfigError('my-option', 'must name a database');
  },
};
export default target;
`;

/** A strict check of the user's files and of every declaration they reach (skipLibCheck off): faultline's types need Node's alone. */
const tsconfig = {
  compilerOptions: {
    strict: true,
    module: 'nodenext',
    moduleResolution: 'nodenext',
    target: 'es2022',
    lib: ['es2023'],
    types: ['node'],
    noEmit: true,
    skipLibCheck: false,
  },
  include: ['*.ts', 'esm/*.ts'],
  // ioredis's own declarations do not pass skipLibCheck: false; that target is proven by running it.
  exclude: ['my-redis.ts'],
};

let work: string;
let project: string;

/** The environment without what `npm test` sets for its own package, so the child npm acts on the project alone. */
function userEnv(): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [name, value] of Object.entries(process.env)) {
    if (value === undefined || name === 'INIT_CWD') continue;
    if (name.startsWith('npm_') && name !== 'npm_config_cache' && name !== 'npm_config_registry' && name !== 'npm_config_userconfig') continue;
    env[name] = value;
  }
  return { ...env, NO_COLOR: '1' };
}

function npx(cwd: string, ...args: string[]) {
  return execa('npx', ['--no', '--', 'faultline', ...args], { cwd, env: userEnv(), extendEnv: false, reject: false, timeout: 120_000 });
}

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'faultline-packed-'));
  const packs = join(work, 'pack');
  project = join(work, 'project');
  mkdirSync(packs);
  mkdirSync(join(project, 'esm'), { recursive: true });
  // vitest's global setup has built dist/; the pack only collects it.
  const pack = await execa('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', packs], { cwd: repo, env: userEnv(), extendEnv: false });
  const tarball = join(packs, (JSON.parse(pack.stdout) as { filename: string }[])[0].filename);
  // A TypeScript user has Node's types too; the versions come from the npm cache when it has them.
  await execa('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', tarball, '@types/node@20', 'ioredis@6'], {
    cwd: project,
    env: userEnv(),
    extendEnv: false,
    timeout: 300_000,
  });
  const files: Record<string, string> = {
    'my-target.ts': myTarget,
    'my-checker.ts': myChecker,
    'my-model.ts': myModel,
    'throws-at-import.ts': throwsAtImport,
    'throws-in-setup.ts': throwsInSetup,
    'refuses-in-setup.ts': refusesInSetup,
    'tsconfig.json': JSON.stringify(tsconfig, null, 2),
    'esm/package.json': JSON.stringify({ type: 'module' }),
    'esm/throws-in-setup.ts': throwsInSetup,
    'my-redis.ts': redisTarget,
  };
  for (const [name, text] of Object.entries(files)) writeFileSync(join(project, name), text);
}, 360_000);

afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

describe('the packed package in a user project of its own', () => {
  it('is installed from the tarball, a real folder with no path into the repository', () => {
    const installed = join(project, 'node_modules', 'faultline');
    expect(lstatSync(installed).isSymbolicLink()).toBe(false);
    expect(existsSync(join(installed, 'dist', 'index.js'))).toBe(true);
    expect(existsSync(join(installed, 'dist', 'index.d.ts'))).toBe(true);
    for (const name of ['package.json', 'package-lock.json']) expect(readFileSync(join(project, name), 'utf8')).not.toContain(repo.replace(/\/$/, ''));
    // Files the built code reads at run time, next to dist/.
    for (const file of ['nemesis/clock/faultline-clock.c', 'nemesis/docker/holder/faultline-pod.c', 'nemesis/netns/link-probe.mjs'])
      expect(existsSync(join(installed, file)), file).toBe(true);
    // Sources and tests stay out: the build is the package.
    expect(readdirSync(installed).sort()).toEqual(expect.arrayContaining(['README.md', 'bin', 'dist', 'docs', 'package.json']));
    expect(existsSync(join(installed, 'harness'))).toBe(false);
    // Source maps would point stack traces at those absent sources; without them a trace names the shipped .js.
    expect(readdirSync(join(installed, 'dist', 'harness')).filter((f) => f.endsWith('.map'))).toEqual([]);
  });

  it("typechecks the user's target, checker and model against the installed types alone", async () => {
    const tsc = await execa(process.execPath, [typescript, '-p', project], { cwd: project, reject: false });
    expect(tsc.exitCode, tsc.stdout + tsc.stderr).toBe(0);
  });

  it("runs the user's target with the user's checker and model: exit 0, both in results.json, a report and a JUnit file", async () => {
    const run = await npx(
      project,
      'test',
      '--target',
      './my-target.ts',
      '--checker',
      'linearizable,./my-checker.ts',
      '--model',
      './my-model.ts',
      '--values',
      '3',
      '--time-limit',
      '2',
      '--seed',
      '7',
      '--runs-dir',
      'runs',
      '--junit',
      'junit.xml',
    );
    expect(run.exitCode, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/^verdict: valid$/m);
    const runDir = join(project, 'runs', 'latest');
    const results = JSON.parse(readFileSync(join(runDir, 'results.json'), 'utf8'));
    expect(results.valid).toBe(true);
    expect(results.checkers.linearizable).toMatchObject({ valid: true, model: 'my-cas-register' });
    expect(results.checkers['reads-seen'].valid).toBe(true);
    expect(results.checkers['reads-seen'].reads).toBeGreaterThan(0);
    const test = JSON.parse(readFileSync(join(runDir, 'test.json'), 'utf8'));
    expect(test.config).toMatchObject({ target: join(project, 'my-target.ts'), model: join(project, 'my-model.ts'), targetOptions: { values: 3 } });
    expect(readFileSync(join(runDir, 'report.html'), 'utf8')).toContain('reads-seen');
    expect(readFileSync(join(project, 'junit.xml'), 'utf8')).toMatch(/<testcase [^>]*name="reads-seen"/);
  });

  it.skipIf(!redis)(
    "runs the user's redis-server target on the local runtime: partitions and clock skew verified, files the build reads at run time found in the package",
    async () => {
      const run = await npx(
        project,
        'test',
        '--target',
        './my-redis.ts',
        '--nemesis',
        'partition,clock',
        '--nemesis-interval',
        '1s',
        '--time-limit',
        '5',
        '--recovery',
        '1s',
        '--seed',
        '3',
        '--json',
      );
      expect(run.exitCode, run.stderr).toBe(0);
      const results = JSON.parse(run.stdout);
      expect(results.checkers.linearizable.valid).toBe(true);
      // Partition checks knock with the shipped link probe; clock skew preloads a library built from the shipped C source.
      for (const kind of ['partition', 'clock']) {
        const summary = results.faults.kinds[kind];
        expect(summary.applied, kind).toBeGreaterThan(0);
        expect(summary.verified, kind).toBe(summary.applied);
      }
    },
  );

  it("lists the user's target flags in test --help", async () => {
    const help = await npx(project, 'test', '--target', './my-target.ts', '--help');
    expect(help.exitCode, help.stderr).toBe(0);
    expect(help.stdout).toMatch(/--values\s+my-register: values written/);
  });

  it("points at the user's file and line when the target throws at import (exit 254), never at a data: URL", async () => {
    const run = await npx(project, 'test', '--target', './throws-at-import.ts', '--time-limit', '1');
    expect(run.exitCode, run.stderr).toBe(254);
    expect(run.stderr).toContain('the launcher is missing');
    expect(run.stderr).toContain(`${join(project, 'throws-at-import.ts')}:${THROWS_AT_IMPORT_LINE}:`);
    expect(run.stderr).not.toContain('data:');
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
  });

  for (const [folder, kind] of [
    ['.', 'CommonJS'],
    ['esm', 'ES module'],
  ] as const) {
    it(`points at the user's file and line when setup throws (exit 255), on the terminal and in harness.log (${kind})`, async () => {
      const cwd = join(project, folder);
      const run = await npx(cwd, 'test', '--target', './throws-in-setup.ts', '--time-limit', '1');
      expect(run.exitCode, run.stderr).toBe(255);
      const where = `${join(cwd, 'throws-in-setup.ts')}:${THROWS_IN_SETUP_LINE}:`;
      expect(run.stderr).toContain('the database never came up');
      expect(run.stderr).toContain(where);
      expect(run.stderr).not.toContain('data:');
      const log = readFileSync(join(cwd, 'runs', 'latest', 'harness.log'), 'utf8');
      expect(log).toContain(where);
      expect(log).not.toContain('data:');
    });
  }

  it("takes faultline's ConfigError thrown by a CommonJS target as the harness's own (exit 254, one line)", async () => {
    const run = await npx(project, 'test', '--target', './refuses-in-setup.ts', '--time-limit', '1');
    expect(run.exitCode, run.stderr).toBe(254);
    expect(run.stderr.trim()).toBe('faultline: my-option: must name a database');
  });
});
