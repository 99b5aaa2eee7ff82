import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { identify } from '../../nemesis/local/proc.js';
import type { RuntimeRecord } from '../../nemesis/local/registry.js';
import { faultPrerequisites } from '../../nemesis/test-support/prerequisites.js';
import { cliCommand } from '../test-support/cli-process.js';
import { useTempDir } from '../test-support/temp-dir.js';

// `faultline heal` reads the runtime records of every version a faultline build writes: version 1
// (nodes on loopback addresses, in process groups: builds before namespaces and cgroups, the
// Docker branch's among them) and version 2 (nodes in network namespaces and cgroups). A dead
// run's record of either kind is healed and removed, and heal exits 0 instead of calling it
// unreadable. Block 0 is outside the lease range, so no run's links or leases are touched.

const prereq = await faultPrerequisites();
const tempDir = useTempDir();

/** The identity of a process that has ended. */
async function deadProcess(): Promise<{ pid: number; startTime: string }> {
  const child = execa('sleep', ['5']);
  const identity = identify(child.pid!);
  child.kill('SIGKILL');
  await child.catch(() => undefined);
  if (!identity) throw new Error('cannot read /proc');
  return identity;
}

function recordOf(version: 1 | 2, id: string, owner: { pid: number; startTime: string }, runDir: string, clockDir: string): RuntimeRecord {
  return {
    version,
    id,
    owner,
    createdAt: new Date().toISOString(),
    runDir,
    block: 0,
    chain: `faultline-${id}`,
    clockDir,
    ...(version === 2 ? { namespaces: [] } : {}),
    nodes: { n1: { host: version === 1 ? '127.0.0.2' : '10.214.0.2', port: 7000 } },
  };
}

describe.skipIf(!prereq.ok)('faultline heal reads runtime records of every version', () => {
  it('heals a dead run of version 1 and one of version 2 and exits 0', async () => {
    const cwd = tempDir();
    const state = join(cwd, 'state');
    const owner = await deadProcess();
    const records = ([1, 2] as const).map((version) => {
      const id = `${owner.pid}-${version === 1 ? 'aa01' : 'aa02'}`;
      const runDir = join(cwd, `run-v${version}`);
      const clockDir = join(cwd, `clock-v${version}`);
      mkdirSync(join(runDir, 'nodes'), { recursive: true });
      mkdirSync(clockDir, { recursive: true });
      writeFileSync(join(runDir, 'test.json'), JSON.stringify({ config: { target: 'raft-kv' } }));
      const record = recordOf(version, id, owner, runDir, clockDir);
      mkdirSync(join(state, 'runtimes'), { recursive: true });
      writeFileSync(join(state, 'runtimes', `${id}.json`), JSON.stringify(record));
      writeFileSync(join(runDir, 'nodes', `faultline-runtime-${id}.json`), JSON.stringify(record));
      return record;
    });
    const [node, args] = cliCommand(['heal']);
    // No Docker engine answers at this address: heal says it skipped Docker, which is not a problem.
    const healed = await execa(node, args, { cwd, reject: false, env: { FAULTLINE_STATE_DIR: state, DOCKER_HOST: `unix://${join(cwd, 'no-engine.sock')}` } });
    expect(healed.exitCode, healed.stdout + healed.stderr).toBe(0);
    expect(healed.stdout).not.toMatch(/unreadable runtime record/);
    const cleaned = healed.stdout.split('\n').find((l) => l.startsWith('runtimes cleaned: '));
    for (const record of records) {
      expect(cleaned, healed.stdout).toContain(record.id);
      expect(existsSync(join(state, 'runtimes', `${record.id}.json`))).toBe(false);
      expect(existsSync(join(record.runDir, 'nodes', `faultline-runtime-${record.id}.json`))).toBe(false);
      expect(existsSync(record.clockDir)).toBe(false);
    }
    expect(healed.stdout).toMatch(/^docker: skipped \(/m);
  }, 60_000);
});
