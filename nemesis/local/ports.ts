import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { endianness } from 'node:os';
import { FaultlineError } from '../../harness/errors.js';

// Ports are chosen when a runtime is built (so every node knows its peers' ports before any of
// them starts) from the kernel's table of listening sockets, and checked again by binding just
// before a node starts.

const WILDCARD = '0.0.0.0';

/** Every listening TCP endpoint as "address:port"; a socket on any address shows as 0.0.0.0. */
export function listeningEndpoints(): Set<string> {
  const found = new Set<string>();
  for (const [file, decode] of [
    ['/proc/net/tcp', decodeIpv4],
    ['/proc/net/tcp6', decodeIpv6],
  ] as const) {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch {
      continue;
    }
    for (const line of text.split('\n').slice(1)) {
      const fields = line.trim().split(/\s+/);
      // fields: sl local_address rem_address st …; st 0A is LISTEN.
      if (fields.length < 4 || fields[3] !== '0A') continue;
      const [addrHex, portHex] = fields[1].split(':');
      const address = decode(addrHex);
      if (address !== undefined) found.add(`${address}:${parseInt(portHex, 16)}`);
    }
  }
  return found;
}

/** Lowest port at or above `from` on which nothing listens on `host` or on every address. */
export function choosePort(host: string, from: number, listening: ReadonlySet<string>): number {
  for (let port = from; port <= 65535; port++) {
    if (!listening.has(`${host}:${port}`) && !listening.has(`${WILDCARD}:${port}`)) return port;
  }
  throw new FaultlineError('RUN_FAILED', `nemesis/local: no free TCP port at or above ${from} on ${host}`);
}

/** Binds and releases host:port; throws naming the endpoint when something else holds it. */
export async function assertPortFree(node: string, host: string, port: number): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    const server = createServer();
    server.once('error', (err: NodeJS.ErrnoException) => {
      reject(
        new FaultlineError(
          'RUN_FAILED',
          `nemesis/local: cannot start ${node}: ${host}:${port} is not free (${err.code ?? err.message})`,
          { cause: err },
        ),
      );
    });
    server.listen({ host, port, exclusive: true }, () => server.close(() => resolve()));
  });
}

// /proc/net/tcp prints each 32-bit word of an address in host byte order.
function wordToBytes(hex: string): number[] {
  const bytes = [0, 2, 4, 6].map((i) => parseInt(hex.slice(i, i + 2), 16));
  return endianness() === 'LE' ? bytes.reverse() : bytes;
}

function decodeIpv4(hex: string): string | undefined {
  if (hex.length !== 8) return undefined;
  return wordToBytes(hex).join('.');
}

/** Only the IPv6 forms that can hold an IPv4 loopback port: :: (dual stack) and ::ffff:a.b.c.d. */
function decodeIpv6(hex: string): string | undefined {
  if (hex.length !== 32) return undefined;
  if (/^0+$/.test(hex)) return WILDCARD;
  const words = [0, 8, 16, 24].map((i) => wordToBytes(hex.slice(i, i + 8)));
  const mapped = words[0].every((b) => b === 0) && words[1].every((b) => b === 0);
  const ffff = words[2][0] === 0 && words[2][1] === 0 && words[2][2] === 0xff && words[2][3] === 0xff;
  return mapped && ffff ? words[3].join('.') : undefined;
}
