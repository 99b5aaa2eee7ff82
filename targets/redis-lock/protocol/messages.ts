import { z } from 'zod';

// What the harness says to a lock client (one session per harness process), and what the
// lock client and the fenced resource say to each other. Replies are outcomes in the history's
// terms: ok, fail (certainly did not happen), info (unknown).

export const LOCK_KINDS = ['single', 'redlock', 'redlock-npm'] as const;
export type LockKind = (typeof LOCK_KINDS)[number];

const serverAddress = z.object({ name: z.string().min(1), host: z.string().min(1), port: z.number().int().min(1).max(65535) }).strict();
export type ServerAddress = z.output<typeof serverAddress>;

export const sessionConfigSchema = z
  .object({
    lock: z.enum(LOCK_KINDS),
    /** One server (single), independent masters (redlock), or a primary and its replicas (replicated). */
    servers: z.array(serverAddress).min(1),
    /** The servers replicate one another: the lock lives on whichever is primary now. */
    replicated: z.boolean(),
    key: z.string().min(1),
    ttlMs: z.number().int().positive(),
    fencing: z.boolean(),
    /** Redlock's allowance for clock drift, as a share of the TTL. */
    driftFactor: z.number().min(0).max(0.5),
    /** How long one command to one server may take before its outcome counts as unknown. */
    commandTimeoutMs: z.number().int().positive(),
    resource: z.object({ host: z.string().min(1), port: z.number().int().min(1).max(65535) }).strict(),
    /** Written into every lock value, so that faults can tell which client holds the lock. */
    owner: z.string().regex(/^[A-Za-z0-9_.-]+$/),
    /** The address to leave from: the lock client's own node address, so partitions apply. */
    localAddress: z.string().optional(),
  })
  .strict();

export type SessionConfig = z.output<typeof sessionConfigSchema>;

export type LockRequest =
  | { op: 'hello'; config: SessionConfig }
  | { op: 'acquire' }
  | { op: 'read-resource' }
  | { op: 'write-resource'; value: number; token: number | null }
  | { op: 'release' };

export type Outcome<T> = { type: 'ok'; value: T } | { type: 'fail'; error: string } | { type: 'info'; error: string };

/** A fenced resource refuses any access with a token older than one it has seen. */
export const STALE_TOKEN_ERROR = 'stale-token';

export type ResourceRequest = { op: 'read'; token: number | null } | { op: 'write'; value: number; token: number | null };

/** Lock values are `<owner>/<random>`: unique per grant, and they name the holder. */
export function lockValue(owner: string, random: string): string {
  return `${owner}/${random}`;
}

export function ownerOfLockValue(value: string | null | undefined): string | undefined {
  if (typeof value !== 'string') return undefined;
  const slash = value.indexOf('/');
  return slash > 0 ? value.slice(0, slash) : undefined;
}

/** Checks that a reply is an outcome; anything else is the peer's bug, reported as unknown. */
export function asOutcome(reply: Record<string, unknown>): Outcome<unknown> {
  if (reply.type === 'ok') return { type: 'ok', value: reply.value };
  if ((reply.type === 'fail' || reply.type === 'info') && typeof reply.error === 'string') return { type: reply.type, error: reply.error };
  return { type: 'info', error: `malformed reply ${JSON.stringify(reply).slice(0, 120)}` };
}
