import { ConfigError } from '../../../harness/errors.js';
import type { FaultEnvironment, FaultKind } from '../../../nemesis/faults/fault-kind.js';
import { isClockSkewable, type ClockSkewable } from '../../../nemesis/runtime.js';
import { onBareMajority, waitForHolding } from './aim.js';
import { lockServersNow, scenarioOf } from './scenario.js';

/**
 * clock-jump: the wall clock of one lock server jumps forward by `clockJumpMs` (more than the
 * TTL), so the lock's key there expires at once, while its holder still counts on its lease.
 * Aimed for Redlock at a master of a holder that has exactly a majority, the case in
 * Kleppmann's analysis: one jump, and a second client can gather a majority of its own. The
 * clocks are set back (reset-clock) at the stop; keys set meanwhile then live longer, which
 * costs liveness, not safety.
 */
export function clockJumpFault(env: FaultEnvironment): FaultKind {
  const s = scenarioOf('clock-jump', env);
  if (!isClockSkewable(s.runtime)) throw new ConfigError('nemesis', `clock-jump: the ${s.runtime.kind} runtime cannot skew clocks`);
  const runtime: ClockSkewable = s.runtime;
  const skewed = new Set<string>();

  async function resetAll(): Promise<string[]> {
    const nodes = [...skewed];
    for (const node of nodes) {
      await runtime.resetClock(node);
      skewed.delete(node);
    }
    return nodes;
  }

  return {
    name: 'clock-jump',
    fs: ['bump-clock', 'reset-clock'],
    start: () => ({ f: 'bump-clock', value: 'lock-holder-server' }),
    stop: { f: 'reset-clock', value: 'all' },
    async apply(op, signal) {
      if (op.f === 'reset-clock') return { nodes: await resetAll() };
      const wanted = s.quorum > 1 ? onBareMajority(s) : () => true;
      const { holding, aimed } = await waitForHolding(s, wanted, s.options.faultWaitMs, signal);
      const candidates = holding ? holding.servers : lockServersNow(s).map((n) => n.name);
      const server = env.rng.pick(candidates);
      const ms = s.settings.clockJumpMs;
      await runtime.setClockOffset(server, ms);
      skewed.add(server);
      return { offsets: { [server]: ms }, holder: holding?.owner ?? null, holderServers: holding?.servers ?? [], aimed };
    },
    heal: async () => {
      await resetAll();
    },
    active: () => (skewed.size ? [`clock ${[...skewed].join(',')} +${s.settings.clockJumpMs}ms`] : []),
  };
}
