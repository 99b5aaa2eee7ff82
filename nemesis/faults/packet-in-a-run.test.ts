import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { cliCommand } from '../../harness/test-support/cli-process.js';
import { useTempDir } from '../../harness/test-support/temp-dir.js';
import { faultPrerequisites } from '../test-support/prerequisites.js';

// `--nemesis packet` as a user types it: loss between raft-kv's nodes, applied and verified in a
// real run; delay refused before the run on a kernel without netem; packet options without the
// packet kind, or out of range, refused as bad input.

const prereq = await faultPrerequisites();
const tempDir = useTempDir();

async function faultline(args: string[]) {
  const [node, argv] = cliCommand(args);
  return execa(node, argv, { cwd: tempDir(), reject: false, timeout: 180_000 });
}

describe.skipIf(!prereq.ok)('faultline test --nemesis packet', () => {
  it('loses packets between raft-kv nodes at the asked rate, verified, and the store stays linearizable', async () => {
    const result = await faultline([
      'test',
      '--nemesis',
      'packet',
      '--packet-loss',
      '0.4',
      '--nemesis-interval',
      '1500ms',
      '--time-limit',
      '10',
      '--seed',
      '5',
      '--rate',
      '50',
      '--json',
    ]);
    expect(result.exitCode, result.stderr).toBe(0);
    const out = JSON.parse(result.stdout) as {
      valid: unknown;
      run: string;
      faults: { kinds: { packet: { applied: number; verified: number; undos: number; undosVerified: number } } };
    };
    const packet = out.faults.kinds.packet;
    expect(packet.applied, JSON.stringify(packet)).toBeGreaterThanOrEqual(1);
    expect(packet.verified).toBe(packet.applied);
    expect(packet.undosVerified).toBe(packet.undos);
    const history = readFileSync(join(out.run, 'history.jsonl'), 'utf8');
    expect(history).toMatch(/"f":"start-packet","value":\{"nodes":\[[^\]]+\],"behaviour":\{"loss":0\.4\},"effect":\{"outcome":"verified"/);
  }, 180_000);

  it('refuses --packet-delay up front, exit 254, on a kernel without netem', async (ctx) => {
    const result = await faultline(['test', '--nemesis', 'packet', '--packet-delay', '50ms', '--time-limit', '3']);
    if (result.exitCode === 0) return ctx.skip(); // this kernel has netem
    expect(result.exitCode, result.stderr).toBe(254);
    expect(result.stderr).toMatch(/packet delay needs netem and this kernel has no netem queueing discipline/);
    expect(result.stderr).not.toMatch(/\n\s+at /);
  }, 120_000);

  it.each([
    [
      ['--nemesis', 'partition', '--packet-loss', '0.2'],
      /packetLoss: shapes the faults of --nemesis packet, which this run does not use \(nemesis: partition\)/,
    ],
    [['--nemesis', 'packet', '--packet-loss', '1.5'], /packetLoss: must be a probability of at most 1 \(got 1\.5\)/],
    [['--nemesis', 'packet', '--packet-loss', '0'], /packetLoss: must be a probability above 0 \(got 0\)/],
  ])(
    'refuses %j as bad input, exit 254',
    async (args, message) => {
      const result = await faultline(['test', ...args, '--time-limit', '2']);
      expect(result.exitCode, result.stderr).toBe(254);
      expect(result.stderr).toMatch(message);
    },
    60_000,
  );
});
