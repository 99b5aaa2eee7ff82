import { JsonLineClient } from '../protocol/json-lines.js';
import { asOutcome, sessionConfigSchema, STALE_TOKEN_ERROR, type Outcome, type SessionConfig } from '../protocol/messages.js';
import type { DistributedLock, Grant } from './locks/lock.js';
import { Redlock } from './locks/redlock.js';
import { RedlockNpm } from './locks/redlock-npm.js';
import { SingleInstanceLock } from './locks/single.js';

type ReadyLock = DistributedLock & { ready(timeoutMs: number): Promise<void> };

export function createLock(config: SessionConfig): ReadyLock {
  switch (config.lock) {
    case 'single':
      return new SingleInstanceLock(config);
    case 'redlock':
      return new Redlock(config);
    case 'redlock-npm':
      return new RedlockNpm(config);
  }
}

/**
 * What one harness process does through a lock client: take the lock, read and write the
 * resource as its holder, release it. The session remembers its grant between requests, as
 * application code holding a lock object would.
 */
export class LockSession {
  private config: SessionConfig | undefined;
  private lock: ReadyLock | undefined;
  private resource: JsonLineClient | undefined;
  private grant: Grant | undefined;
  /** The token resource accesses carry; dropped once the resource called it stale. */
  private token: number | null = null;

  async handle(request: Record<string, unknown>): Promise<Outcome<unknown>> {
    if (request.op === 'hello') return this.hello(request.config);
    if (!this.lock || !this.config) return { type: 'fail', error: 'no hello yet: the session has no configuration' };
    switch (request.op) {
      case 'acquire':
        return this.acquire(this.lock);
      case 'read-resource':
        return this.accessResource({ op: 'read', token: this.token });
      case 'write-resource': {
        if (typeof request.value !== 'number') return { type: 'fail', error: `write-resource needs a numeric value, got ${JSON.stringify(request.value)}` };
        const token = typeof request.token === 'number' ? request.token : null;
        return this.accessResource({ op: 'write', value: request.value, token });
      }
      case 'release':
        return this.release(this.lock);
      default:
        return { type: 'fail', error: `unknown operation ${JSON.stringify(request.op)}` };
    }
  }

  close(): void {
    this.resource?.close();
    void this.lock?.close();
  }

  private async hello(raw: unknown): Promise<Outcome<null>> {
    if (this.config) return { type: 'fail', error: 'hello was already said' };
    const parsed = sessionConfigSchema.safeParse(raw);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      return { type: 'fail', error: `bad session config at ${issue.path.join('.') || '(root)'}: ${issue.message}` };
    }
    const config = parsed.data;
    this.config = config;
    this.lock = createLock(config);
    try {
      this.resource = await JsonLineClient.connect({ ...config.resource, localAddress: config.localAddress }, 5_000);
    } catch (err) {
      return { type: 'fail', error: `cannot reach the resource at ${config.resource.host}:${config.resource.port}: ${(err as Error).message}` };
    }
    // A server that is down or paused must not hold up the session; its commands will say so.
    await this.lock.ready(1_000);
    return { type: 'ok', value: null };
  }

  private async acquire(lock: ReadyLock): Promise<Outcome<unknown>> {
    if (this.grant) return { type: 'fail', error: 'this session already holds the lock' };
    const outcome = await lock.acquire();
    if (outcome.type !== 'ok') return outcome;
    this.grant = outcome.value;
    this.token = outcome.value.token;
    return { type: 'ok', value: { token: outcome.value.token, validityMs: outcome.value.validityMs } };
  }

  private async release(lock: ReadyLock): Promise<Outcome<unknown>> {
    const grant = this.grant;
    if (!grant) return { type: 'fail', error: 'this session holds no lock' };
    const outcome = await lock.release(grant);
    // Only a certain failure leaves the hold as it was; anything else ends it for this client.
    if (outcome.type !== 'fail') {
      this.grant = undefined;
      this.token = null;
    }
    return outcome;
  }

  private async accessResource(request: Record<string, unknown>): Promise<Outcome<unknown>> {
    if (!this.resource) return { type: 'fail', error: 'no connection to the resource' };
    let outcome: Outcome<unknown>;
    try {
      outcome = asOutcome(await this.resource.request(request));
    } catch (err) {
      return { type: 'info', error: `resource: ${(err as Error).message}` };
    }
    if (outcome.type === 'fail' && outcome.error === STALE_TOKEN_ERROR) this.token = null;
    return outcome;
  }
}
