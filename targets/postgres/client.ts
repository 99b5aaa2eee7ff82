import { setTimeout as sleep } from 'node:timers/promises';
import { classifyError } from '../support/client-errors.js';
import type { Client, Completion, Invocation } from '../../core/target.js';
import { PgConnection, type ConnectOptions, type Endpoint } from './connection.js';
import type { IsolationLevel } from './isolation.js';
import { operationBody, type OperationContext } from './operations.js';
import type { PostgresWorkloadName } from './workload-names.js';
import { describeError, runTransaction } from './transaction.js';

/** Pause after a failed connection attempt, so a dead server is not hammered by every client. */
const CONNECT_BACKOFF_MS = 100;

export interface PostgresClientOptions extends ConnectOptions {
  endpoint: Endpoint;
  isolation: IsolationLevel;
  workload: PostgresWorkloadName;
  operations: OperationContext;
}

/**
 * One logical process: one connection, opened when first needed and again after the old one
 * broke, and one transaction per operation at the chosen isolation level.
 */
export class PostgresClient implements Client {
  private connection: PgConnection | undefined;

  constructor(private readonly options: PostgresClientOptions) {}

  /** The server this client connects to (the node's name, or the database URL's host). */
  get node(): string {
    return this.options.endpoint.name;
  }

  async invoke(op: Invocation, signal: AbortSignal): Promise<Completion> {
    const node = this.options.endpoint.name;
    const body = operationBody(this.options.workload, op, this.options.operations);
    if (typeof body === 'string') return { type: 'fail', error: body, node };
    let connection = this.connection;
    if (!connection?.usable) {
      connection?.destroy();
      this.connection = undefined;
      try {
        connection = await PgConnection.open(this.options.endpoint, this.options, signal);
      } catch (err) {
        // Nothing was sent, so nothing can have happened.
        await sleep(CONNECT_BACKOFF_MS, undefined, { signal }).catch(() => undefined);
        return { type: classifyError(err, { sent: false }), error: `connect: ${describeError(err)}`, node };
      }
      this.connection = connection;
    }
    const open = connection;
    const cut = () => open.destroy();
    signal.addEventListener('abort', cut, { once: true });
    try {
      const outcome = await runTransaction(open, this.options.isolation, body);
      if (outcome.type !== 'ok') return { type: outcome.type, error: outcome.error, node };
      return outcome.value === undefined ? { type: 'ok', node } : { type: 'ok', value: outcome.value, node };
    } finally {
      signal.removeEventListener('abort', cut);
    }
  }

  async close(): Promise<void> {
    const connection = this.connection;
    this.connection = undefined;
    await connection?.close();
  }
}
