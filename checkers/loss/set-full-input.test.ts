import { describe, expect, it } from 'vitest';
import { ConfigError, HistoryFormatError } from '../../core/errors.js';
import { HistoryBuilder } from '../test-support/index.js';
import { checkSetFull, setFullChecker } from './set-full.js';

describe('set-full: bad input', () => {
  it('names the read whose value is not a list', () => {
    const h = new HistoryBuilder();
    h.call(1, 'read', null, 5);
    expect(() => checkSetFull(h.build())).toThrow(HistoryFormatError);
    expect(() => checkSetFull(h.build())).toThrow(/history:2: field "value" set-full: ok read at index 1 must be the list/);
  });

  it('names an element that is neither a string nor a number', () => {
    const h = new HistoryBuilder();
    h.call(0, 'add', { id: 1 }, undefined);
    expect(() => checkSetFull(h.build())).toThrow(/add at index 0 must carry the element/);
  });

  it('rejects a misspelt or mistyped option, quoting it', () => {
    expect(() => setFullChecker.check([], { linearisable: true })).toThrow(ConfigError);
    expect(() => setFullChecker.check([], { linearizable: 'yes' })).toThrow('set-full option "linearizable": expected true or false, got "yes"');
  });

  it('answers unknown on a history of nemesis events only, which it ignores', () => {
    const h = new HistoryBuilder();
    h.nemesis('start-partition', { n1: ['n2'] });
    expect(checkSetFull(h.build())).toMatchObject({ valid: 'unknown', keys: 0, attempted: 0 });
  });

  it('reads a completed read of nil as the empty set, as Jepsen does', () => {
    const h = new HistoryBuilder();
    h.call(0, 'add', 1, undefined);
    h.call(1, 'read', null, null);
    const result = checkSetFull(h.build());
    expect(result.valid).toBe(false);
    expect(result.outcomes).toMatchObject({ lost: 1 });
  });
});
