import { describe, expect, it } from 'vitest';
import { HistoryBuilder } from '../../test-support/index.js';
import { detailsOf, witnessOf } from '../test-support/index.js';
import { checkRwRegister } from './checker.js';

describe('rw-register: garbage read', () => {
  it('flags a read of a value nobody wrote', () => {
    const b = new HistoryBuilder();
    b.txn([['w', 'x', 1]]);
    b.txn([['r', 'x', 9]]);
    const verdict = checkRwRegister(b.build());
    expect(detailsOf(verdict).anomalyTypes).toEqual(['garbage-read']);
    expect(witnessOf(verdict, 'garbage-read').explanation).toEqual(['T3 read key x = 9, a value no transaction wrote to that key']);
    expect(detailsOf(verdict).notModels).toEqual(['read-committed']);
  });
});
