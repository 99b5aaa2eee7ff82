import { ConfigError } from '../../../core/errors.js';
import { NS_PER_MS } from '../../../generators/index.js';
import type { FaultEnvironment, FaultKind } from '../../../core/target.js';
import { isPausable, type Pausable } from '../../../core/runtime.js';
import { delayNextGrant } from './delay-grant.js';
import { scenarioOf, type Scenario } from './scenario.js';

/** Where a pause catches the holder. */
export type PausePoint = 'after-read' | 'grant-delayed';

/** How many times a delayed grant is tried (each just after a release) before giving up. */
const GRANT_ATTEMPTS = 8;

/**
 * A long stop of a lock holder's process (SIGSTOP), held past the TTL: `pauseMs` after the
 * pause began it is resumed. Recorded as pause/resume so reports draw its window.
 */
function holderPauseKind(name: string, env: FaultEnvironment, points: readonly PausePoint[]): FaultKind {
  const s = scenarioOf(name, env);
  if (!isPausable(s.runtime)) throw new ConfigError('nemesis', `${name}: the ${s.runtime.kind} runtime cannot pause processes`);
  const runtime: Pausable = s.runtime;
  const { pauseMs } = s.settings;
  if (s.opTimeoutMs < pauseMs + 1_000) {
    throw new ConfigError(
      'op-timeout',
      `${name} stops a holder for ${pauseMs} ms; the operation timeout (${s.opTimeoutMs} ms) must be at least 1 s longer, or the holder's operation ends as unknown (give --op-timeout ${Math.ceil((pauseMs + 2_000) / 1000)}s)`,
    );
  }
  const paused = new Set<string>();
  let next = 0;

  async function resumeAll(): Promise<string[]> {
    const nodes = [...paused];
    for (const node of nodes) {
      if (s.runtime.isRunning(node)) await runtime.resume(node);
      paused.delete(node);
    }
    return nodes;
  }

  return {
    name,
    fs: ['pause', 'resume'],
    start: () => ({ f: 'pause', value: 'lock-holder' }),
    stop: { f: 'resume', value: 'all' },
    durationNs: pauseMs * NS_PER_MS,
    async apply(op, signal) {
      if (op.f === 'resume') return { nodes: await resumeAll() };
      const point = points[next++ % points.length];
      return point === 'after-read' ? pauseAfterRead(s, runtime, paused, signal) : pauseDelayedGrant(s, runtime, paused, signal);
    },
    heal: async () => {
      await resumeAll();
    },
    active: () => (paused.size ? [`paused ${[...paused].join(',')} (${name})`] : []),
  };
}

/** Stops the next holder whose read of the resource comes back: it will write what it read after its lease ran out. */
async function pauseAfterRead(s: Scenario, runtime: Pausable, paused: Set<string>, signal: AbortSignal) {
  const hit = await s.run.board.armOnce(
    'read',
    async (process, node) => {
      paused.add(node);
      await runtime.pause(node);
      return { process, node };
    },
    s.options.faultWaitMs,
    signal,
  );
  if (!hit) return { nodes: [], point: 'after-read', note: `no holder read the resource within ${s.options.faultWaitMs} ms` };
  return { nodes: [hit.node], point: 'after-read', process: hit.process, pauseMs: s.settings.pauseMs };
}

/** Right after a release, delays the next grant to its client (see delayNextGrant); tries again if no one was granted. */
async function pauseDelayedGrant(s: Scenario, runtime: Pausable, paused: Set<string>, signal: AbortSignal) {
  const deadline = performance.now() + s.options.faultWaitMs;
  let attempts = 0;
  while (attempts < GRANT_ATTEMPTS && performance.now() < deadline && !signal.aborted) {
    attempts++;
    const result = await delayNextGrant(s, runtime, paused, deadline - performance.now(), signal);
    if (!result) break;
    if (result.victim) {
      return {
        nodes: [result.victim],
        point: 'grant-delayed',
        holderServers: result.victimServers,
        asked: result.asked,
        serversHeldMs: result.serversHeldMs,
        attempts,
        pauseMs: s.settings.pauseMs,
      };
    }
  }
  return { nodes: [], point: 'grant-delayed', attempts, note: 'no grant could be caught on its way to its client' };
}

/**
 * client-pause: Kleppmann's stop-the-world pause of a lock holder, alternating between two
 * moments: after it read the resource and before it writes (it then writes on a lease that
 * ran out), and while its grant is on the way to it (it then takes the lock as fresh).
 */
export function clientPauseFault(env: FaultEnvironment): FaultKind {
  return holderPauseKind('client-pause', env, ['after-read', 'grant-delayed']);
}

/**
 * net-delay: the grant reaches its client later than the TTL. tc netem on loopback would also
 * slow the harness's own traffic on this shared interface, so this is approximated by pauses:
 * the reply waits in the stopped client's socket buffer, which the client cannot tell from a
 * slow network (its monotonic clock runs on).
 */
export function netDelayFault(env: FaultEnvironment): FaultKind {
  return holderPauseKind('net-delay', env, ['grant-delayed']);
}
