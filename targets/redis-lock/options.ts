import { z } from 'zod';
import { LOCK_KINDS } from './protocol/messages.js';
import { PERSISTENCE_MODES } from './redis-command.js';

/** redis://host:port (no credentials, no database number: the lock uses its own key). */
const redisUrl = z.string().regex(/^redis:\/\/[^/:@\s]+:\d{1,5}\/?$/, 'must look like redis://HOST:PORT');

export const redisLockOptionsSchema = z
  .object({
    /** single: SET NX PX on one server; redlock: our Redlock over independent masters; redlock-npm: the npm package. */
    lock: z.enum(LOCK_KINDS).default('single'),
    /** Fencing tokens: each grant gets the next token and the resource refuses older ones. */
    fencing: z.boolean().default(false),
    /** The lock's time to live (PX). */
    ttlMs: z.number().int().min(100).max(600_000).default(2_000),
    /** Servers that already run; then the run starts no nodes and lock clients run in the harness. */
    redisUrl: z.array(redisUrl).default([]),
    redisPersistence: z.enum(PERSISTENCE_MODES).default('none'),
    /** Replicas of the single server (for the failover scenario). */
    redisReplicas: z.number().int().min(0).max(4).default(0),
    driftFactor: z.number().min(0).max(0.5).default(0.01),
    /** Time a holder spends between its grant and its read of the resource. */
    holdMs: z.number().int().min(0).max(60_000).default(500),
    /** Mean wait before trying again after a refused acquire. */
    retryMs: z.number().int().min(0).max(60_000).default(50),
    /** Keep acquires and releases apart in time so the checker can decide a correct run (see the lock workload). */
    isolateReleases: z.boolean().default(true),
    /** How long one command may take (Redlock: per master); default TTL/10, at least 50 ms, for Redlock; longer than any pause for the single lock. */
    commandTimeoutMs: z.number().int().positive().optional(),
    /** How long client-pause and net-delay keep their victim stopped (default TTL + 1 s). */
    pauseMs: z.number().int().positive().optional(),
    /** How far clock-jump moves a server's clock forward (default 2 × TTL). */
    clockJumpMs: z.number().int().positive().optional(),
    /** How long a scenario waits for its moment (a holder to aim at) before it acts anyway. */
    faultWaitMs: z.number().int().positive().default(10_000),
    /** How long setup waits for every server and lock client to answer. */
    startupTimeoutMs: z.number().int().positive().default(30_000),
  })
  .strict()
  .superRefine((o, ctx) => {
    if (o.lock === 'redlock-npm' && o.fencing) {
      ctx.addIssue({ code: 'custom', path: ['fencing'], message: 'the redlock package issues no fencing tokens; use --lock single or redlock with --fencing' });
    }
    if (o.redisReplicas > 0 && o.lock !== 'single') {
      ctx.addIssue({ code: 'custom', path: ['redisReplicas'], message: `replicas are for the single-instance lock; ${o.lock} uses independent masters` });
    }
    if (o.redisUrl.length > 1 && o.lock === 'single' && o.redisReplicas !== o.redisUrl.length - 1) {
      ctx.addIssue({
        code: 'custom',
        path: ['redisUrl'],
        message: `the single lock takes one server, or a primary and its replicas (then give --redis-replicas ${o.redisUrl.length - 1})`,
      });
    }
  });

export type RedisLockOptions = z.output<typeof redisLockOptionsSchema>;

/** The settings that have defaults depending on others. */
export interface DerivedSettings {
  pauseMs: number;
  clockJumpMs: number;
  commandTimeoutMs: number;
}

export function derivedSettings(o: RedisLockOptions): DerivedSettings {
  const pauseMs = o.pauseMs ?? o.ttlMs + 1_000;
  // Redlock wants per-master timeouts small against the TTL (its description: 5–50 ms for 10 s);
  // long ones let a client that cannot win sit on the masters it reached while it waits out the
  // others. The single lock waits longer than any pause a scenario injects, so that a stopped
  // client wakes to its reply, not to a timeout.
  const commandTimeoutMs = o.commandTimeoutMs ?? (o.lock === 'single' ? pauseMs + 2 * o.ttlMs : Math.max(25, Math.round(o.ttlMs / 40)));
  return { pauseMs, clockJumpMs: o.clockJumpMs ?? 2 * o.ttlMs, commandTimeoutMs };
}

export function usesExternalServers(o: RedisLockOptions): boolean {
  return o.redisUrl.length > 0;
}
