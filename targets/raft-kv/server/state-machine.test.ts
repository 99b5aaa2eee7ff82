import { describe, expect, it } from 'vitest';
import { KvStateMachine } from './state-machine.js';

describe('key-value state machine', () => {
  it('writes, appends by string concatenation, and compares-and-sets', () => {
    const sm = new KvStateMachine();
    expect(sm.apply({ op: 'append', key: 'a', value: 1 })).toEqual({ ok: true, value: 1 });
    expect(sm.read('a')).toBe('1');
    sm.apply({ op: 'append', key: 'a', value: 'x' });
    expect(sm.read('a')).toBe('1x');
    sm.apply({ op: 'write', key: 'b', value: 5 });
    expect(sm.apply({ op: 'cas', key: 'b', from: 5, to: 6 })).toEqual({ ok: true, value: [5, 6] });
    expect(sm.read('b')).toBe(6);
  });

  it('a cas that does not match, or on a missing key, fails and changes nothing', () => {
    const sm = new KvStateMachine();
    sm.apply({ op: 'write', key: 'b', value: 5 });
    expect(sm.apply({ op: 'cas', key: 'b', from: '5', to: 6 })).toMatchObject({ ok: false, error: expect.stringContaining('cas-mismatch') });
    expect(sm.apply({ op: 'cas', key: 'c', from: 0, to: 1 })).toMatchObject({ ok: false });
    expect(sm.read('b')).toBe(5);
    expect(sm.read('c')).toBeNull();
  });

  it('keeps 1 and "1" apart, and restores from its entries with the same digest', () => {
    const sm = new KvStateMachine();
    sm.apply({ op: 'write', key: 1, value: 'number' });
    sm.apply({ op: 'write', key: '1', value: 'string' });
    expect(sm.read(1)).toBe('number');
    expect(sm.read('1')).toBe('string');
    const copy = new KvStateMachine();
    copy.restore(sm.entries());
    expect(copy.digest()).toBe(sm.digest());
    expect(copy.read(1)).toBe('number');
    copy.apply({ op: 'write', key: 1, value: 'changed' });
    expect(copy.digest()).not.toBe(sm.digest());
  });
});
