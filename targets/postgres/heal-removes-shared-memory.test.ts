import { existsSync, readFileSync, realpathSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { cliCommand } from '../../harness/test-support/cli-process.js';
import { listFaultlineChains } from '../../nemesis/local/iptables.js';
import { postgresAvailable, usePostgresRunsDir } from './test-support/index.js';
import { segmentsLeftUnder, serverProcessesUnder } from './test-support/runs-folder.js';

// A harness killed with SIGKILL mid-run cannot stop its PostgreSQL; `faultline heal` kills what
// the run left running, and PostgreSQL's System V shared memory segment (which outlives a
// killed server; `ipcs -m` shows it) goes too. Afterwards nothing of the run remains.

const runsDir = usePostgresRunsDir();

describe.skipIf(!postgresAvailable)('faultline heal after a killed postgres run', () => {
  it('kills the server and removes its shared memory segment, its rules and its processes', async () => {
    const cwd = runsDir();
    const [node, args] = cliCommand([
      'test',
      '--target',
      'postgres',
      '--nemesis',
      'pause,kill',
      '--nemesis-interval',
      '1s',
      '--time-limit',
      '60',
      '--seed',
      '9',
    ]);
    // Heal judges only this test's runs: a state folder of its own, and no Docker engine (so that
    // it neither reports nor removes what tests next door left).
    const env = { FAULTLINE_STATE_DIR: join(cwd, 'state'), DOCKER_HOST: `unix://${join(cwd, 'no-docker.sock')}` };
    const harness = execa(node, args, { cwd, reject: false, timeout: 120_000, env });
    let runDir: string | undefined;
    try {
      // Into the main phase, with faults under way.
      const deadline = Date.now() + 90_000;
      for (;;) {
        const latest = join(cwd, 'runs', 'latest');
        if (existsSync(join(latest, 'harness.log')) && /nemesis (pause|kill|resume|start) /.test(readFileSync(join(latest, 'harness.log'), 'utf8'))) break;
        if (Date.now() > deadline) throw new Error('the run never reached a fault');
        await sleep(200);
      }
      runDir = realpathSync(join(cwd, 'runs', 'latest'));
      await sleep(1_500);
      harness.kill('SIGKILL');
      expect((await harness).signal).toBe('SIGKILL');
      // What a killed run leaves: its server (or the segment of the one the nemesis killed last).
      expect(serverProcessesUnder(runDir).length + segmentsLeftUnder(runDir).length).toBeGreaterThan(0);
    } finally {
      harness.kill('SIGKILL');
      await harness;
      const [healNode, healArgs] = cliCommand(['heal']);
      const heal = await execa(healNode, healArgs, { cwd, reject: false, timeout: 60_000, env });
      expect(heal.exitCode, heal.stdout + heal.stderr).toBe(0);
      if (runDir)
        expect(heal.stdout).toMatch(new RegExp(`left by the target: ${runDir}: postgres n1: .*(removed orphaned shared memory segment \\d+|stopped pid)`));
    }
    expect(serverProcessesUnder(runDir)).toEqual([]);
    expect(segmentsLeftUnder(runDir)).toEqual([]);
    expect((await listFaultlineChains()).filter((c) => c.startsWith(`faultline-${harness.pid}-`))).toEqual([]);
  }, 180_000);
});
