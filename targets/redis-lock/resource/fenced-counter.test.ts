import { describe, expect, it } from 'vitest';
import { STALE_TOKEN_ERROR } from '../protocol/messages.js';
import { FencedCounter } from './fenced-counter.js';

describe('the fenced counter', () => {
  it('without tokens is a plain register: every read and write passes', () => {
    const counter = new FencedCounter();
    expect(counter.read(null)).toEqual({ type: 'ok', value: 0 });
    expect(counter.write(5, null)).toEqual({ type: 'ok', value: null });
    expect(counter.read(null)).toEqual({ type: 'ok', value: 5 });
  });

  it('refuses a write whose token is older than one it has seen (Kleppmann’s fencing)', () => {
    const counter = new FencedCounter();
    expect(counter.write(1, 33).type).toBe('ok');
    expect(counter.write(2, 34).type).toBe('ok');
    expect(counter.write(9, 33)).toEqual({ type: 'fail', error: STALE_TOKEN_ERROR });
    expect(counter.value).toBe(2);
    expect(counter.newestToken).toBe(34);
  });

  it('raises its fence on reads too, so a stale holder cannot write on a value it never saw', () => {
    // Holder 33 reads 0, holder 34 reads 0 and writes 1; 33's write of 1 would lose 34's update.
    const counter = new FencedCounter();
    expect(counter.read(33)).toEqual({ type: 'ok', value: 0 });
    expect(counter.read(34)).toEqual({ type: 'ok', value: 0 });
    expect(counter.write(1, 33)).toEqual({ type: 'fail', error: STALE_TOKEN_ERROR });
    expect(counter.write(1, 34).type).toBe('ok');
    expect(counter.read(33)).toEqual({ type: 'fail', error: STALE_TOKEN_ERROR });
  });

  it('lets one holder read and write with its own token, and tokenless final reads through', () => {
    const counter = new FencedCounter();
    expect(counter.read(7).type).toBe('ok');
    expect(counter.write(1, 7).type).toBe('ok');
    expect(counter.read(null)).toEqual({ type: 'ok', value: 1 });
  });
});
