import { connect } from 'node:net';
import type { NodeInfo } from '../../runtime.js';

// Asking a probe node (nemesis/test-support/probe-node.mjs) something from the host. A container
// is reached over the run's bridge, so the request leaves from the host's gateway address there,
// the harness's address as the nodes see it; binding to 127.0.0.1, as the local tests do, would
// not route.

/** Sends one request line; resolves with the parsed answer, rejects on timeout or error. */
export function askNode(node: Pick<NodeInfo, 'host' | 'port'>, request: string, timeoutMs = 2_000): Promise<Record<string, unknown>> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: node.host, port: node.port });
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

/** Waits until the probe answers a ping (its container was just started). */
export async function waitForNode(node: Pick<NodeInfo, 'host' | 'port'>, timeoutMs = 15_000): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  let lastError: unknown;
  while (performance.now() < deadline) {
    try {
      await askNode(node, 'ping', 1_000);
      return;
    } catch (err) {
      lastError = err;
      await new Promise((r) => setTimeout(r, 50));
    }
  }
  throw new Error(`probe ${node.host}:${node.port} never answered: ${String(lastError)}`);
}

/** True when the node gives no answer at all within `timeoutMs` (paused, killed or cut off). */
export async function isSilent(node: Pick<NodeInfo, 'host' | 'port'>, timeoutMs = 1_500): Promise<boolean> {
  try {
    await askNode(node, 'ping', timeoutMs);
    return false;
  } catch {
    return true;
  }
}
