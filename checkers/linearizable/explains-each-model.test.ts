import { describe, expect, it } from 'vitest';
import { checkLinearizable } from './check.js';
import type { ModelName } from './models/catalog.js';
import { history, type EventSpec } from '../test-support/index.js';

// Each built-in model on one non-linearizable history, and the reason it gives.

async function reasonFor(model: ModelName, ...events: EventSpec[]): Promise<string> {
  const verdict = await checkLinearizable(history(...events), model);
  expect(verdict.valid).toBe(false);
  const [failure] = verdict.failures ?? [];
  const blocked = failure.blocked.find((op) => op.index === failure.deadline.index);
  return blocked?.reason ?? '';
}

describe('explanations', () => {
  it('kv: appends concatenate, and an absent key reads null', async () => {
    const reason = await reasonFor(
      'kv',
      ['invoke', 0, 'append', 'x', 'k'],
      ['ok', 0, 'append', 'x', 'k'],
      ['invoke', 0, 'append', 'y', 'k'],
      ['ok', 0, 'append', 'y', 'k'],
      ['invoke', 0, 'read', null, 'k'],
      ['ok', 0, 'read', 'yx', 'k'],
    );
    expect(reason).toBe('read "yx" but the key holds "xy"');
    const fresh = await checkLinearizable(history(['invoke', 0, 'read', null, 'j'], ['ok', 0, 'read', null, 'j']), 'kv');
    expect(fresh.valid).toBe(true);
  });

  it('set: names what the read missed', async () => {
    const reason = await reasonFor(
      'set',
      ['invoke', 0, 'add', 1],
      ['ok', 0, 'add', 1],
      ['invoke', 0, 'add', 2],
      ['ok', 0, 'add', 2],
      ['invoke', 1, 'read', null],
      ['ok', 1, 'read', [2]],
    );
    expect(reason).toBe('read [2] but the set holds [1, 2] (missing 1)');
  });

  it('fifo-queue: dequeues in enqueue order', async () => {
    const reason = await reasonFor(
      'fifo-queue',
      ['invoke', 0, 'enqueue', 1],
      ['ok', 0, 'enqueue', 1],
      ['invoke', 0, 'enqueue', 2],
      ['ok', 0, 'enqueue', 2],
      ['invoke', 1, 'dequeue', null],
      ['ok', 1, 'dequeue', 2],
    );
    expect(reason).toBe("dequeue 2 but the queue's head is 1");
  });

  it('fifo-queue: an empty dequeue completes with null', async () => {
    const reason = await reasonFor(
      'fifo-queue',
      ['invoke', 0, 'enqueue', 1],
      ['ok', 0, 'enqueue', 1],
      ['invoke', 1, 'dequeue', null],
      ['ok', 1, 'dequeue', null],
    );
    expect(reason).toBe('dequeue found the queue empty but it holds [1]');
  });

  it('mutex: two holders at once', async () => {
    const reason = await reasonFor(
      'mutex',
      ['invoke', 0, 'acquire', null],
      ['ok', 0, 'acquire', null],
      ['invoke', 1, 'acquire', null],
      ['ok', 1, 'acquire', null],
    );
    expect(reason).toBe('acquire but the lock is already held');
  });

  it('register: reads the last write', async () => {
    const reason = await reasonFor('register', ['invoke', 0, 'write', 'a'], ['ok', 0, 'write', 'a'], ['invoke', 0, 'read', null], ['ok', 0, 'read', 'b']);
    expect(reason).toBe('read "b" but the register holds "a"');
  });

  it('cas-register: a cas from the wrong value', async () => {
    const reason = await reasonFor('cas-register', ['invoke', 0, 'write', 1], ['ok', 0, 'write', 1], ['invoke', 0, 'cas', [2, 3]], ['ok', 0, 'cas', [2, 3]]);
    expect(reason).toBe('cas expected 2 but the register holds 1');
  });
});
