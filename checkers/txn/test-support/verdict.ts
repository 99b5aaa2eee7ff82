import { expect } from 'vitest';
import type { AnomalyType } from '../consistency/anomalies.js';
import type { TxnCheckDetails, TxnVerdict, Witness } from '../types.js';

/** The details of a verdict that must have them (every verdict except "no transactions"). */
export function detailsOf(verdict: TxnVerdict): TxnCheckDetails {
  expect(verdict.anomalyTypes, 'verdict carries details').toBeDefined();
  return verdict as TxnCheckDetails & { valid: TxnVerdict['valid'] };
}

/** The first witness of a type, failing the test when there is none. */
export function witnessOf(verdict: TxnVerdict, type: AnomalyType): Witness {
  const list = detailsOf(verdict).anomalies[type];
  expect(list, `a ${type} witness`).toBeDefined();
  return (list as Witness[])[0];
}

/** The transaction names of a witness, in witness order. */
export function txnIds(witness: Witness): string[] {
  return witness.txns.map((t) => t.id);
}
