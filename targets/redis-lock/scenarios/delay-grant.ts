import { setTimeout as sleep } from 'node:timers/promises';
import type { Pausable } from '../../../core/runtime.js';
import { waitForHolding } from './aim.js';
import { lockServersNow, waitUntil, type Scenario } from './scenario.js';

/** Time for a client's acquire, once the harness sent it, to reach the held servers. */
const REQUEST_MARGIN_MS = 60;
/** How long to wait for someone to ask for the lock while the servers are held. */
const ASK_WAIT_MS = 500;

export interface DelayedGrant {
  /** The client whose grant is stuck in its stopped process (still paused), if one was granted. */
  victim: string | undefined;
  /** Servers holding the victim's value when it was stopped. */
  victimServers: string[];
  /** Clients that had asked for the lock; all but the victim are running again. */
  asked: string[];
  /** How long the lock's servers were held (ms). */
  serversHeldMs: number;
}

/**
 * Makes the lock's next grant reach its client late. Just as a holder's release went through
 * (the lock is free), the lock's servers are stopped (SIGSTOP), so the next requests queue;
 * then the clients that sent them are stopped, the servers answer, and only the client that
 * got the lock stays stopped. Its reply waits in its socket buffer while the lease runs out —
 * to the client, exactly a network that delivered the grant late (its monotonic clock runs
 * on): a client that measures how long it waited can tell, one that takes the TTL from the
 * reply cannot. Undefined when no holder released within `waitMs`.
 */
export async function delayNextGrant(
  s: Scenario,
  runtime: Pausable,
  paused: Set<string>,
  waitMs: number,
  signal?: AbortSignal,
): Promise<DelayedGrant | undefined> {
  const stop = async (node: string) => {
    paused.add(node);
    await runtime.pause(node);
  };
  const start = async (node: string) => {
    await runtime.resume(node);
    paused.delete(node);
  };
  const servers = lockServersNow(s).map((n) => n.name);
  // Runs before the releasing client hears its answer, so that it cannot take the lock again first.
  const heldAt = await s.run.board.armOnce(
    'release',
    async () => {
      for (const server of servers) await stop(server);
      return performance.now();
    },
    waitMs,
    signal,
  );
  if (heldAt === undefined) return undefined;
  let asked: string[] = [];
  try {
    await waitUntil(() => s.run.board.nodesAcquiring().length > 0, ASK_WAIT_MS, signal);
    await sleep(REQUEST_MARGIN_MS);
    asked = s.run.board.nodesAcquiring();
    for (const client of asked) await stop(client);
  } finally {
    for (const server of servers) if (paused.has(server)) await start(server);
  }
  const serversHeldMs = Math.round(performance.now() - heldAt);
  const { holding } = await waitForHolding(s, (h) => asked.includes(h.owner), 1_000, signal);
  const victim = holding && asked.includes(holding.owner) ? holding.owner : undefined;
  for (const client of asked) if (client !== victim) await start(client);
  return { victim, victimServers: victim ? holding!.servers : [], asked, serversHeldMs };
}
