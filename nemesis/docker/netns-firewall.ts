import { setTimeout as sleep } from 'node:timers/promises';
import { execa } from 'execa';
import { FaultlineError } from '../../harness/errors.js';

// Partitions on Docker are DROP rules inside the receiving container's own network namespace,
// entered from the host with nsenter, so they work on a paused container too (an exec into a
// frozen container would hang) and need no capability inside it. The namespace belongs to that
// one container, so the chain can have a fixed name; the rules are undone with the container
// anyway when it is removed. The gateway (the harness) is let through before any DROP.

export const CONTAINER_CHAIN = 'faultline';

/** Replaces the node's partition rules: drop packets from `sources`, never from `gateway`. */
export async function applyNodeDrops(pid: number, gateway: string, sources: readonly string[], hooked: boolean): Promise<void> {
  const lines = ['*filter', `:${CONTAINER_CHAIN} - [0:0]`];
  if (!hooked) lines.push(`-I INPUT 1 -j ${CONTAINER_CHAIN}`);
  lines.push(`-A ${CONTAINER_CHAIN} -s ${gateway}/32 -j RETURN`);
  for (const source of sources) lines.push(`-A ${CONTAINER_CHAIN} -s ${source}/32 -j DROP`);
  lines.push('COMMIT', '');
  await restore(pid, lines.join('\n'), 'apply the partition rules');
}

/** Removes the chain and its jump from the node's namespace. */
export async function removeNodeDrops(pid: number): Promise<void> {
  const input = ['*filter', `-D INPUT -j ${CONTAINER_CHAIN}`, `-F ${CONTAINER_CHAIN}`, `-X ${CONTAINER_CHAIN}`, 'COMMIT', ''].join('\n');
  await restore(pid, input, 'remove the partition rules');
}

/** The rules in the node's namespace, as `iptables -S` prints them (for tests and diagnosis). */
export async function listNodeRules(pid: number): Promise<string[]> {
  const result = await execa('nsenter', [`--net=/proc/${pid}/ns/net`, '--', 'iptables', '-w', '-S'], { reject: false });
  if (result.failed) throw new FaultlineError('RUN_FAILED', `nemesis/docker: cannot list the rules of pid ${pid}'s network: ${explain(result)}`, { cause: result });
  return result.stdout.split('\n').filter(Boolean);
}

async function restore(pid: number, input: string, what: string): Promise<void> {
  const args = [`--net=/proc/${pid}/ns/net`, '--', 'iptables-restore', '-w', '--noflush'];
  let result = await execa('nsenter', args, { input, reject: false });
  // nft transactions can collide with another writer; the retry then goes through.
  for (let attempt = 1; result.failed && attempt < 4 && !gone(result); attempt++) {
    await sleep(20 * attempt);
    result = await execa('nsenter', args, { input, reject: false });
  }
  if (result.failed) {
    const code = (result.cause as NodeJS.ErrnoException | undefined)?.code;
    const hint = code === 'ENOENT' ? ' (nsenter and iptables must be installed on the host: scripts/install-system-deps)' : '';
    throw new FaultlineError('RUN_FAILED', `nemesis/docker: cannot ${what} in pid ${pid}'s network namespace: ${explain(result)}${hint}`, {
      cause: result,
    });
  }
}

/** The container's process is gone: nothing to retry. */
function gone(result: { stderr?: unknown }): boolean {
  return typeof result.stderr === 'string' && /No such file or directory/.test(result.stderr);
}

function explain(result: { stderr?: unknown; shortMessage?: string }): string {
  const stderr = typeof result.stderr === 'string' ? result.stderr.trim() : '';
  return stderr || result.shortMessage || 'unknown error';
}
