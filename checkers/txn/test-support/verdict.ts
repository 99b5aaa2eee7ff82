import type { AnomalyType } from '../consistency/anomalies.js';
import type { TxnCheckDetails, TxnVerdict, Witness } from '../types.js';

// Small accessors for tests. They throw plain errors (no test framework) so that benches
// and demos can import this folder too.

/** The details of a verdict that must have them (every verdict except "no transactions" or an abort). */
export function detailsOf(verdict: TxnVerdict): TxnCheckDetails {
  if (verdict.anomalyTypes === undefined) throw new Error(`verdict has no details: ${JSON.stringify(verdict)}`);
  return verdict as TxnCheckDetails & { valid: TxnVerdict['valid'] };
}

/** The first witness of a type, throwing when there is none. */
export function witnessOf(verdict: TxnVerdict, type: AnomalyType): Witness {
  const list = detailsOf(verdict).anomalies[type];
  if (!list || list.length === 0) throw new Error(`no ${type} witness; found ${JSON.stringify(detailsOf(verdict).anomalyTypes)}`);
  return list[0];
}

/** The transaction names of a witness, in witness order. */
export function txnIds(witness: Witness): string[] {
  return witness.txns.map((t) => t.id);
}
