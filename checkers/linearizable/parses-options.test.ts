import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../core/errors.js';
import { DEFAULT_MAX_STATES, parseLinearizableOptions } from './options.js';

// Options arrive from CLI flags as strings or from workloads as JSON; both must work, and a
// bad one must be named with its value. `initial` is JSON: the CLI decodes a flag's text
// (commandLineValue), so here a string stays a string.

describe('linearizable options', () => {
  it('defaults to a cas-register, 60 s and the default state budget', () => {
    expect(parseLinearizableOptions({})).toEqual({ model: 'cas-register', timeoutMs: 60_000, maxStates: DEFAULT_MAX_STATES, workers: 'auto' });
  });

  it.each([
    ['60s', 60_000],
    ['500ms', 500],
    ['2m', 120_000],
    ['1.5s', 1500],
    ['30', 30_000],
    [5, 5000],
  ])('reads timeout %j as %i ms', (timeout, ms) => {
    expect(parseLinearizableOptions({ timeout }).timeoutMs).toBe(ms);
  });

  it.each([
    ['3', '3'],
    ['abc', 'abc'],
    [7, 7],
    [null, null],
    [{ x: 0 }, { x: 0 }],
  ])('reads initial %j as %j', (initial, value) => {
    expect(parseLinearizableOptions({ model: 'register', initial }).initial).toEqual(value);
  });

  it('reads maxStates and workers from strings', () => {
    expect(parseLinearizableOptions({ maxStates: '1000', workers: '0' })).toMatchObject({ maxStates: 1000, workers: 0 });
  });

  it.each([
    [
      { model: 'queue' },
      'linearizable option "model": expected one of register, cas-register, multi-register, kv, set, fifo-queue, mutex, or a path to a module, got "queue"',
    ],
    [{ timeout: 'soon' }, 'linearizable option "timeout": expected a duration such as 60s, 500ms, 2m or a number of seconds, got "soon"'],
    [{ timeout: -1 }, 'linearizable option "timeout": expected a duration such as 60s, 500ms, 2m or a number of seconds, got -1'],
    [{ maxStates: '0' }, 'linearizable option "maxStates": expected a whole number (at least 1), got "0"'],
    [{ maxStates: 2.5 }, 'linearizable option "maxStates": expected a whole number (at least 1), got 2.5'],
    [{ workers: 'many' }, 'linearizable option "workers": expected a whole number (0 or more) or "auto", got "many"'],
    [
      { model: 'queue', initial: 1 },
      'linearizable option "model": expected one of register, cas-register, multi-register, kv, set, fifo-queue, mutex, or a path to a module, got "queue"',
    ],
    [{ modle: 'kv' }, 'linearizable option "modle": is not an option of the linearizable checker (it takes model, initial, timeout, maxStates, workers)'],
    [
      { model: 'set', initial: '3' },
      'linearizable option "initial": the set model has no initial value (only register, cas-register, multi-register, kv take one), got "3"',
    ],
  ])('rejects %j', (options, message) => {
    expect(() => parseLinearizableOptions(options)).toThrow(ConfigError);
    expect(() => parseLinearizableOptions(options)).toThrow(message);
  });
});
