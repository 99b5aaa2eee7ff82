import { fromSource, seq, type GenContext, type GenStep, type Generator } from '../../generators/index.js';
import type { Op } from '../../core/history.js';
import type { Rng } from '../../core/rng.js';
import { bankWorkload } from '../../generators/workloads/bank.js';
import { counterWorkload, readUntilOk } from '../../generators/workloads/counter.js';
import { setWorkload } from '../../generators/workloads/set.js';
import { ListAppendTxnSource, type TxnSourceOptions } from '../../generators/workloads/txn-list-append.js';
import { RwRegisterTxnSource } from '../../generators/workloads/txn-rw-register.js';
import type { CheckerSpec, Workload } from '../../core/target.js';
import { preventsLostUpdates, promisedModel, readsOneSnapshot, type IsolationLevel } from './isolation.js';
import type { PostgresWorkloadName } from './workload-names.js';

// Each workload with the checkers that judge it at the chosen isolation level: what the
// level promises decides the verdict; `allAnomalies` adds a check against serializable (or the
// checker a weak level does not promise) so the results list everything the level let through.

export interface PostgresWorkloadSettings {
  isolation: IsolationLevel;
  allAnomalies: boolean;
  keyCount: number;
  counters: number;
  accounts: number;
  initialBalance: number;
}

/**
 * Few keys, mostly two to four micro-ops, and half of them reads: a transaction often reads a
 * key another one is writing, which is what read skew, write skew and lost updates need.
 */
export function txnShape(keyCount: number): TxnSourceOptions {
  return { keyCount, minTxnLength: 2, maxTxnLength: 4, readFraction: 0.5, maxWritesPerKey: 32, keyDistribution: 'exponential' };
}

/** Keys per final-read transaction. */
const FINAL_READ_CHUNK = 32;

export function postgresWorkload(name: PostgresWorkloadName, settings: PostgresWorkloadSettings, rng: Rng): Workload {
  switch (name) {
    case 'list-append':
    case 'rw-register':
      return txnWorkload(name, settings, rng);
    case 'counter': {
      const workload = counterWorkload({ keys: settings.counters });
      return { ...workload, checkers: whenPromisedOrAsked(preventsLostUpdates(settings.isolation), settings, workload.checkers) };
    }
    case 'bank': {
      const workload = bankWorkload({ accounts: settings.accounts, initialBalance: settings.initialBalance });
      return { ...workload, checkers: whenPromisedOrAsked(readsOneSnapshot(settings.isolation), settings, workload.checkers) };
    }
    case 'set':
      // Reads of the whole set now and then; the final reads after the faults find lost commits.
      return setWorkload({ readFraction: 0.05 });
  }
}

/** A level that does not promise what a checker checks gets it only when every anomaly is wanted. */
function whenPromisedOrAsked(promised: boolean, settings: PostgresWorkloadSettings, checkers: readonly CheckerSpec[]): CheckerSpec[] {
  return promised || settings.allAnomalies ? [...checkers] : [];
}

function txnWorkload(name: 'list-append' | 'rw-register', settings: PostgresWorkloadSettings, rng: Rng): Workload {
  const source = name === 'list-append' ? new ListAppendTxnSource(rng, txnShape(settings.keyCount)) : new RwRegisterTxnSource(rng, txnShape(settings.keyCount));
  const touched = new Set<number>();
  const next = () => {
    const txn = source.next();
    for (const mop of txn) touched.add(mop[1]);
    return { f: 'txn', value: txn };
  };
  const model = promisedModel(settings.isolation);
  const checkers: CheckerSpec[] = [{ checker: name, options: { consistencyModels: [model] } }];
  if (settings.allAnomalies && model !== 'serializable') {
    checkers.push({ checker: name, as: `${name}-vs-serializable`, options: { consistencyModels: ['serializable'] } });
  }
  return {
    name,
    generator: fromSource(next),
    // After the faults: read back every key ever used, so a write lost in a crash shows.
    final: deferred(() => {
      const keys = [...touched].sort((a, b) => a - b);
      const chunks: Generator[] = [];
      for (let i = 0; i < keys.length; i += FINAL_READ_CHUNK) {
        chunks.push(readUntilOk({ f: 'txn', value: keys.slice(i, i + FINAL_READ_CHUNK).map((k) => ['r', k, null]) }));
      }
      return seq(...chunks);
    }),
    checkers,
  };
}

/** A generator built when first asked, from state that only exists by then (the keys used). */
class DeferredGen implements Generator {
  constructor(private readonly make: () => Generator) {}

  op(ctx: GenContext): GenStep {
    return this.make().op(ctx);
  }

  update(_ctx: GenContext, _event: Op): Generator {
    return this;
  }
}

function deferred(make: () => Generator): Generator {
  return new DeferredGen(make);
}
