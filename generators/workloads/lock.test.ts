import { describe, expect, it } from 'vitest';
import { checkLock } from '../../checkers/lock/index.js';
import { ConfigError } from '../../core/errors.js';
import { NS_PER_MS, NS_PER_S, phases, simulate, timeLimit, type GenOp } from '../index.js';
import type { Op } from '../../core/history.js';
import { lockWorkload } from './lock.js';

/**
 * Runs the workload against a simulated lock and counter. `exclusive: false` grants the lock
 * to anyone who asks, the way a lock without any mutual exclusion would.
 */
function run(exclusive: boolean, seed = 1, isolateReleases = false): Op[] {
  const workload = lockWorkload({ holdMs: 5, retryMs: 3, leaseMs: 1_000, isolateReleases });
  let holder: number | undefined;
  let counter = 0;
  let nextToken = 1;
  const readAtInvoke = new Map<GenOp, number>();
  return simulate(phases(timeLimit(2 * NS_PER_S, workload.generator), workload.final!), {
    concurrency: 4,
    seed,
    latency: (op, rng) => {
      if (op.f === 'read-resource') readAtInvoke.set(op, counter);
      return rng.int(1, 3) * NS_PER_MS;
    },
    complete: (op) => {
      const process = op.process as number;
      switch (op.f) {
        case 'acquire':
          if (exclusive && holder !== undefined) return { type: 'fail' };
          holder = process;
          return { type: 'ok', value: { token: nextToken++, validityMs: 1_000 } };
        case 'read-resource':
          return { type: 'ok', value: exclusive ? counter : (readAtInvoke.get(op) as number) };
        case 'write-resource':
          counter = (op.value as { value: number }).value;
          return { type: 'ok' };
        case 'release': {
          const mine = holder === process;
          if (mine) holder = undefined;
          return { type: 'ok', value: mine };
        }
        default:
          return { type: 'fail' };
      }
    },
  });
}

describe('lock workload', () => {
  it('loops acquire, read, write of read + 1, release; retries refused acquires; reads the resource once at the end', () => {
    const history = run(true);
    const byProcess = new Map<unknown, string[]>();
    for (const op of history.filter((o) => o.type !== 'invoke')) {
      const fs = byProcess.get(op.process) ?? [];
      fs.push(op.type === 'ok' ? op.f : `${op.f}:${op.type}`);
      byProcess.set(op.process, fs);
    }
    for (const fs of byProcess.values()) {
      const holds = fs
        .join(' ')
        .replace(/(acquire:fail )+/g, '')
        .split('acquire ')
        .filter(Boolean);
      for (const hold of holds.slice(0, -1)) expect(hold.trim()).toBe('read-resource write-resource release');
    }
    const writes = history.filter((o) => o.f === 'write-resource' && o.type === 'invoke');
    const reads = history.filter((o) => o.f === 'read-resource' && o.type === 'ok');
    expect(writes.length).toBeGreaterThan(20);
    expect((writes[0].value as { value: number }).value).toBe((reads[0].value as number) + 1);
    expect((writes[0].value as { token: number }).token).toEqual(expect.any(Number));
    const last = history[history.length - 1];
    expect(last).toMatchObject({ f: 'read-resource', type: 'ok' });
    expect(history.filter((o) => o.f === 'acquire' && o.type === 'fail').length).toBeGreaterThan(0);
  });

  // An acquire invoked while the previous holder's release is in flight and granted after it
  // overlaps that release as far as the history can tell, so the checker may say unknown; it
  // must never report a violation.
  it('gives the lock checker a history without violations for an exclusive lock', () => {
    const verdict = checkLock(run(true), lockWorkload({ leaseMs: 1_000 }).checkers[0].options);
    expect(verdict.valid).not.toBe(false);
    const details = verdict as unknown as { violationCount: number; acquires: { ok: number }; resource: { lostUpdates: unknown[]; overwritten: unknown[] } };
    expect(details.violationCount).toBe(0);
    expect(details.resource.lostUpdates).toEqual([]);
    expect(details.resource.overwritten).toEqual([]);
    expect(details.acquires.ok).toBeGreaterThan(20);
  });

  it('with isolated releases, lets the checker decide: no acquire is in flight while a release is', () => {
    const history = run(true, 2, true);
    const verdict = checkLock(history, { validityMs: 1_000 });
    expect(verdict.valid).toBe(true);
    const open = new Map<unknown, string>();
    for (const op of history) {
      if (op.type === 'invoke') {
        const others = [...open.entries()].filter(([p]) => p !== op.process).map(([, f]) => f);
        if (op.f === 'acquire') expect(others).not.toContain('release');
        if (op.f === 'release') expect(others).not.toContain('acquire');
        open.set(op.process, op.f);
      } else open.delete(op.process);
    }
  });

  it('lets the lock checker catch a lock that grants to everyone: overlapping holders and lost updates', () => {
    const verdict = checkLock(run(false), { validityMs: 1_000 });
    expect(verdict.valid).toBe(false);
    if (verdict.valid === 'unknown') throw new Error('unexpected unknown');
    expect(verdict.violationCount).toBeGreaterThan(0);
    expect(verdict.resource.lostUpdates.length).toBeGreaterThan(0);
  });

  it('is the same schedule for the same seed, and names its checker', () => {
    expect(run(true, 7)).toEqual(run(true, 7));
    expect(lockWorkload({ leaseMs: 2_000 }).checkers).toEqual([{ checker: 'lock', options: { validityMs: 2_000 } }]);
  });

  it('rejects bad options, naming them', () => {
    expect(() => lockWorkload({ holdMs: -1 })).toThrow(ConfigError);
    expect(() => lockWorkload({ retryMs: Number.NaN })).toThrow(/retryMs/);
  });
});
