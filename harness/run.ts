import { join } from 'node:path';
import { buildNemesis } from '../nemesis/index.js';
import type { NemesisPackage } from '../nemesis/package.js';
import type { FaultSummary } from '../nemesis/verify/summary.js';
import type { NodeRuntime, RuntimePlacement } from '../core/runtime.js';
import { loadTarget } from './load-target.js';
import { clusterNodeNames, type Target, type TargetContext, type Workload } from '../core/target.js';
import { checkerSpecsFor, runCheckers, validateCheckerSpecs, type CheckedResults } from './check.js';
import { resolveCheckers } from './user-checkers.js';
import { parseTestConfig, zodToConfigError, type TestConfig } from './config.js';
import { ConfigError, errorMessage, FaultlineError, isStorageError, RunStorageError } from '../core/errors.js';
import { any, clients, nemesis as onNemesis, NS_PER_MS, sleep, stagger, timeLimit, type Generator } from '../generators/index.js';
import { HistoryWriter } from '../core/history-writer.js';
import { Interpreter } from './interpreter.js';
import { RunLogger } from './logger.js';
import { Progress } from './progress.js';
import { HistoryRecorder, monotonicClock } from './recorder.js';
import { randomSeed, Rng } from '../core/rng.js';
import { createRunDir, safeName, writeJson } from '../core/run-store.js';
import { assertRuntimeCarries, createRuntime } from './runtimes.js';
import { packageVersion } from '../core/package-root.js';
import { writeRunReport } from './report-hook.js';
import { reportNodeExits, withoutRepeatedLog, type NodeExitReport } from './node-exits.js';

export interface RunIo {
  stderr: NodeJS.WritableStream & { isTTY?: boolean };
  /** The command line that started the run, recorded so the report can show how to reproduce it. */
  argv?: readonly string[];
  /** Ctrl-C and SIGTERM: the first stops the run gracefully; the harness installs handlers when true. */
  handleSignals?: boolean;
}

/** What results.json holds: the checkers' composed verdict, and what the faults really did. */
export type RunResults = CheckedResults & {
  faults?: FaultSummary;
  error?: string /** "interrupted at 13 s of 60 s" when Ctrl-C ended the run early. */;
  interrupted?: string;
};

export interface RunOutcome {
  runDir: string;
  results: RunResults;
}

/** What test.json records: the resolved config, the seed, and how the run was started. */
export interface TestRecord {
  config: TestConfig & { seed: number; name: string; workload: string; nodes: number };
  command: readonly string[];
  startedAt: string;
  faultlineVersion: string;
  /** Where the nodes ran (engine, addresses, images), once the runtime placed them. */
  placement?: RuntimePlacement;
}

/**
 * One run, start to finish: set up the target, drive clients and faults, heal, read back,
 * tear down, check, report. The history is on disk before anything can go wrong, and
 * teardown or report failures never cost the verdict.
 */
export async function runTest(input: unknown, io: RunIo): Promise<RunOutcome> {
  const config = parseTestConfig(input);
  const target = await loadTarget(config.target);
  const parsedOptions = target.optionsSchema.safeParse(config.targetOptions);
  if (!parsedOptions.success) throw zodToConfigError(parsedOptions.error, config.targetOptions, 'target options');
  const options = parsedOptions.data;
  const workloadName = config.workload ?? target.defaultWorkload;
  if (!target.workloads.includes(workloadName)) {
    throw new FaultlineError('BAD_CONFIG', `workload: target ${target.name} has no workload "${workloadName}" (choose ${target.workloads.join(', ')})`);
  }
  // A config's checkers and model (modules loaded now) and their options are refused now (exit 254), not after the run.
  if (config.checkers || config.model !== undefined) {
    if (config.model !== undefined && config.checkers && !config.checkers.some((s) => s.checker === 'linearizable')) {
      throw new ConfigError(
        'model',
        `only the linearizable checker takes a model, and this run's checkers are ${config.checkers.map((s) => s.checker).join(', ')}`,
      );
    }
    const specs = checkerSpecsFor(config.checkers ?? [{ checker: 'linearizable' }], undefined, config.model);
    const configured = await resolveCheckers(specs, process.cwd(), target.checkers);
    validateCheckerSpecs(configured.specs, configured.catalog);
  }
  const faults = config.nemesis ?? target.defaultNemesis ?? [];
  if ((config.packetLoss !== undefined || config.packetDelay !== undefined) && !faults.includes('packet')) {
    throw new FaultlineError(
      'BAD_CONFIG',
      `${config.packetLoss !== undefined ? 'packetLoss' : 'packetDelay'}: shapes the faults of --nemesis packet, which this run does not use (nemesis: ${faults.join(', ') || 'none'})`,
    );
  }
  const seed = config.seed ?? randomSeed();
  assertRuntimeCarries(config.runtime, target, options as Record<string, unknown>);
  const nodeNames = clusterNodeNames(target, options, { concurrency: config.concurrency, nodes: config.nodes });
  const nodeCount = nodeNames.length;
  const name = config.name ?? `${target.name}-${workloadName}`;
  const record: TestRecord = {
    config: { ...config, seed, name, workload: workloadName, nodes: nodeCount, targetOptions: options as Record<string, unknown> },
    command: io.argv ?? [],
    startedAt: new Date().toISOString(),
    faultlineVersion: packageVersion(),
  };

  const runDir = await storing(join(config.runsDir, safeName(name)), 'nothing was kept: the run did not start', () => createRunDir(config.runsDir, name));
  await storing(join(runDir, 'test.json'), `the run did not start; ${runDir} holds nothing useful`, () => writeJson(join(runDir, 'test.json'), record));
  const logger = new RunLogger(join(runDir, 'harness.log'));
  const log = (m: string) => logger.log(m);
  log(`run ${runDir}: target ${target.name}, workload ${workloadName}, seed ${seed}`);

  const session = new RunSession(config, target, options, runDir, seed, nodeNames, log, io, async (placement) => {
    record.placement = placement;
    await storing(join(runDir, 'test.json'), 'the run had not started; its nodes are stopped', () => writeJson(join(runDir, 'test.json'), record));
  });
  const results = await session.execute(workloadName);
  const word = results.valid === true ? 'valid' : results.valid === false ? 'INVALID' : 'unknown';
  await storing(join(runDir, 'results.json'), `kept test.json and history.jsonl; the verdict, ${word}, could not be saved`, () =>
    writeJson(join(runDir, 'results.json'), results),
  );
  log(`verdict: valid=${String(results.valid)}`);
  await writeRunReport(runDir, log, (m) => io.stderr.write(`warning: ${m}\n`));
  return { runDir, results };
}

/** Runs a write to the run folder; a full disk or read-only folder becomes one sentence naming the path and what was kept. */
async function storing<T>(path: string, kept: string, write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (err) {
    if (isStorageError(err)) throw new RunStorageError(path, err, kept);
    throw err;
  }
}

class RunSession {
  private runtime: NodeRuntime | undefined;
  private nemesis: NemesisPackage | undefined;
  private interpreter: Interpreter | undefined;
  private readonly stop = new AbortController();
  private readonly rng: Rng;

  constructor(
    private readonly config: TestConfig,
    private readonly target: Target<any>,
    private readonly options: Record<string, unknown>,
    private readonly runDir: string,
    seed: number,
    private readonly nodeNames: readonly string[],
    private readonly log: (message: string) => void,
    private readonly io: RunIo,
    private readonly recordPlacement: (placement: RuntimePlacement) => Promise<void>,
  ) {
    this.rng = new Rng(seed);
  }

  async execute(workloadName: string): Promise<RunResults> {
    const historyPath = join(this.runDir, 'history.jsonl');
    const writer = new HistoryWriter(historyPath, (err) => {
      // The disk is full or gone: stop the clients now; faults are still healed in teardown.
      this.log(`history.jsonl could not be written (${errorMessage(err)}); stopping the run`);
      this.stop.abort();
    });
    // The history's time 0 is the start of the main phase, not of set-up: building a Docker image
    // or starting servers can take many seconds, which charts and rates would count as the run's.
    let clock = monotonicClock();
    const recorder = new HistoryRecorder(() => clock(), writer);
    const progress = new Progress(this.io.stderr, this.config.timeLimit, () => this.nemesis?.activeFaults() ?? []);
    this.progress = progress;
    recorder.onRecord((op) => progress.observe(op));
    const removeSignals = this.io.handleSignals ? this.installSignalHandlers() : () => undefined;
    let workload: Workload | undefined;
    let failure: unknown;
    try {
      const ctx = await this.setUp(workloadName);
      workload = this.target.workload(workloadName, this.options, { rng: this.rng.fork(), concurrency: this.config.concurrency, nodes: ctx.nodes });
      this.nemesis = await buildNemesis({
        faults: this.config.nemesis ?? this.target.defaultNemesis ?? [],
        intervalMs: this.config.nemesisInterval,
        runtime: this.runtime,
        target: this.target,
        targetContext: ctx,
        rng: this.rng.fork(),
        log: this.log,
        packet: { loss: this.config.packetLoss, delayMs: this.config.packetDelay },
      });
      for (const notice of this.nemesis.notices) {
        this.log(`note: ${notice}`);
        this.io.stderr.write(`note: ${notice}\n`);
      }
      this.interpreter = new Interpreter({
        concurrency: this.config.concurrency,
        rng: this.rng,
        recorder,
        openClient: (process, worker) => this.target.openClient(ctx, process, worker),
        nemesis: this.nemesis.executor,
        opTimeoutMs: this.config.opTimeout,
        log: this.log,
      });
      clock = monotonicClock();
      progress.start();
      this.mainStartedAt = Date.now();
      await this.phase('main', recorder, this.mainGenerator(workload, this.nemesis));
      if (this.nemesis.final) await this.phase('heal', recorder, onNemesis(this.nemesis.final));
      if (workload.final && !this.stop.signal.aborted) {
        if (this.nemesis.generator) await this.phase('recovery', recorder, sleep(this.config.recovery * NS_PER_MS));
        await this.phase('final', recorder, timeLimit(this.config.finalTimeLimit * NS_PER_MS, clients(workload.final)));
      }
    } catch (err) {
      this.log(`run failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
      failure = withoutRepeatedLog(err, this.exits?.reported ?? new Set());
    } finally {
      progress.finish();
      await this.tearDown();
      writer.close();
      removeSignals();
    }
    if (writer.failure) {
      throw new RunStorageError(
        historyPath,
        writer.failure,
        `kept test.json and the first ${writer.written} of ${recorder.ops.length} operations in history.jsonl; the run was stopped there and not checked`,
      );
    }
    if (failure !== undefined && recorder.ops.length === 0) throw failure;
    const chosen = checkerSpecsFor(workload?.checkers ?? [], this.config.checkers, this.config.model);
    if (this.config.model !== undefined && !chosen.some((s) => s.checker === 'linearizable')) {
      const unused = `model ${this.config.model} not used: none of this run's checkers (${chosen.map((s) => s.checker).join(', ')}) is linearizable`;
      this.log(unused);
      this.io.stderr.write(`warning: ${unused}\n`);
    }
    const { specs, catalog } = await resolveCheckers(chosen, process.cwd(), this.target.checkers);
    const checked = await runCheckers(recorder.ops, specs, { log: this.log, catalog });
    // What the faults really did, next to the verdict they were meant to test.
    const effects = this.nemesis?.effects();
    const withFaults: RunResults = effects && Object.keys(effects.kinds).length > 0 ? { ...checked, faults: effects } : checked;
    for (const never of effects?.neverTookEffect ?? []) this.log(`faults: ${never.kind} never took effect: ${never.why}`);
    // Ctrl-C: the history up to then was checked, and everything that shows the verdict says so.
    const results: RunResults = this.interruption ? { ...withFaults, interrupted: this.interruption } : withFaults;
    if (failure !== undefined) {
      // The history up to the failure is still checked; the run itself is marked as broken.
      return { ...results, valid: results.valid === false ? false : 'unknown', error: errorMessage(failure) };
    }
    return results;
  }

  private mainStartedAt: number | undefined;
  private interruption: string | undefined;
  private progress: Progress | undefined;
  private exits: NodeExitReport | undefined;
  /** Where the run is, for a node exit's report. */
  private stage = 'while starting';

  private async setUp(workload: string): Promise<TargetContext<any>> {
    if (this.nodeNames.length > 0) {
      this.runtime = await createRuntime(this.config.runtime, {
        runDir: this.runDir,
        nodes: this.nodeNames,
        target: this.target,
        options: this.options,
        log: this.log,
      });
      const runtime = this.runtime as NodeRuntime & { emergencyStop?: (reason: string) => void };
      if (runtime.emergencyStop) {
        // A harness that dies without teardown must still not leave nodes or faults behind.
        const onExit = () => runtime.emergencyStop!('harness exit');
        process.once('exit', onExit);
        this.removeExitGuard = () => process.off('exit', onExit);
      }
      const placement: RuntimePlacement = this.runtime.placement?.() ?? {
        runtime: this.runtime.kind,
        nodes: this.runtime.nodes.map((n) => ({
          node: n.name,
          address: `${n.host}:${n.port}`,
          ...(n.ports ? { ports: Object.fromEntries(Object.entries(n.ports).map(([name, port]) => [name, `${n.host}:${port}`])) } : {}),
        })),
      };
      await this.recordPlacement(placement);
      this.log(
        `nodes on the ${placement.runtime} runtime${placement.engine ? ` (engine ${placement.engine}, ${placement.access} access)` : ''}: ${placement.nodes.map((n) => `${n.node} ${n.address}${n.dial ? ` via ${n.dial}` : ''}${n.image ? ` [${n.image}]` : ''}`).join(', ')}`,
      );
    }
    const ctx: TargetContext<any> = {
      options: this.options,
      workload,
      runDir: this.runDir,
      nodes: this.runtime?.nodes ?? [],
      runtime: this.runtime,
      concurrency: this.config.concurrency,
      opTimeoutMs: this.config.opTimeout,
      log: this.log,
    };
    if (this.runtime) {
      const started = performance.now();
      const when = () => `${this.stage}, ${((performance.now() - started) / 1000).toFixed(1)} s after the nodes were started`;
      const print = (text: string) => (this.progress ? this.progress.interject(text) : this.io.stderr.write(`${text}\n`));
      this.exits = reportNodeExits(this.runtime, when, print, this.log);
      for (const node of this.runtime.nodes) await this.runtime.start(node.name);
      this.log(`started ${this.runtime.nodes.length} nodes on the ${this.runtime.kind} runtime`);
    }
    // Set before setup, so that a setup that fails halfway is still torn down (as Jepsen does).
    this.context = ctx;
    this.stage = `during ${this.target.name}'s setup`;
    await this.target.setup?.(ctx);
    this.stage = 'after setup';
    return ctx;
  }

  private context: TargetContext<any> | undefined;
  private removeExitGuard: () => void = () => undefined;

  private mainGenerator(workload: Workload, nemesis: NemesisPackage): Generator {
    const rate = this.config.rate;
    const clientOps = clients(rate > 0 ? stagger(1e9 / rate, workload.generator) : workload.generator);
    const both = nemesis.generator ? any(clientOps, onNemesis(nemesis.generator)) : clientOps;
    return timeLimit(this.config.timeLimit * NS_PER_MS, both);
  }

  private async phase(name: string, recorder: HistoryRecorder, generator: Generator): Promise<void> {
    this.log(`phase ${name} begins`);
    this.stage = `in the ${name} phase`;
    // Healing must happen even after Ctrl-C; only client phases stop early.
    await this.interpreter!.run(generator, name === 'heal' ? undefined : this.stop.signal);
    recorder.sync();
    this.log(`phase ${name} ends (${recorder.ops.length} events so far)`);
  }

  private async tearDown(): Promise<void> {
    // From here on nodes stop because the harness (or the target's teardown) stops them.
    this.exits?.stop();
    const steps: [string, () => Promise<unknown> | undefined][] = [
      ['heal', () => this.nemesis?.healAll()],
      ['close clients', () => this.interpreter?.close()],
      ['target teardown', () => (this.context ? this.target.teardown?.(this.context) : undefined)],
      ['stop nodes', () => this.runtime?.stopAll()],
      ['remove exit guard', async () => this.removeExitGuard()],
    ];
    for (const [step, action] of steps) {
      try {
        await action();
      } catch (err) {
        this.log(`teardown step "${step}" failed: ${errorMessage(err)}`);
      }
    }
  }

  private installSignalHandlers(): () => void {
    let count = 0;
    const onSignal = (signal: NodeJS.Signals) => {
      count++;
      if (count === 1) {
        const at = this.mainStartedAt === undefined ? 0 : Math.round((Date.now() - this.mainStartedAt) / 1000);
        this.interruption = `interrupted at ${at} s of ${Math.round(this.config.timeLimit / 1000)} s`;
        this.log(`${signal}: ${this.interruption}; stopping the run; faults will be healed and the history checked`);
        this.io.stderr.write(`\n${signal}: ${this.interruption}; healing faults and checking what was recorded (again to abort)\n`);
        this.stop.abort();
        return;
      }
      this.log(`${signal} again: healing and exiting at once`);
      void Promise.allSettled([this.nemesis?.healAll(), this.runtime?.stopAll()]).then(() => process.exit(255));
    };
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
    return () => {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
    };
  }
}
