import { ownerOfLockValue } from '../protocol/messages.js';
import { address, lockServersNow, waitUntil, type Scenario } from './scenario.js';

/** Who holds the lock according to the servers, and on which of them. */
export interface Holding {
  /** The lock client that wrote the value (c1, c2, …). */
  owner: string;
  value: string;
  /** The servers that hold this value now. */
  servers: string[];
}

/** The value found on the most lock servers now; undefined when the lock is free everywhere. */
export async function lockHolding(s: Scenario): Promise<Holding | undefined> {
  const servers = lockServersNow(s);
  const values = await s.run.admin.lockValues(servers.map(address), s.run.key);
  const byValue = new Map<string, string[]>();
  for (const [server, value] of values) {
    if (typeof value !== 'string') continue;
    const list = byValue.get(value) ?? [];
    list.push(server);
    byValue.set(value, list);
  }
  let best: Holding | undefined;
  for (const [value, on] of byValue) {
    const owner = ownerOfLockValue(value);
    if (owner && (!best || on.length > best.servers.length)) best = { owner, value, servers: on };
  }
  return best;
}

/**
 * Waits until a holding that `wanted` accepts appears, for at most `timeoutMs`; then returns
 * it, or the last holding seen (`aimed: false`) so that a fault can still act, less aimed.
 * With `settleMs`, the holding must stay the same for that long: a Redlock client caught in the
 * middle of setting its key shows on fewer servers than it will hold a moment later.
 */
export async function waitForHolding(
  s: Scenario,
  wanted: (h: Holding) => boolean,
  timeoutMs: number,
  signal?: AbortSignal,
  settleMs = 0,
): Promise<{ holding: Holding | undefined; aimed: boolean }> {
  let last: Holding | undefined;
  let found: Holding | undefined;
  let candidate: { id: string; since: number } | undefined;
  await waitUntil(
    async () => {
      const h = await lockHolding(s);
      if (h) last = h;
      if (!h || !wanted(h)) {
        candidate = undefined;
        return false;
      }
      const id = `${h.value}@${[...h.servers].sort().join(',')}`;
      if (candidate?.id !== id) candidate = { id, since: performance.now() };
      if (performance.now() - candidate.since >= settleMs) found = h;
      return found !== undefined;
    },
    timeoutMs,
    signal,
    3,
  );
  return found ? { holding: found, aimed: true } : { holding: last, aimed: false };
}

/** How long a bare-majority holding must stay put before a fault aims at it (see waitForHolding). */
export const SETTLED_HOLDING_MS = 30;

/** Redlock's weak spot: a holder on exactly a majority, so that losing one master loses the majority. */
export function onBareMajority(s: Scenario): (h: Holding) => boolean {
  return (h) => h.servers.length === s.quorum;
}
