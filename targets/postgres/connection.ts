import { Socket } from 'node:net';
import pg from 'pg';

// One PostgreSQL connection whose socket we own, so that an operation the harness gives up on
// (a paused server never answers) can be cut at once instead of waiting on the server.

/** Where to connect: a node faultline started, or a database given by URL. */
export type Endpoint = { kind: 'node'; name: string; host: string; port: number } | { kind: 'url'; name: string; url: string };

export interface ConnectOptions {
  connectTimeoutMs: number;
  /** The `options` startup parameter (session settings), if any. */
  sessionOptions?: string;
}

export class PgConnection {
  private dead = false;

  private constructor(
    private readonly client: pg.Client,
    private readonly socket: Socket,
  ) {
    socket.once('close', () => {
      this.dead = true;
    });
    // An idle connection whose server died reports it as an event; it must not crash the harness.
    client.on('error', () => {
      this.dead = true;
    });
  }

  static async open(endpoint: Endpoint, options: ConnectOptions, signal?: AbortSignal): Promise<PgConnection> {
    const socket = new Socket();
    const where =
      endpoint.kind === 'url' ? { connectionString: endpoint.url } : { host: endpoint.host, port: endpoint.port, user: 'postgres', database: 'postgres' };
    const client = new pg.Client({
      ...where,
      stream: () => socket,
      connectionTimeoutMillis: options.connectTimeoutMs,
      options: options.sessionOptions,
      application_name: 'faultline',
      keepAlive: true,
    });
    const connection = new PgConnection(client, socket);
    const cut = () => connection.destroy();
    signal?.addEventListener('abort', cut, { once: true });
    try {
      if (signal?.aborted) throw new Error('aborted before connecting');
      await client.connect();
      return connection;
    } catch (err) {
      connection.destroy();
      throw err;
    } finally {
      signal?.removeEventListener('abort', cut);
    }
  }

  /** False once the socket closed or the server reported the connection broken. */
  get usable(): boolean {
    return !this.dead && !this.socket.destroyed;
  }

  async query<Row = Record<string, unknown>>(text: string, values?: readonly unknown[]): Promise<Row[]> {
    const result = await this.client.query({ text, values: values as unknown[] | undefined });
    return result.rows as Row[];
  }

  /** Cuts the connection at once; the server ends its side when it next looks. */
  destroy(): void {
    this.dead = true;
    this.socket.destroy();
  }

  /** A polite goodbye when the server answers, a cut when it does not within `graceMs`. */
  async close(graceMs = 1_000): Promise<void> {
    if (!this.usable) {
      this.destroy();
      return;
    }
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, graceMs);
    });
    await Promise.race([this.client.end().catch(() => undefined), timeout]);
    clearTimeout(timer);
    this.destroy();
  }
}

/** The SQLSTATE of an error the server reported, or undefined for anything else (socket errors, timeouts). */
export function sqlState(err: unknown): string | undefined {
  return err instanceof pg.DatabaseError && typeof err.code === 'string' ? err.code : undefined;
}
