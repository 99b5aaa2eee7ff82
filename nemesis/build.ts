import { ConfigError, errorMessage } from '../core/errors.js';
import { NS_PER_MS } from '../generators/index.js';
import type { Rng } from '../core/rng.js';
import type { Completion } from '../core/target.js';
import { hasFaultKinds, hasPrimary, type FaultKindFactory, type Target, type TargetContext } from '../core/target.js';
import { clockFault } from './faults/clock.js';
import type { FaultEnvironment, FaultKind } from '../core/target.js';
import { killFault } from './faults/kill.js';
import { packetFault } from './faults/packet.js';
import { partitionFault } from './faults/partition.js';
import { pauseFault } from './faults/pause.js';
import { noNemesis, type NemesisPackage } from './package.js';
import type { NodeRuntime } from '../core/runtime.js';
import { faultSchedule, healEverything, stepsOf } from './schedule.js';
import { effectOf, withEffect } from './verify/effects.js';
import { FaultJournal } from './verify/journal.js';
import { FaultTally } from './verify/summary.js';
import { verifyingRuntime } from './verify/verifying-runtime.js';

export interface NemesisRequest {
  faults: readonly string[];
  intervalMs: number;
  runtime: NodeRuntime | undefined;
  target: Target<any>;
  targetContext: TargetContext<any>;
  rng: Rng;
  log(message: string): void;
  /** --packet-loss and --packet-delay, for the packet kind. */
  packet?: { loss?: number; delayMs?: number };
}

const FAULT_KINDS: Record<string, FaultKindFactory> = {
  partition: partitionFault,
  pause: pauseFault,
  kill: killFault,
  clock: clockFault,
  packet: packetFault,
};

export const FAULT_NAMES = Object.keys(FAULT_KINDS);

/** Builds the fault schedule (Jepsen's nemesis.combined) for the fault kinds the user named. */
export async function buildNemesis(request: NemesisRequest): Promise<NemesisPackage> {
  if (request.faults.length === 0) return noNemesis();
  // A target's own kinds (e.g. redis-lock's "client-pause") sit next to the built-in ones.
  const known: Record<string, FaultKindFactory> = { ...FAULT_KINDS, ...(hasFaultKinds(request.target) ? request.target.faultKinds : {}) };
  const unknown = request.faults.filter((f) => !Object.hasOwn(known, f));
  if (unknown.length)
    throw new ConfigError('nemesis', `unknown fault kind(s) ${unknown.map((u) => `"${u}"`).join(', ')} (choose ${Object.keys(known).join(', ')}, or none)`);
  const runtime = request.runtime;
  if (!runtime) {
    throw new ConfigError(
      'nemesis',
      `target ${request.target.name} has no nodes that faultline started here (it runs in-process, or against servers given by URL), so faults (${request.faults.join(', ')}) cannot reach it; use --nemesis none`,
    );
  }
  const { target, targetContext } = request;
  const requested = [...new Set(request.faults)];
  const journal = new FaultJournal();
  const tally = new FaultTally(requested);
  const notices: string[] = [];
  const env: FaultEnvironment = {
    // Every fault a kind applies is checked from outside (verify/verifying-runtime.ts).
    runtime: verifyingRuntime(runtime, journal),
    target,
    targetContext,
    rng: request.rng.fork(),
    nodes: runtime.nodes.map((n) => n.name),
    primary: async () => (hasPrimary(target) ? target.primary(targetContext) : undefined),
    log: request.log,
    packet: request.packet,
  };
  const kinds = requested.map((name) =>
    known[name]({
      ...env,
      exclude: (node, why) => {
        tally.exclude(name, node, why);
        notices.push(`${node}: ${why}`);
      },
    }),
  );
  assertDistinctOperations(kinds);
  for (const kind of kinds) await kind.prepare?.();
  return combinedPackage(kinds, request.intervalMs, request.log, journal, tally, notices);
}

/** Operations are routed to kinds by name, so two kinds may not both perform one (e.g. "pause"). */
function assertDistinctOperations(kinds: readonly FaultKind[]): void {
  const performer = new Map<string, string>();
  for (const kind of kinds) {
    for (const f of kind.fs) {
      const other = performer.get(f);
      if (other !== undefined)
        throw new ConfigError('nemesis', `fault kinds "${other}" and "${kind.name}" both perform "${f}" and cannot run in one test; choose one`);
      performer.set(f, kind.name);
    }
  }
}

function combinedPackage(
  kinds: readonly FaultKind[],
  intervalMs: number,
  log: (message: string) => void,
  journal: FaultJournal,
  tally: FaultTally,
  notices: readonly string[],
): NemesisPackage {
  const owner = new Map<string, FaultKind>();
  for (const kind of kinds) for (const f of kind.fs) owner.set(f, kind);
  const undoOps = (kind: FaultKind) => new Set(kind.stop ? stepsOf(kind.stop).map((s) => s.f) : []);
  return {
    generator: faultSchedule(kinds, intervalMs * NS_PER_MS),
    final: healEverything(kinds),
    executor: {
      async invoke(op, signal): Promise<Completion> {
        const kind = owner.get(op.f);
        if (!kind) return { type: 'info', error: `no fault kind performs "${op.f}"` };
        const isUndo = undoOps(kind).has(op.f);
        journal.begin();
        try {
          const value = await kind.apply(op, signal);
          const checks = await journal.end();
          tally.record(kind.name, checks, isUndo);
          const effect = effectOf(checks);
          log(`nemesis ${op.f} ${JSON.stringify(op.value)} → ${JSON.stringify(value)} (${effect.outcome})`);
          return { type: 'info', value: withEffect(value, effect) };
        } catch (err) {
          const checks = await journal.end();
          tally.record(kind.name, checks, isUndo, errorMessage(err));
          log(`nemesis ${op.f} failed: ${errorMessage(err)}`);
          return { type: 'info', value: withEffect(op.value, effectOf(checks)), error: errorMessage(err) };
        }
      },
    },
    async healAll() {
      for (const kind of kinds) {
        try {
          await kind.heal();
        } catch (err) {
          log(`healing ${kind.name} failed: ${errorMessage(err)}`);
        }
      }
    },
    activeFaults: () => kinds.flatMap((k) => k.active()),
    effects: () => tally.summary(),
    notices,
  };
}
