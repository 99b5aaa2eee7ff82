import { connect } from 'node:net';
import { fileURLToPath } from 'node:url';
import type { NodeCommand, NodeInfo } from '../../core/runtime.js';

// The harness's side of the probe node: how to launch it, and how to ask it things from the
// harness's own address on the run's bridge, which partitions never cut.

export const PROBE_SCRIPT = fileURLToPath(new URL('./probe-node.mjs', import.meta.url));

/** Launches the probe node on the node's main port and on each of its named ports (NodeInfo.ports). */
export function probeCommand(node: NodeInfo, maxLifetimeMs = 120_000): NodeCommand {
  const also = Object.values(node.ports ?? {}).flatMap((port) => ['--also-listen', String(port)]);
  return {
    command: process.execPath,
    args: [
      PROBE_SCRIPT,
      '--name',
      node.name,
      '--host',
      node.host,
      '--port',
      String(node.port),
      '--data-dir',
      node.dataDir,
      '--max-lifetime-ms',
      String(maxLifetimeMs),
      ...also,
    ],
  };
}

/**
 * Sends one request line; resolves with the parsed answer, rejects on timeout or error.
 * `localAddress` null lets the kernel choose: the bridge's address, for nodes on either runtime.
 */
export function askProbe(
  node: Pick<NodeInfo, 'host' | 'port'>,
  request: string,
  timeoutMs = 2_000,
  localAddress: string | null = null,
): Promise<Record<string, unknown>> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: node.host, port: node.port, localAddress: localAddress ?? undefined });
    let received = '';
    const timer = setTimeout(() => finish(new Error(`probe ${node.host}:${node.port} did not answer "${request}" within ${timeoutMs} ms`)), timeoutMs);
    function finish(err: Error | undefined, answer?: Record<string, unknown>) {
      clearTimeout(timer);
      socket.destroy();
      if (err) reject(err);
      else resolve(answer as Record<string, unknown>);
    }
    socket.setEncoding('utf8');
    socket.once('connect', () => socket.write(`${request}\n`));
    socket.on('data', (chunk: string) => {
      received += chunk;
      const newline = received.indexOf('\n');
      if (newline >= 0) finish(undefined, JSON.parse(received.slice(0, newline)) as Record<string, unknown>);
    });
    socket.once('error', (err) => finish(err));
  });
}

/** Waits until the probe answers a ping (it was just started and may not listen yet). */
export async function waitForProbe(
  node: Pick<NodeInfo, 'host' | 'port'>,
  timeoutMs = 10_000,
  localAddress: string | null = null,
  pingTimeoutMs = 500,
): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  let lastError: unknown;
  while (performance.now() < deadline) {
    try {
      await askProbe(node, 'ping', pingTimeoutMs, localAddress);
      return;
    } catch (err) {
      lastError = err;
      await new Promise((r) => setTimeout(r, 50));
    }
  }
  throw new Error(`probe ${node.host}:${node.port} never answered: ${String(lastError)}`);
}
