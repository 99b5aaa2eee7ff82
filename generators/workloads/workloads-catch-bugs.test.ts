import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../harness/cli.js';
import { captureIo } from '../../harness/test-support/capture-io.js';
import { useTempDir } from '../../harness/test-support/temp-dir.js';
import { faultPrerequisites } from '../../nemesis/test-support/prerequisites.js';

const tempDir = useTempDir();
const results = (cwd: string) => JSON.parse(readFileSync(join(cwd, 'runs', 'latest', 'results.json'), 'utf8'));

describe('workloads and their checkers catch what they should', () => {
  it('the in-memory register with stale reads is not linearizable, and the CLI exits 1', async () => {
    const cwd = tempDir();
    const code = await main(['test', '--target', 'memory', '--bug', 'stale-read', '--time-limit', '3', '--rate', '500', '--seed', '2'], captureIo(cwd));
    const r = results(cwd);
    expect(r.checkers.linearizable.valid).toBe(false);
    expect(code).toBe(1);
  });

  it('the in-memory register without the bug is linearizable', async () => {
    const cwd = tempDir();
    expect(await main(['test', '--target', 'memory', '--time-limit', '3', '--rate', '500', '--seed', '2'], captureIo(cwd))).toBe(0);
    expect(results(cwd).checkers.linearizable.valid).toBe(true);
  });
});

describe('set-full on raft-kv', () => {
  let ready = false;
  beforeAll(async () => {
    ready = (await faultPrerequisites()).ok;
  });

  // With the bug, the same kills lose elements: targets/raft-kv/seeded-bugs-caught-end-to-end.test.ts.
  it('loses nothing without the bug under the same kills', async (ctx) => {
    if (!ready) return ctx.skip();
    const cwd = tempDir();
    const code = await main(
      ['test', '--workload', 'set', '--nemesis', 'kill-majority', '--nemesis-interval', '2', '--time-limit', '20', '--seed', '1'],
      captureIo(cwd),
    );
    const set = results(cwd).checkers['set-full'];
    expect(set.outcomes.lost).toBe(0);
    expect(code).toBe(0);
  }, 120_000);
});
