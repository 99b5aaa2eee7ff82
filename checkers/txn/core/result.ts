import type { AnomalyName } from '../consistency/anomalies.js';
import { modelsRuledOutBy } from '../consistency/models.js';
import type { TxnCheckOptions } from '../options.js';
import type { TxnCheckDetails, TxnCheckStats, TxnVerdict, Witness } from '../types.js';
import type { AnomalyLog } from './anomaly-log.js';

/** The verdict: invalid if a prohibited anomaly was found, unknown if a search was cut short, else valid. */
export function buildVerdict(
  options: TxnCheckOptions,
  prohibitedSet: ReadonlySet<AnomalyName>,
  log: AnomalyLog,
  incomplete: TxnCheckDetails['incomplete'],
  stats: TxnCheckStats,
): TxnVerdict {
  const anomalyTypes = log.types();
  const prohibited = anomalyTypes.filter((t) => prohibitedSet.has(t));
  const { notModels, alsoNotModels } = modelsRuledOutBy(anomalyTypes);
  const anomalies: TxnCheckDetails['anomalies'] = {};
  const anomalyCounts: TxnCheckDetails['anomalyCounts'] = {};
  for (const t of anomalyTypes) {
    anomalies[t] = log.witnesses.get(t) as Witness[];
    anomalyCounts[t] = log.counts.get(t);
  }
  const details: TxnCheckDetails = {
    consistencyModels: options.consistencyModels,
    anomalyTypes,
    prohibited,
    anomalies,
    anomalyCounts,
    notModels,
    alsoNotModels,
    incomplete,
    stats,
  };
  if (prohibited.length > 0) return { valid: false, ...details };
  if (incomplete.length > 0) return { valid: 'unknown', reason: unknownReason(incomplete), ...details };
  return { valid: true, ...details };
}

function unknownReason(incomplete: TxnCheckDetails['incomplete']): string {
  const first = incomplete[0];
  const more = incomplete.length > 1 ? ` (and ${incomplete.length - 1} more components)` : '';
  return `cycle search in a component of ${first.componentSize} transactions ${first.reason} before deciding ${first.types.join(', ')}${more}`;
}
