import { describe, expect, it } from 'vitest';
import { findChecker } from '../registry.js';

describe('the loss and lock checkers in the registry', () => {
  it('can be found by the names workloads and the CLI use', () => {
    for (const name of ['set-full', 'counter', 'bank', 'lost-update', 'unique-ids', 'lock']) {
      expect(findChecker(name)?.name).toBe(name);
    }
  });

  it('check an empty history as unknown through the registry interface', async () => {
    for (const name of ['set-full', 'counter', 'bank', 'lost-update', 'unique-ids', 'lock']) {
      expect((await findChecker(name)!.check([], {})).valid).toBe('unknown');
    }
  });
});
