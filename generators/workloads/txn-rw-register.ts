import type { Rng } from '../../core/rng.js';
import { TxnMix, type TxnSourceOptions } from './txn-list-append.js';

export type RwRegisterMicroOp = ['r', number, null] | ['w', number, number];

/** Elle's rw-register transactions: ["w", k, v] with v unique per key, and ["r", k, null]. */
export class RwRegisterTxnSource {
  private readonly mix: TxnMix;

  constructor(rng: Rng, options: TxnSourceOptions = {}) {
    this.mix = new TxnMix(rng, options);
  }

  next(): RwRegisterMicroOp[] {
    return this.mix.nextTriples().map(([read, k, v]) => (read ? ['r', k, null] : ['w', k, v as number]));
  }
}
