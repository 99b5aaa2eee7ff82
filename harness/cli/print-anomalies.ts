import type { CheckedResults } from '../check.js';

/** Anomalies on the terminal, a few lines each; the rest are in results.json and the report. */
const SHOWN = 3;
const OPERATIONS_SHOWN = 4;

/** Each anomaly's operations with the node that served them and the faults in force, for people reading a terminal or CI log. */
export function printAnomalies(out: NodeJS.WritableStream, results: CheckedResults): void {
  const anomalies = results.anomalies ?? [];
  if (anomalies.length === 0) return;
  out.write(`anomalies in context (${anomalies.length}${results.anomaliesOmitted ? ` of ${anomalies.length + results.anomaliesOmitted}` : ''}):\n`);
  for (const anomaly of anomalies.slice(0, SHOWN)) {
    out.write(`  ${anomaly.checker}: ${anomaly.title}${anomaly.allowed ? ' (allowed by the checked consistency models)' : ''}\n`);
    for (const op of anomaly.operations.slice(0, OPERATIONS_SHOWN)) out.write(`    ${op.role}: ${op.text}\n`);
    if (anomaly.operations.length > OPERATIONS_SHOWN) out.write(`    … ${anomaly.operations.length - OPERATIONS_SHOWN} more operations\n`);
  }
  if (anomalies.length > SHOWN) out.write(`  … ${anomalies.length - SHOWN} more in results.json (anomalies)\n`);
}
