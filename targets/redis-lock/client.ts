import { errorCompletion } from '../support/client-errors.js';
import type { Client, Completion, Invocation } from '../../core/target.js';
import type { HolderBoard } from './holder-board.js';
import { JsonLineClient, type Endpoint } from './protocol/json-lines.js';
import { asOutcome, type Outcome, type SessionConfig } from './protocol/messages.js';
import { LockSession } from './lock-client/session.js';

/** How a harness process reaches its lock session: over TCP to a lock-client node, or in-process. */
export interface LockChannel {
  request(request: Record<string, unknown>, signal?: AbortSignal): Promise<Outcome<unknown>>;
  close(): void;
}

export async function openTcpChannel(endpoint: Endpoint, timeoutMs: number): Promise<LockChannel> {
  const connection = await JsonLineClient.connect(endpoint, timeoutMs);
  return {
    request: async (request, signal) => asOutcome(await connection.request(request, signal)),
    close: () => connection.close(),
  };
}

/** Lock clients inside the harness, for servers given by URL (no nodes, so no client faults). */
export function inProcessChannel(): LockChannel {
  const session = new LockSession();
  return {
    request: (request) => session.handle(request),
    close: () => session.close(),
  };
}

/** Says hello, so that a channel that fails to configure its session is never used. */
export async function greet(channel: LockChannel, config: SessionConfig, signal?: AbortSignal): Promise<void> {
  const reply = await channel.request({ op: 'hello', config }, signal);
  if (reply.type !== 'ok') {
    channel.close();
    throw new Error(`the lock client refused its configuration: ${reply.error}`);
  }
}

/**
 * One logical process in the history's terms. Every operation goes to the lock session, which
 * acts as the holder (it reads and writes the resource itself); the board hears about grants
 * and releases so that faults can aim at holders.
 */
export class RedisLockClient implements Client {
  constructor(
    private readonly channel: LockChannel,
    private readonly process: number,
    /** The lock-client node the session runs on ("harness" for lock clients inside the harness). */
    readonly node: string,
    private readonly board: HolderBoard,
  ) {}

  async invoke(op: Invocation, signal: AbortSignal): Promise<Completion> {
    switch (op.f) {
      case 'acquire':
        return this.acquire(signal);
      case 'read-resource': {
        const outcome = await this.send({ op: 'read-resource' }, signal);
        if (outcome.type === 'ok') await this.board.reached('read', this.process, this.node);
        return this.completion(outcome, true);
      }
      case 'write-resource': {
        const { value, token } = (op.value ?? {}) as { value?: unknown; token?: unknown };
        if (typeof value !== 'number') return { type: 'fail', error: `write-resource needs {value, token}, got ${JSON.stringify(op.value)}` };
        return this.completion(await this.send({ op: 'write-resource', value, token: typeof token === 'number' ? token : null }, signal), false);
      }
      case 'release': {
        const outcome = await this.send({ op: 'release' }, signal);
        if (outcome.type !== 'fail') this.board.released(this.process);
        if (outcome.type === 'ok' && outcome.value === true) await this.board.reached('release', this.process, this.node);
        return this.completion(outcome, true);
      }
      default:
        return { type: 'fail', error: `redis-lock cannot perform "${op.f}"` };
    }
  }

  async close(): Promise<void> {
    this.board.retired(this.process);
    this.channel.close();
  }

  private async acquire(signal: AbortSignal): Promise<Completion> {
    this.board.acquireStarted(this.process, this.node);
    let outcome: Outcome<unknown> | undefined;
    try {
      outcome = await this.send({ op: 'acquire' }, signal);
      return this.completion(outcome, true);
    } finally {
      this.board.acquireEnded(this.process, this.node, outcome?.type === 'ok');
    }
  }

  /** A channel that breaks mid-request (the request written, or about to be) leaves the outcome unknown. */
  private async send(request: Record<string, unknown>, signal: AbortSignal): Promise<Outcome<unknown>> {
    try {
      return await this.channel.request(request, signal);
    } catch (err) {
      const { type, error } = errorCompletion(err, { sent: true });
      return { type, error: `lock client ${this.node}: ${error}` };
    }
  }

  /** Writes complete with their own arguments; the rest with what the session answered. */
  private completion(outcome: Outcome<unknown>, withValue: boolean): Completion {
    if (outcome.type !== 'ok') return { type: outcome.type, error: outcome.error, node: this.node };
    return withValue ? { type: 'ok', value: outcome.value, node: this.node } : { type: 'ok', node: this.node };
  }
}
