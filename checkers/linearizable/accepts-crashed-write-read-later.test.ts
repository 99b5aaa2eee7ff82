import { describe, expect, it } from 'vitest';
import { checkLinearizable } from './check.js';
import { history } from '../test-support/index.js';

// A write whose outcome is unknown (`info`, or no completion at all) may take effect at any
// time after its invocation, or never.

describe('a crashed write', () => {
  it('may take effect after it crashed, so a later read of its value is accepted', async () => {
    const events = history(
      ['invoke', 0, 'write', 3],
      ['info', 0, 'write', 3],
      ['invoke', 1, 'read', null],
      ['ok', 1, 'read', 0],
      ['invoke', 1, 'read', null],
      ['ok', 1, 'read', 3],
    );
    expect((await checkLinearizable(events, 'cas-register', { initial: 0 })).valid).toBe(true);
  });

  it('that never completed counts the same as info', async () => {
    const events = history(['invoke', 0, 'write', 3], ['invoke', 1, 'read', null], ['ok', 1, 'read', 3]);
    expect((await checkLinearizable(events, 'cas-register', { initial: 0 })).valid).toBe(true);
  });

  it('may never take effect at all', async () => {
    const events = history(['invoke', 0, 'write', 3], ['info', 0, 'write', 3], ['invoke', 1, 'read', null], ['ok', 1, 'read', 0]);
    expect((await checkLinearizable(events, 'cas-register', { initial: 0 })).valid).toBe(true);
  });

  it('cannot take effect before it was invoked', async () => {
    const events = history(['invoke', 1, 'read', null], ['ok', 1, 'read', 3], ['invoke', 0, 'write', 3], ['info', 0, 'write', 3]);
    const verdict = await checkLinearizable(events, 'cas-register', { initial: 0 });
    expect(verdict.valid).toBe(false);
    expect(verdict.failures?.[0].deadline.index).toBe(0);
  });
});
