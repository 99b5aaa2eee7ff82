import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { faultPrerequisites, redisAvailable } from '../../nemesis/test-support/prerequisites.js';
import { builtCliCommand } from '../test-support/cli-process.js';
import { useTempDir } from '../test-support/temp-dir.js';

// docs/targets.md walks through docs/examples/redis-target.ts. The example runs through the
// built CLI as the guide says, with faults a server we did not write must survive; the guide's
// quoted blocks must still be in the example, and the example stays under 100 lines.

const prereq = await faultPrerequisites();
const redis = await redisAvailable();
if (!redis && process.env.CI === 'true') throw new Error('redis-server is required on CI');
const EXAMPLE = fileURLToPath(new URL('../../docs/examples/redis-target.ts', import.meta.url));
const GUIDE = fileURLToPath(new URL('../../docs/targets.md', import.meta.url));
const tempDir = useTempDir('faultline-guide-');

describe('the write-your-own-target guide', () => {
  it('quotes only code that is in the example, which is under 100 lines', () => {
    const example = readFileSync(EXAMPLE, 'utf8');
    expect(example.trimEnd().split('\n').length).toBeLessThan(100);
    const quoted = [...readFileSync(GUIDE, 'utf8').matchAll(/<!-- from docs\/examples\/redis-target\.ts -->\n```ts\n([^]*?)```/g)].map((m) => m[1]);
    expect(quoted.length).toBeGreaterThanOrEqual(6);
    for (const block of quoted) expect(example, `docs/targets.md quotes a block the example no longer has:\n${block}`).toContain(block);
  });

  it.skipIf(!prereq.ok || !redis)(
    'its example runs through the CLI under kill and pause faults, every fault verified, and the register checks valid',
    async () => {
      const [node, argv] = builtCliCommand([
        'test',
        '--target',
        EXAMPLE,
        '--nemesis',
        'kill,pause',
        '--nemesis-interval',
        '1500ms',
        '--time-limit',
        '6',
        '--seed',
        '3',
        '--json',
      ]);
      const run = await execa(node, argv, { cwd: tempDir(), reject: false, timeout: 120_000, env: { NO_COLOR: '1' } });
      expect(run.exitCode, run.stderr).toBe(0);
      const result = JSON.parse(run.stdout) as {
        valid: unknown;
        checkers: { linearizable: { valid: unknown } };
        faults: { kinds: Record<string, { applied: number; verified: number }> };
      };
      expect(result.valid).toBe(true);
      expect(result.checkers.linearizable.valid).toBe(true);
      const { kill } = result.faults.kinds;
      expect(kill.applied).toBeGreaterThanOrEqual(1);
      expect(kill.verified).toBe(kill.applied);
      expect(run.stderr).not.toMatch(/exited on its own/);
    },
  );
});
