import { connect } from 'node:net';
import { join } from 'node:path';
import { execa } from 'execa';
import { packageRoot } from '../../core/package-root.js';

// Probes that check network faults from outside: from inside a node's network namespace (the
// link-probe script, run there with nsenter) and from the harness itself (the control: a node
// that answers the harness but not its peer is cut from that peer, not merely down).

/** The port probes knock on: nothing listens there, so a node's kernel answers with a reset. */
export const PROBE_PORT = 1;

/** How long a probe waits before calling a link silent: far below a TCP SYN retransmission (1 s). */
export const PROBE_TIMEOUT_MS = 500;

export interface ProbeTarget {
  host: string;
  port?: number;
  count?: number;
}

export interface ProbeResult {
  host: string;
  answered: number;
  silent: number;
  /** Errors that are neither an answer nor silence (no route, say). */
  errors: string[];
}

function probeScript(): string {
  return join(packageRoot(), 'nemesis', 'netns', 'link-probe.mjs');
}

/** Knocks on each target from inside the namespace `netns` (what nsenter --net= takes). */
export async function probeFrom(netns: string, targets: readonly ProbeTarget[], timeoutMs = PROBE_TIMEOUT_MS): Promise<ProbeResult[]> {
  if (targets.length === 0) return [];
  const spec = JSON.stringify({ targets: targets.map((t) => ({ host: t.host, port: t.port ?? PROBE_PORT, count: t.count ?? 1 })), timeoutMs });
  const result = await execa('nsenter', [`--net=${netns}`, '--', process.execPath, probeScript(), spec], { reject: false, timeout: 60_000 });
  if (result.failed) throw new Error(`the link probe in ${netns} failed: ${String(result.stderr || result.shortMessage).trim()}`);
  return (JSON.parse(result.stdout) as { results: ProbeResult[] }).results;
}

/** The same knock from the harness: 'answered', 'silent', or the error code. */
export function probeFromHarness(host: string, port = PROBE_PORT, timeoutMs = PROBE_TIMEOUT_MS): Promise<string> {
  return new Promise((resolve) => {
    let settled = false;
    const socket = connect({ host, port });
    const finish = (outcome: string) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.destroy();
      resolve(outcome);
    };
    socket.once('connect', () => finish('answered'));
    socket.once('error', (err: NodeJS.ErrnoException) =>
      finish(err.code === 'ECONNREFUSED' || err.code === 'ECONNRESET' ? 'answered' : String(err.code ?? err.message)),
    );
    const timer = setTimeout(() => setImmediate(() => finish('silent')), timeoutMs);
  });
}
