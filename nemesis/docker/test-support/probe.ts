import type { NodeInfo } from '../../../core/runtime.js';
import { askProbe, waitForProbe } from '../../test-support/probe-client.js';

// Asking a probe node (nemesis/test-support/probe-node.mjs) something from the host. A container
// is reached over the run's bridge, so the request leaves from the host's gateway address there,
// the harness's address as the nodes see it; binding to 127.0.0.1, as the local tests do, would
// not route.
const FROM_THE_BRIDGE = null;

/** Sends one request line; resolves with the parsed answer, rejects on timeout or error. */
export function askNode(node: Pick<NodeInfo, 'host' | 'port'>, request: string, timeoutMs = 2_000): Promise<Record<string, unknown>> {
  return askProbe(node, request, timeoutMs, FROM_THE_BRIDGE);
}

/** Waits until the probe answers a ping (its container was just started). */
export function waitForNode(node: Pick<NodeInfo, 'host' | 'port'>, timeoutMs = 15_000): Promise<void> {
  return waitForProbe(node, timeoutMs, FROM_THE_BRIDGE, 1_000);
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
