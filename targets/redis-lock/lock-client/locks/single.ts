import { randomBytes } from 'node:crypto';
import { lockValue, type Outcome, type SessionConfig } from '../../protocol/messages.js';
import { PrimaryTracker } from '../primary.js';
import { classifyRedisError, describeFailure } from '../redis-connection.js';
import type { DistributedLock, Grant } from './lock.js';
import { FENCED_ACQUIRE_SCRIPT, fenceKey, RELEASE_SCRIPT } from './scripts.js';

/**
 * The single-instance lock of the Redis documentation: SET key value NX PX ttl to take it,
 * compare-and-delete to release it. Used as most code uses it, the client takes the TTL as
 * its lease from the moment SET answers and does not subtract how long the answer took.
 * With fencing, the same step also hands out the next token (INCR next to the lock).
 */
export class SingleInstanceLock implements DistributedLock {
  private readonly primaries: PrimaryTracker;

  constructor(private readonly config: SessionConfig) {
    this.primaries = new PrimaryTracker(config.servers, config.replicated, config);
  }

  ready(timeoutMs: number): Promise<void> {
    return this.primaries.ready(timeoutMs);
  }

  async acquire(): Promise<Outcome<Grant>> {
    const { key, ttlMs, fencing, owner } = this.config;
    const primary = await this.primaries.primary();
    if (!primary) return { type: 'fail', error: `no primary among ${this.primaries.names}` };
    const value = lockValue(owner, randomBytes(8).toString('hex'));
    let granted: boolean;
    let token: number | null = null;
    try {
      if (fencing) {
        const reply = await primary.redis.eval(FENCED_ACQUIRE_SCRIPT, 2, key, fenceKey(key), value, ttlMs);
        granted = reply !== null;
        token = granted ? Number(reply) : null;
      } else {
        granted = (await primary.redis.set(key, value, 'PX', ttlMs, 'NX')) === 'OK';
      }
    } catch (err) {
      this.primaries.forget();
      return { type: classifyRedisError(err), error: describeFailure(primary.server, err) };
    }
    if (!granted) return { type: 'fail', error: 'held by another client' };
    return { type: 'ok', value: { value, token, validityMs: ttlMs } };
  }

  async release(grant: Grant): Promise<Outcome<boolean>> {
    const primary = await this.primaries.primary();
    if (!primary) return { type: 'fail', error: `no primary among ${this.primaries.names}` };
    try {
      const deleted = await primary.redis.eval(RELEASE_SCRIPT, 1, this.config.key, grant.value);
      return { type: 'ok', value: Number(deleted) === 1 };
    } catch (err) {
      this.primaries.forget();
      return { type: classifyRedisError(err), error: describeFailure(primary.server, err) };
    }
  }

  async close(): Promise<void> {
    this.primaries.close();
  }
}
