import { expect, it } from 'vitest';
import { HistoryFormatError } from '../../core/errors.js';
import { checkLinearizable } from './check.js';
import { history } from '../test-support/index.js';

it('names the operation a model cannot check, with its line and field', async () => {
  const unknownF = history(['invoke', 0, 'write', 1], ['ok', 0, 'write', 1], ['invoke', 0, 'increment', 1], ['ok', 0, 'increment', 1]);
  const err = await checkLinearizable(unknownF, 'cas-register').catch((e: unknown) => e);
  expect(err).toBeInstanceOf(HistoryFormatError);
  expect(err).toMatchObject({ line: 3, field: 'f' });
  expect((err as Error).message).toContain('"increment" is not an operation of the cas-register model (expected read, write, cas), at index 2');
});

it('names a cas whose value is not a [from, to] pair', async () => {
  const badCas = history(['invoke', 0, 'cas', 3, 'k7'], ['ok', 0, 'cas', 3, 'k7']);
  await expect(checkLinearizable(badCas, 'cas-register')).rejects.toThrow(/field "value" cas needs a value \[from, to\], got 3, at index 0 \(key "k7"\)/);
});

it('tells register users that cas needs the cas-register model', async () => {
  const cas = history(['invoke', 0, 'cas', [1, 2]], ['ok', 0, 'cas', [1, 2]]);
  await expect(checkLinearizable(cas, 'register')).rejects.toThrow(/"cas" is not an operation of the register model/);
});

it('names an unknown model', async () => {
  const events = history(['invoke', 0, 'write', 1], ['ok', 0, 'write', 1]);
  await expect(checkLinearizable(events, 'queue' as 'register')).rejects.toThrow(
    'linearizable model: expected one of register, cas-register, multi-register, kv, set, fifo-queue, mutex, got "queue"',
  );
});
