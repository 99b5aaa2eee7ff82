import { ConfigError } from '../../core/errors.js';
import { NS_PER_MS, type GenContext, type GenStep, type Generator, type OpTemplate } from '../index.js';
import type { Key, Op, ProcessId } from '../../core/history.js';
import type { Workload } from '../../core/target.js';
import { readUntilOk } from './counter.js';

// Mutual exclusion with a protected resource, for the lock checker (checkers/lock/lock-types.ts
// has the exact conventions). Every process loops: acquire the lock; when granted, read the
// resource and write what it read plus one, then release:
//   {"f":"acquire","value":null}                       → ok {"token":12,"validityMs":1800} | fail | info
//   {"f":"read-resource","value":null}                 → ok 41 | fail "stale-token"
//   {"f":"write-resource","value":{"value":42,"token":12}} → ok | fail "stale-token"
//   {"f":"release","value":{"token":12}}               → ok true | ok false (the lock was gone)
// A refused acquire is tried again after a short jittered wait. After the faults are healed
// one process reads the resource a last time. The client does the reading and writing as the
// holder (not the harness), so a pause of the client between its read and its write is what
// a garbage-collection pause in a lock holder would be.

export interface LockWorkloadOptions {
  /** Time a holder spends between the grant and its read: the critical section's own work (default 100 ms). */
  holdMs?: number;
  /** Mean wait before trying again after a refused acquire, jittered ±50% (default 25 ms). */
  retryMs?: number;
  /** The longest a grant can last, for acquires whose outcome is unknown (the lock checker's validityMs). */
  leaseMs?: number;
  /** The lock's name, recorded as the operations' key (default: none). */
  lock?: Key;
  /**
   * Invoke a release only while no acquire is in flight, and no acquire while a release is in
   * flight or waiting (default false). Every grant then falls clearly before or after every
   * release, so the lock checker can decide a correct run (valid) instead of finding acquires
   * that raced a release (unknown); the price is that releases never race acquires.
   */
  isolateReleases?: boolean;
}

interface Resolved {
  holdNs: number;
  retryNs: number;
  lock: Key | undefined;
  isolateReleases: boolean;
}

export function resolveLockOptions(
  options: LockWorkloadOptions,
): Required<Omit<LockWorkloadOptions, 'leaseMs' | 'lock'>> & Pick<LockWorkloadOptions, 'leaseMs' | 'lock'> {
  const isolateReleases = options.isolateReleases ?? false;
  if (typeof isolateReleases !== 'boolean') throw new ConfigError('isolateReleases', `must be true or false, got ${JSON.stringify(isolateReleases)}`);
  const holdMs = options.holdMs ?? 100;
  const retryMs = options.retryMs ?? 25;
  const nonNegative = (field: string, v: unknown) => {
    if (typeof v !== 'number' || !Number.isFinite(v) || v < 0)
      throw new ConfigError(field, `must be a number of milliseconds, at least 0, got ${JSON.stringify(v)}`);
  };
  nonNegative('holdMs', holdMs);
  nonNegative('retryMs', retryMs);
  if (options.leaseMs !== undefined) nonNegative('leaseMs', options.leaseMs);
  if (options.lock !== undefined && typeof options.lock !== 'string' && typeof options.lock !== 'number') {
    throw new ConfigError('lock', `must be a string or a number, got ${JSON.stringify(options.lock)}`);
  }
  return { holdMs, retryMs, leaseMs: options.leaseMs, lock: options.lock, isolateReleases };
}

/** Where one process is in its loop: the operation it does next, and from when. */
interface Step {
  template: OpTemplate;
  readyAt: number;
  /** The fencing token of the grant this process holds, if any. */
  token: number | null;
}

const NOTHING_BLOCKED: ReadonlySet<string> = new Set();

/** Immutable: each event yields a new generator with that one process's step replaced. */
class LockLoopGen implements Generator {
  constructor(
    private readonly options: Resolved,
    private readonly steps: ReadonlyMap<ProcessId, Step>,
    /** Lock operations in flight, by process (for isolateReleases). */
    private readonly inFlight: ReadonlyMap<ProcessId, string>,
  ) {}

  op(ctx: GenContext): GenStep {
    let best: { process: ProcessId; step: Step } | undefined;
    let wakeAt = Infinity;
    const ready: { process: ProcessId; step: Step }[] = [];
    for (const process of ctx.free) {
      const step = this.steps.get(process) ?? this.acquireAt(0);
      if (step.readyAt <= ctx.time) ready.push({ process, step });
      else wakeAt = Math.min(wakeAt, step.readyAt);
    }
    const blocked = this.options.isolateReleases ? this.blockedOperations(ready) : NOTHING_BLOCKED;
    for (const candidate of ready) {
      if (blocked.has(candidate.step.template.f)) continue;
      if (!best || candidate.step.readyAt < best.step.readyAt) best = candidate;
    }
    // A blocked process waits for a completion, which asks again.
    if (!best) return { type: 'pending', gen: this, wakeAt: wakeAt === Infinity ? undefined : wakeAt };
    const { template } = best.step;
    const op = { process: best.process, time: ctx.time, f: template.f, value: template.value, ...(template.key !== undefined ? { key: template.key } : {}) };
    // Until its completion arrives the process is busy, so its step stays as it is.
    return { type: 'op', op, gen: this };
  }

  /** Releases wait for acquires in flight; acquires wait for releases in flight or ready to go. */
  private blockedOperations(ready: readonly { step: Step }[]): ReadonlySet<string> {
    const flying = new Set(this.inFlight.values());
    const blocked = new Set<string>();
    if (flying.has('acquire')) blocked.add('release');
    if (flying.has('release') || ready.some((r) => r.step.template.f === 'release')) blocked.add('acquire');
    return blocked;
  }

  update(ctx: GenContext, event: Op): Generator {
    if (event.process === 'nemesis') return this;
    const inFlight = new Map(this.inFlight);
    if (event.type === 'invoke') {
      if (!this.options.isolateReleases) return this;
      inFlight.set(event.process, event.f);
      return new LockLoopGen(this.options, this.steps, inFlight);
    }
    inFlight.delete(event.process);
    const next = new Map(this.steps);
    if (event.type === 'info') {
      // The process is retired; its successor starts from the top.
      next.delete(event.process);
      return new LockLoopGen(this.options, next, inFlight);
    }
    const previous = this.steps.get(event.process);
    next.set(event.process, this.after(event, previous?.token ?? null, ctx));
    return new LockLoopGen(this.options, next, inFlight);
  }

  private after(event: Op, token: number | null, ctx: GenContext): Step {
    const now = event.time;
    const ok = event.type === 'ok';
    switch (event.f) {
      case 'acquire': {
        if (!ok) return this.acquireAt(now + this.options.retryNs * (0.5 + ctx.rng.float()));
        const granted = (event.value as { token?: unknown } | null)?.token;
        const held = typeof granted === 'number' ? granted : null;
        return { template: this.template('read-resource', null), readyAt: now + this.options.holdNs, token: held };
      }
      case 'read-resource':
        if (ok && typeof event.value === 'number') return { template: this.template('write-resource', { value: event.value + 1, token }), readyAt: now, token };
        return { template: this.template('release', { token }), readyAt: now, token };
      case 'write-resource':
        return { template: this.template('release', { token }), readyAt: now, token };
      case 'release':
        // Whatever the answer, the loop goes on; a lock left behind expires with its lease.
        return this.acquireAt(now);
      default:
        return this.acquireAt(now);
    }
  }

  private acquireAt(time: number): Step {
    return { template: this.template('acquire', null), readyAt: time, token: null };
  }

  private template(f: string, value: unknown): OpTemplate {
    return this.options.lock === undefined ? { f, value } : { f, value, key: this.options.lock };
  }
}

/** The acquire → read → write → release loop of every client process, forever. */
export function lockLoop(options: LockWorkloadOptions = {}): Generator {
  const o = resolveLockOptions(options);
  return new LockLoopGen(
    { holdNs: o.holdMs * NS_PER_MS, retryNs: o.retryMs * NS_PER_MS, lock: o.lock, isolateReleases: o.isolateReleases },
    new Map(),
    new Map(),
  );
}

export function lockWorkload(options: LockWorkloadOptions = {}): Workload {
  const o = resolveLockOptions(options);
  const finalRead: OpTemplate = o.lock === undefined ? { f: 'read-resource', value: null } : { f: 'read-resource', value: null, key: o.lock };
  return {
    name: 'lock',
    generator: lockLoop(o),
    final: readUntilOk(finalRead),
    checkers: [{ checker: 'lock', options: o.leaseMs === undefined ? {} : { validityMs: o.leaseMs } }],
  };
}
