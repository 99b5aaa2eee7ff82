import type { SimModel, SimOp, SimOutcome } from './simulation.js';
import { STALE_TOKEN } from '../../lock/lock-types.js';

export interface LockModelOptions {
  locks: number;
  validityMs: number;
  /** Chance that a grant ignores the current holder: a broken lock, for tests that must catch it. */
  doubleGrantChance?: number;
}

type Step = 'acquire' | 'read-resource' | 'write-resource' | 'release';

/**
 * A fenced try-lock per name and the resource it guards. Each worker loops: acquire; on
 * success read the resource, write it plus one with its token, release. Acquires take effect
 * as they arrive and releases just before they are answered, so in a correct lock even the
 * widest intervals stay apart.
 */
export function lockModel(o: LockModelOptions): SimModel & { doubleGrants(): number } {
  const holder = new Array<number>(o.locks).fill(-1);
  const tokens = new Array<number>(o.locks).fill(0);
  const resource = new Array<number>(o.locks).fill(0);
  const highestToken = new Array<number>(o.locks).fill(-1);
  const plan = new Map<number, { step: Step; lock: number; token: number; read: number }>();
  let finished = false;
  let doubleGrants = 0;

  return {
    next(worker, rng) {
      const p = plan.get(worker);
      if (p === undefined || p.step === 'acquire') {
        const lock = rng.int(0, o.locks - 1);
        plan.set(worker, { step: 'acquire', lock, token: -1, read: 0 });
        return { f: 'acquire', value: null, key: `L${lock}` };
      }
      const key = `L${p.lock}`;
      if (p.step === 'read-resource') return { f: 'read-resource', value: null, key };
      if (p.step === 'write-resource') return { f: 'write-resource', value: { value: p.read + 1, token: p.token }, key };
      return { f: 'release', value: { token: p.token }, key };
    },
    apply(op: SimOp, worker, rng): SimOutcome {
      const lock = Number(String(op.key).slice(1));
      const p = plan.get(worker);
      if (finished) return { type: 'ok', value: resource[lock] };
      if (p === undefined) throw new Error(`lockModel: worker ${worker} has no plan`);
      switch (op.f) {
        case 'acquire': {
          if (holder[lock] >= 0 && holder[lock] !== worker) {
            if (!rng.bool(o.doubleGrantChance ?? 0)) return { type: 'fail', value: null, error: 'held' };
            doubleGrants++;
          }
          holder[lock] = worker;
          p.token = ++tokens[lock];
          p.step = 'read-resource';
          return { type: 'ok', value: { token: p.token, validityMs: o.validityMs } };
        }
        case 'read-resource':
          p.read = resource[lock];
          p.step = 'write-resource';
          return { type: 'ok', value: resource[lock] };
        case 'write-resource': {
          p.step = 'release';
          if (p.token < highestToken[lock]) return { type: 'fail', value: op.value, error: STALE_TOKEN };
          highestToken[lock] = p.token;
          resource[lock] = p.read + 1;
          return { type: 'ok', value: op.value };
        }
        default: {
          p.step = 'acquire';
          const mine = holder[lock] === worker;
          if (mine) holder[lock] = -1;
          return { type: 'ok', value: mine };
        }
      }
    },
    doubleGrants: () => doubleGrants,
    effectAt: (op) => (op.f === 'acquire' ? 0 : op.f === 'release' ? 1 : undefined),
    finalOps() {
      finished = true;
      return resource.map((_, lock) => ({ f: 'read-resource', value: null, key: `L${lock}` }));
    },
  };
}
