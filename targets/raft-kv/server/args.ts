import { isIP } from 'node:net';
import { parseArgs } from 'node:util';
import { ConfigError } from '../../../core/errors.js';
import { BUG_NAMES, isBugName, type BugName } from './bugs.js';

// The node's command line. Every mistake names the flag and quotes the value, because the
// person reading it is looking at a node log inside a failed run.

export interface PeerAddress {
  id: string;
  host: string;
  port: number;
}

export interface NodeConfig {
  id: string;
  host: string;
  port: number;
  peers: PeerAddress[];
  dataDir: string;
  bugs: BugName[];
  electionTimeoutMs: number;
  heartbeatMs: number;
  snapshotEvery: number;
  /** How long the node waits for a commit or a leadership check before answering a client. */
  requestTimeoutMs: number;
}

export const NODE_USAGE =
  'usage: main --id ID --listen HOST:PORT [--peer ID=HOST:PORT]... --data-dir DIR [--bug NAME]... ' +
  '[--election-timeout-ms 300] [--heartbeat-ms 50] [--snapshot-every 10000] [--request-timeout-ms 1000]';

export function parseNodeArgs(argv: readonly string[]): NodeConfig {
  let values: Record<string, string | string[] | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      strict: true,
      allowPositionals: false,
      options: {
        id: { type: 'string' },
        listen: { type: 'string' },
        peer: { type: 'string', multiple: true },
        'data-dir': { type: 'string' },
        bug: { type: 'string', multiple: true },
        'election-timeout-ms': { type: 'string' },
        'heartbeat-ms': { type: 'string' },
        'snapshot-every': { type: 'string' },
        'request-timeout-ms': { type: 'string' },
      },
    }));
  } catch (err) {
    const flag = /'(--?[\w-]+)/.exec((err as Error).message)?.[1] ?? 'arguments';
    throw new ConfigError(flag, (err as Error).message, { cause: err });
  }
  const id = required(values.id, '--id');
  if (!/^[\w.-]+$/.test(id)) throw new ConfigError('--id', `must be letters, digits, "_", "-" or ".", got ${JSON.stringify(id)}`);
  const own = parseAddress(required(values.listen, '--listen'), '--listen');
  const peers = ((values.peer as string[] | undefined) ?? []).map(parsePeer);
  checkDistinct(id, own, peers);
  const bugs = ((values.bug as string[] | undefined) ?? []).map((name) => {
    if (!isBugName(name)) throw new ConfigError('--bug', `unknown bug ${JSON.stringify(name)}; known: ${BUG_NAMES.join(', ')}`);
    return name;
  });
  const electionTimeoutMs = positiveInt(values['election-timeout-ms'], '--election-timeout-ms', 300);
  const heartbeatMs = positiveInt(values['heartbeat-ms'], '--heartbeat-ms', 50);
  if (heartbeatMs >= electionTimeoutMs) {
    throw new ConfigError('--heartbeat-ms', `must be below --election-timeout-ms (${electionTimeoutMs}), got ${heartbeatMs}`);
  }
  return {
    id,
    host: own.host,
    port: own.port,
    peers,
    dataDir: required(values['data-dir'], '--data-dir'),
    bugs: [...new Set(bugs)],
    electionTimeoutMs,
    heartbeatMs,
    snapshotEvery: positiveInt(values['snapshot-every'], '--snapshot-every', 10_000),
    requestTimeoutMs: positiveInt(values['request-timeout-ms'], '--request-timeout-ms', 1_000),
  };
}

function required(value: unknown, flag: string): string {
  if (typeof value !== 'string' || value === '') throw new ConfigError(flag, 'is required');
  return value;
}

function positiveInt(value: unknown, flag: string, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (typeof value !== 'string' || !/^\d+$/.test(value) || !Number.isSafeInteger(n) || n <= 0) {
    throw new ConfigError(flag, `must be a positive integer, got ${JSON.stringify(value)}`);
  }
  return n;
}

function parseAddress(text: string, flag: string): { host: string; port: number } {
  const match = /^([^:]+):(\d+)$/.exec(text);
  const host = match?.[1] ?? '';
  if (!match || (isIP(host) !== 4 && !/^[a-zA-Z][\w.-]*$/.test(host))) {
    throw new ConfigError(flag, `expected IPV4:PORT or HOSTNAME:PORT, got ${JSON.stringify(text)}`);
  }
  const port = Number(match[2]);
  if (port < 1 || port > 65535) throw new ConfigError(flag, `port must be 1-65535, got ${JSON.stringify(text)}`);
  return { host: match[1], port };
}

function parsePeer(text: string): PeerAddress {
  const eq = text.indexOf('=');
  if (eq <= 0) throw new ConfigError('--peer', `expected ID=HOST:PORT, got ${JSON.stringify(text)}`);
  const id = text.slice(0, eq);
  if (!/^[\w.-]+$/.test(id)) throw new ConfigError('--peer', `bad node id in ${JSON.stringify(text)}`);
  return { id, ...parseAddress(text.slice(eq + 1), '--peer') };
}

function checkDistinct(id: string, own: { host: string; port: number }, peers: PeerAddress[]): void {
  const ids = new Set([id]);
  const addresses = new Set([`${own.host}:${own.port}`]);
  for (const peer of peers) {
    if (ids.has(peer.id)) throw new ConfigError('--peer', `node id ${JSON.stringify(peer.id)} appears twice`);
    const address = `${peer.host}:${peer.port}`;
    if (addresses.has(address)) throw new ConfigError('--peer', `address ${address} appears twice`);
    ids.add(peer.id);
    addresses.add(address);
  }
}
