import { FaultlineError } from '../../core/errors.js';
import { classifyError, Refusal } from '../support/client-errors.js';
import { ClientConnection, type Exchange } from './client-connection.js';
import type { KvKey, KvValue, NodeStatus } from './protocol/messages.js';
import { isKvKey, isKvValue } from './protocol/validate.js';

// The harness's client for raft-kv: one instance per logical client process, talking to one
// node. Outcomes use the history's vocabulary: `ok` happened, `fail` certainly did not happen
// (the node said so, or the request never left this process), `info` unknown (a timeout, a lost
// connection, or a node that could not tell).

export type KvOutcome<T> =
  | { type: 'ok'; value: T; node: string }
  | { type: 'fail'; error: string; node?: string }
  | { type: 'info'; error: string; node?: string };

export interface RaftKvClientOptions {
  host: string;
  port: number;
  /** Per request, from send to answer. Default 2000 ms. */
  timeoutMs?: number;
  /** Default: the request timeout, at most 1000 ms. */
  connectTimeoutMs?: number;
}

export class RaftKvClient {
  readonly timeoutMs: number;
  private readonly connection: ClientConnection;

  constructor(options: RaftKvClientOptions) {
    if (typeof options.host !== 'string' || options.host === '')
      throw new FaultlineError('BAD_ARGUMENT', `RaftKvClient: host must be a non-empty string, got ${JSON.stringify(options.host)}`);
    if (!Number.isInteger(options.port) || options.port < 1 || options.port > 65535) {
      throw new FaultlineError('BAD_ARGUMENT', `RaftKvClient: port must be 1-65535, got ${JSON.stringify(options.port)}`);
    }
    this.timeoutMs = options.timeoutMs ?? 2000;
    if (!(this.timeoutMs > 0)) throw new FaultlineError('BAD_ARGUMENT', `RaftKvClient: timeoutMs must be positive, got ${JSON.stringify(options.timeoutMs)}`);
    const connectTimeoutMs = options.connectTimeoutMs ?? Math.min(this.timeoutMs, 1000);
    this.connection = new ClientConnection(options.host, options.port, connectTimeoutMs);
  }

  /** A client whose connection is already open; rejects with NODE_UNREACHABLE if it cannot be. */
  static async connect(options: RaftKvClientOptions): Promise<RaftKvClient> {
    const client = new RaftKvClient(options);
    try {
      await client.connection.open();
    } catch (err) {
      await client.close();
      throw new FaultlineError('NODE_UNREACHABLE', `raft-kv node at ${options.host}:${options.port}: ${(err as Error).message}`, { cause: err });
    }
    return client;
  }

  read(key: KvKey): Promise<KvOutcome<KvValue | null>> {
    checkKey(key);
    return this.kv({ op: 'read', key });
  }

  write(key: KvKey, value: KvValue): Promise<KvOutcome<KvValue>> {
    checkKey(key);
    checkValue(value, 'value');
    return this.kv({ op: 'write', key, value });
  }

  /** Sets `key` to `to` if it holds `from`; a mismatch is a `fail`. */
  cas(key: KvKey, from: KvValue, to: KvValue): Promise<KvOutcome<[KvValue, KvValue]>> {
    checkKey(key);
    checkValue(from, 'from');
    checkValue(to, 'to');
    return this.kv({ op: 'cas', key, from, to });
  }

  /** Concatenates `value` to the string at `key` (a missing key starts empty). */
  append(key: KvKey, value: KvValue): Promise<KvOutcome<KvValue>> {
    checkKey(key);
    checkValue(value, 'value');
    return this.kv({ op: 'append', key, value });
  }

  /** The node's own view of the cluster; throws NODE_UNREACHABLE when it does not answer. */
  async status(): Promise<NodeStatus> {
    return (await this.control({ op: 'status' })) as NodeStatus;
  }

  close(): Promise<void> {
    return this.connection.close();
  }

  private async kv<T>(body: Record<string, unknown>): Promise<KvOutcome<T>> {
    return toOutcome<T>(await this.connection.exchange(body, this.timeoutMs));
  }

  private async control(body: Record<string, unknown>): Promise<unknown> {
    const exchange = await this.connection.exchange(body, this.timeoutMs);
    if (exchange.kind === 'answered' && exchange.response.ok) return exchange.response.value;
    const error = exchange.kind === 'answered' ? (exchange.response as { error: string }).error : exchange.error;
    throw new FaultlineError('NODE_UNREACHABLE', `raft-kv node at ${this.connection.address}: ${body.op} failed: ${error}`);
  }
}

/**
 * A request never written is certainly without effect; one written and then lost may have taken
 * effect; a node's answer is a refusal when it says the operation definitely did not happen.
 */
function toOutcome<T>(exchange: Exchange): KvOutcome<T> {
  if (exchange.kind === 'not-sent') return { type: classifyError(exchange.error, { sent: false }), error: exchange.error };
  if (exchange.kind === 'lost') return { type: classifyError(exchange.error, { sent: true }), error: exchange.error };
  const response = exchange.response;
  if (response.ok) return { type: 'ok', value: response.value as T, node: response.node };
  const answer = response.definite ? new Refusal(response.error) : response.error;
  return { type: classifyError(answer, { sent: true }), error: response.error, node: response.node };
}

function checkKey(key: unknown): void {
  if (!isKvKey(key)) throw new FaultlineError('BAD_ARGUMENT', `raft-kv key must be a string or a finite number, got ${JSON.stringify(key)}`);
}

function checkValue(value: unknown, name: string): void {
  if (!isKvValue(value)) throw new FaultlineError('BAD_ARGUMENT', `raft-kv ${name} must be a string or a finite number, got ${JSON.stringify(value)}`);
}
