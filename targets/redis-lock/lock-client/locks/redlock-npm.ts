import { randomBytes } from 'node:crypto';
import RedlockLibrary from 'redlock';
import { lockValue, type Outcome, type SessionConfig } from '../../protocol/messages.js';
import { connectRedis, whenReady } from '../redis-connection.js';
import type { DistributedLock, Grant } from './lock.js';

/**
 * The `redlock` package from npm (v4), used as its README shows: one Redlock over one ioredis
 * client per master, lock() and lock.unlock(). Two settings differ from its defaults, both
 * said in the report: one attempt per acquire (retryCount 0; the workload retries, so the
 * history shows each attempt), and lock values that start with the client's name
 * (`_random`), so that faults can tell who holds the lock. The ioredis clients time commands
 * out after commandTimeoutMs; without that, a paused master stalls every lock() forever.
 */
export class RedlockNpm implements DistributedLock {
  private readonly clients: ReturnType<typeof connectRedis>[];
  private readonly redlock: RedlockLibrary;

  constructor(private readonly config: SessionConfig) {
    this.clients = config.servers.map((server) => connectRedis(server, config));
    this.redlock = new RedlockLibrary(this.clients, { driftFactor: config.driftFactor, retryCount: 0 });
    this.redlock._random = () => lockValue(config.owner, randomBytes(16).toString('hex'));
    // The library reports each failed command as an event; unheard, they would be lost anyway.
    this.redlock.on('clientError', () => undefined);
  }

  async ready(timeoutMs: number): Promise<void> {
    await Promise.all(this.clients.map((c) => whenReady(c, timeoutMs)));
  }

  async acquire(): Promise<Outcome<Grant>> {
    try {
      const lock = await this.redlock.lock(this.config.key, this.config.ttlMs);
      return { type: 'ok', value: { value: lock.value, token: null, validityMs: Math.max(0, lock.expiration - Date.now()), handle: lock } };
    } catch (err) {
      // LockError: no quorum, or no time left; the library already released what it got.
      if (err instanceof RedlockLibrary.LockError) return { type: 'fail', error: err.message };
      return { type: 'info', error: err instanceof Error ? err.message : String(err) };
    }
  }

  async release(grant: Grant): Promise<Outcome<boolean>> {
    const lock = grant.handle as RedlockLibrary.Lock | undefined;
    if (!lock) return { type: 'fail', error: 'no lock object to release' };
    try {
      await lock.unlock();
      return { type: 'ok', value: true };
    } catch (err) {
      // The library cannot tell "gone already" from "no answer": both are a LockError.
      if (err instanceof RedlockLibrary.LockError) return { type: 'ok', value: false };
      return { type: 'info', error: err instanceof Error ? err.message : String(err) };
    }
  }

  async close(): Promise<void> {
    for (const c of this.clients) c.disconnect();
  }
}
