import { expect, it } from 'vitest';
import { checkLinearizable } from './check.js';
import { ILLEGAL, OperationError, type Model } from '../../core/model.js';
import { history } from '../test-support/index.js';

// A counter written by a user against the Model interface: add n, read → total.

const counter: Model<number, { add: boolean; n: number }, number> = {
  name: 'counter',
  init: () => 0,
  encode: (op) => {
    if (op.f === 'add') return { input: { add: true, n: Number(op.value) }, output: 0 };
    if (op.f !== 'read') throw new OperationError('f', `counter has no ${op.f}`);
    return op.outcome === 'ok' ? { input: { add: false, n: 0 }, output: Number(op.output) } : null;
  },
  step: (total, input, output) => (input.add ? total + input.n : total === output ? total : ILLEGAL),
  equal: (a, b) => a === b,
  hash: (total) => total,
  describeState: String,
  describeOperation: (input, output) => (input.add ? `add ${input.n}` : `read ${output}`),
  whyIllegal: (total, _input, output) => `read ${output} but the total is ${total}`,
};

it('checks a history against a model the user wrote', async () => {
  const events = history(
    ['invoke', 0, 'add', 2],
    ['invoke', 1, 'add', 3],
    ['ok', 0, 'add', 2],
    ['invoke', 0, 'read', null],
    ['ok', 0, 'read', 5],
    ['ok', 1, 'add', 3],
    ['invoke', 0, 'read', null],
    ['ok', 0, 'read', 4],
  );
  const verdict = await checkLinearizable(events, counter);
  expect(verdict.valid).toBe(false);
  expect(verdict.model).toBe('counter');
  const [failure] = verdict.failures ?? [];
  expect(failure.deadline.description).toBe('read 4');
  expect(failure.blocked.find((op) => op.index === 6)?.reason).toBe('read 4 but the total is 5');
  expect(verdict.stats?.workers).toBe(0);
});
