import { randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';
import { lockValue, type Outcome, type ServerAddress, type SessionConfig } from '../../protocol/messages.js';
import { classifyRedisError, connectRedis, whenReady } from '../redis-connection.js';
import type { DistributedLock, Grant } from './lock.js';
import { FENCED_ACQUIRE_SCRIPT, fenceKey, RELEASE_SCRIPT } from './scripts.js';

interface Master {
  server: ServerAddress;
  redis: Redis;
}

/** What one master answered to one acquire. */
type Vote = { granted: true; token: number | null } | { granted: false; unknown: boolean };

/**
 * Redlock as published: try the N independent masters one after another with the same key and
 * random value, each with a timeout small against the TTL; the lock is ours if a majority
 * granted it and time is left: validity = TTL − elapsed − drift (drift = TTL·driftFactor + 2 ms,
 * elapsed on the monotonic clock). Otherwise release it everywhere at once. The order is
 * unspecified; each client starts at a different master (its number modulo N), as clients at
 * different distances from the masters would, so contending clients split the masters.
 *
 * Redlock has no fencing token of its own (Kleppmann's point). With fencing, each master counts
 * its grants and the client takes the largest count among its majority: tokens then usually
 * grow from holder to holder, but nothing guarantees it.
 */
export class Redlock implements DistributedLock {
  private readonly masters: Master[];
  private readonly quorum: number;

  constructor(private readonly config: SessionConfig) {
    const all = config.servers.map((server) => ({ server, redis: connectRedis(server, config) }));
    const first = startingMaster(config.owner, all.length);
    this.masters = [...all.slice(first), ...all.slice(0, first)];
    this.quorum = Math.floor(all.length / 2) + 1;
  }

  async ready(timeoutMs: number): Promise<void> {
    await Promise.all(this.masters.map((m) => whenReady(m.redis, timeoutMs)));
  }

  async acquire(): Promise<Outcome<Grant>> {
    const { ttlMs, driftFactor, owner } = this.config;
    const value = lockValue(owner, randomBytes(8).toString('hex'));
    const started = performance.now();
    const votes: Vote[] = [];
    for (const master of this.masters) votes.push(await this.lockOn(master, value));
    const elapsed = performance.now() - started;
    const validityMs = Math.floor(ttlMs - elapsed - (ttlMs * driftFactor + 2));
    const granted = votes.filter((v): v is Extract<Vote, { granted: true }> => v.granted);
    if (granted.length >= this.quorum && validityMs > 0) {
      const tokens = granted.map((v) => v.token).filter((t): t is number => t !== null);
      return { type: 'ok', value: { value, token: tokens.length ? Math.max(...tokens) : null, validityMs } };
    }
    await this.unlockEverywhere(value);
    const why =
      granted.length < this.quorum
        ? `${granted.length} of ${this.masters.length} masters granted it (needs ${this.quorum})`
        : `no validity left (${validityMs} ms after ${Math.round(elapsed)} ms)`;
    return { type: 'fail', error: why };
  }

  async release(grant: Grant): Promise<Outcome<boolean>> {
    const results = await this.unlockEverywhere(grant.value);
    const released = results.filter((r) => r === 'released').length;
    if (released >= this.quorum) return { type: 'ok', value: true };
    const unknown = results.filter((r) => r === 'unknown').length;
    if (released + unknown >= this.quorum) return { type: 'info', error: `released on ${released} masters, ${unknown} did not answer` };
    return { type: 'ok', value: false };
  }

  async close(): Promise<void> {
    for (const m of this.masters) m.redis.disconnect();
  }

  private async lockOn(master: Master, value: string): Promise<Vote> {
    const { key, ttlMs, fencing } = this.config;
    try {
      if (fencing) {
        const reply = await master.redis.eval(FENCED_ACQUIRE_SCRIPT, 2, key, fenceKey(key), value, ttlMs);
        return reply === null ? { granted: false, unknown: false } : { granted: true, token: Number(reply) };
      }
      const reply = await master.redis.set(key, value, 'PX', ttlMs, 'NX');
      return reply === 'OK' ? { granted: true, token: null } : { granted: false, unknown: false };
    } catch (err) {
      return { granted: false, unknown: classifyRedisError(err) === 'info' };
    }
  }

  private unlockEverywhere(value: string): Promise<Array<'released' | 'absent' | 'unknown'>> {
    return Promise.all(
      this.masters.map(async (m) => {
        try {
          return Number(await m.redis.eval(RELEASE_SCRIPT, 1, this.config.key, value)) === 1 ? 'released' : 'absent';
        } catch (err) {
          return classifyRedisError(err) === 'info' ? 'unknown' : 'absent';
        }
      }),
    );
  }
}

/** c1 starts at the first master, c2 at the second, …; owners without a number at the first. */
export function startingMaster(owner: string, masters: number): number {
  const number = /(\d+)$/.exec(owner);
  return number ? (Number(number[1]) - 1 + masters) % masters : 0;
}
