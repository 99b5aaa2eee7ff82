import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../cli.js';
import { captureIo } from '../test-support/capture-io.js';
import { useTempDir } from '../test-support/temp-dir.js';

// A config file's checkers go through the same option parser as `faultline check`, before
// anything starts: a bad option is exit 254 and no run folder, not a verdict lost after the run.

const tempDir = useTempDir();

describe('faultline test with checkers from a config file', () => {
  it.each([
    [{ checker: 'linearizable', options: { model: 'stack' } }, /linearizable option "model": expected one of register, cas-register/],
    [
      { checker: 'set-full', options: { linearisable: true } },
      /set-full option "linearisable": is not an option of the set-full checker \(it takes linearizable, limit\)/,
    ],
    [{ checker: 'nope' }, /checkers: no checker named "nope"/],
  ])('refuses %j before the run, with exit 254', async (spec, message) => {
    const cwd = tempDir();
    writeFileSync(join(cwd, 'faultline.config.json'), JSON.stringify({ target: 'memory', timeLimit: '1s', checkers: [spec] }));
    const io = captureIo(cwd);
    expect(await main(['test'], io)).toBe(254);
    expect(io.err()).toMatch(message);
    expect(existsSync(join(cwd, 'runs'))).toBe(false);
  });
});
