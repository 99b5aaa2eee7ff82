import { allAnomaliesImplying, type AnomalyName } from '../consistency/anomalies.js';
import { anomaliesProhibitedBy } from '../consistency/models.js';
import { CYCLE_AUTOMATA } from '../graph/cycle-automata.js';
import type { TxnCheckOptions } from '../options.js';
import type { CyclePlan } from './cycle-analysis.js';

export interface CheckPlan {
  /** Anomalies that make the history invalid. */
  prohibited: Set<AnomalyName>;
  cycles: CyclePlan;
  /** Whether any searched cycle can use an anti-dependency, i.e. whether rw edges are worth inferring. */
  rwEdges: boolean;
}

/**
 * What to look for, from what the user cares about: only prohibited cycle types are
 * searched, and process or real-time edges are added only when such a type needs them.
 * Real-time order contains process order (a process runs one operation at a time), so
 * when real time is needed the process variants are left out, as Elle does.
 */
export function planCheck(options: TxnCheckOptions, signal?: AbortSignal): CheckPlan {
  const prohibited = anomaliesProhibitedBy(options.consistencyModels);
  for (const a of allAnomaliesImplying(options.anomalies)) prohibited.add(a);
  const wanted = CYCLE_AUTOMATA.filter((a) => prohibited.has(a.type));
  const realtime = wanted.some((a) => a.variant === 'realtime');
  const process = !realtime && wanted.some((a) => a.variant === 'process');
  const automata = wanted.filter((a) => !(realtime && a.variant === 'process'));
  return {
    prohibited,
    rwEdges: automata.some((a) => a.shape !== 'G0' && a.shape !== 'G1c'),
    cycles: {
      automata,
      process,
      realtime,
      budget: { maxEdges: options.cycleSearchMaxEdges, timeoutMs: options.cycleSearchTimeoutMs, signal },
    },
  };
}
