import type { Op } from '../../../core/history.js';
import { Rng } from '../../../core/rng.js';
import { ListAppendTxnSource, type TxnSourceOptions } from '../../../generators/workloads/txn-list-append.js';
import { RwRegisterTxnSource } from '../../../generators/workloads/txn-rw-register.js';
import { simulate, type SimModel, type SimOp, type SimOutcome } from '../../test-support/index.js';

/** Faults a test can inject, each hitting the first fitting transaction at or after invocation number `from`. */
export type ExecutorFault =
  /** A transaction that writes is acknowledged, but its writes never reach the store. */
  | { kind: 'lost-write'; from: number }
  /** A read-only transaction is served the state as it was `lag` commits earlier. */
  | { kind: 'stale-read'; from: number; lag: number }
  /** A transaction that writes is reported failed, but its writes are applied. */
  | { kind: 'visible-abort'; from: number };

export interface ExecutorOptions {
  workload: 'list-append' | 'rw-register';
  seed: number;
  txnCount: number;
  /** Worker processes, each with at most one transaction in flight. */
  concurrency: number;
  source?: TxnSourceOptions;
  /** Chance a transaction aborts (reported fail, no effect). */
  failRate?: number;
  /** Chance a transaction ends indeterminate (reported info, applied or not at random). */
  infoRate?: number;
  faults?: ExecutorFault[];
}

export interface ExecutorRun {
  history: Op[];
  /** For each injected fault, the history index naming the transaction it hit (T<index>), if one fitted. */
  faulted: Map<ExecutorFault['kind'], number>;
}

type MicroOp = [string, number, unknown];
type State = Map<number, unknown>;

/**
 * A serial in-memory store behind concurrent clients, simulated by the shared simulate():
 * every transaction runs atomically at the moment it completes, which lies inside its
 * invoke–complete interval, so any history it produces is strictly serializable. Faults
 * break that on purpose. Deterministic in the seed; no clocks, no I/O.
 */
export function runSerialExecutor(options: ExecutorOptions): ExecutorRun {
  const store = serialStore(options);
  const history = simulate(store.model, { seed: options.seed, workers: options.concurrency, operations: options.txnCount });
  // A fault names the transaction it hit by its invocation number; a transaction is named by its completion's index.
  const faulted = new Map<ExecutorFault['kind'], number>();
  const invocations = store.faulted.size > 0 ? history.filter((op) => op.type === 'invoke') : [];
  for (const [kind, ordinal] of store.faulted) {
    const invoke = invocations[ordinal];
    const completion = history.find((op) => op.index > invoke.index && op.process === invoke.process);
    if (completion) faulted.set(kind, completion.index);
  }
  return { history, faulted };
}

function serialStore(options: ExecutorOptions): { model: SimModel; faulted: Map<ExecutorFault['kind'], number> } {
  const sourceRng = new Rng(options.seed).fork();
  const source = options.workload === 'list-append' ? new ListAppendTxnSource(sourceRng, options.source) : new RwRegisterTxnSource(sourceRng, options.source);
  const isList = options.workload === 'list-append';
  const state: State = new Map();
  // Each transaction's invocation number, until it completes.
  const ordinals = new Map<SimOp, number>();
  let issued = 0;
  const pendingFaults = [...(options.faults ?? [])];
  const faulted = new Map<ExecutorFault['kind'], number>();
  // Past states are only needed to serve stale reads.
  const undoLog: [number, unknown][][] | undefined = pendingFaults.some((f) => f.kind === 'stale-read') ? [] : undefined;
  const model: SimModel = {
    next() {
      const op = { f: 'txn', value: (source.next() as MicroOp[]).map((m) => [...m]) };
      ordinals.set(op, issued++);
      return op;
    },
    // Transactions take effect as they complete.
    effectAt: () => 1,
    apply(op, _worker, rng): SimOutcome {
      const ops = op.value as MicroOp[];
      const ordinal = ordinals.get(op) as number;
      ordinals.delete(op);
      const fault = takeFault(pendingFaults, ordinal, ops);
      let outcome: 'ok' | 'fail' | 'info' = 'ok';
      let apply = true;
      if (fault) {
        apply = fault.kind !== 'lost-write';
        outcome = fault.kind === 'visible-abort' ? 'fail' : 'ok';
        faulted.set(fault.kind, ordinal);
      } else if (options.failRate && rng.float() < options.failRate) {
        outcome = 'fail';
        apply = false;
      } else if (options.infoRate && rng.float() < options.infoRate) {
        outcome = 'info';
        apply = rng.bool();
      }
      const readFrom = fault?.kind === 'stale-read' && undoLog ? rewind(state, undoLog, fault.lag) : state;
      const completed = outcome === 'fail' ? undefined : execute(ops, readFrom, state, isList, apply, undoLog);
      if (outcome === 'fail' && fault?.kind === 'visible-abort') execute(ops, state, state, isList, true, undoLog);
      return { type: outcome, value: outcome === 'ok' ? completed : ops.map((m) => [...m]) };
    },
  };
  return { model, faulted };
}

function takeFault(faults: ExecutorFault[], ordinal: number, ops: MicroOp[]): ExecutorFault | undefined {
  const writes = ops.some(([f]) => f !== 'r');
  const i = faults.findIndex((f) => ordinal >= f.from && (f.kind === 'stale-read' ? !writes : writes));
  return i < 0 ? undefined : faults.splice(i, 1)[0];
}

/**
 * Runs one transaction: reads see `readFrom` plus the transaction's own writes; the writes
 * reach `store` only when `apply`. Returns the completed micro-ops with read results.
 */
function execute(ops: MicroOp[], readFrom: State, store: State, isList: boolean, apply: boolean, undoLog: [number, unknown][][] | undefined): MicroOp[] {
  const own = new Map<number, unknown>();
  const out: MicroOp[] = [];
  for (const [f, k, v] of ops) {
    const current = own.has(k) ? own.get(k) : readFrom.get(k);
    if (f === 'r') {
      out.push([f, k, isList ? ((current as unknown[] | undefined) ?? []).slice() : (current ?? null)]);
      continue;
    }
    own.set(k, isList ? [...(((own.has(k) ? own.get(k) : store.get(k)) as unknown[] | undefined) ?? []), v] : v);
    out.push([f, k, v]);
  }
  if (apply && own.size > 0) {
    const undo: [number, unknown][] = [];
    for (const [k, v] of own) {
      undo.push([k, store.get(k)]);
      store.set(k, v);
    }
    undoLog?.push(undo);
  }
  return out;
}

/** The store as it was `lag` commits ago. */
function rewind(state: State, undoLog: [number, unknown][][], lag: number): State {
  const past = new Map(state);
  for (let i = undoLog.length - 1; i >= Math.max(0, undoLog.length - lag); i--) {
    for (const [k, before] of undoLog[i]) {
      if (before === undefined) past.delete(k);
      else past.set(k, before);
    }
  }
  return past;
}
