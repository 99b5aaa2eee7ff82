import { mkdtempSync, readFileSync, readdirSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Docker from 'dockerode';
import { execa } from 'execa';
import { afterAll, describe, expect, it } from 'vitest';
import { cliCommand } from '../../harness/test-support/cli-process.js';
import { LABEL, labelFilter } from './labels.js';
import { removeRun } from './remove-run.js';
import { dockerPrerequisites } from './test-support/prerequisites.js';

// The whole path a user takes: `faultline test --runtime docker` runs raft-kv in containers under
// every fault kind, checks the history and leaves a run folder with the nodes' logs, and nothing
// in Docker once it is done.

const prereq = await dockerPrerequisites();
const scratch = mkdtempSync(join(tmpdir(), 'faultline-docker-cli-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** The Docker runs a harness process owned that still have containers or networks. */
async function leftoversOf(pid: number | undefined): Promise<{ runs: string[]; containers: number; networks: number }> {
  const docker = new Docker();
  const owned = (labels: Record<string, string> | undefined) => labels?.[LABEL.owner]?.startsWith(`${pid}:`) ?? false;
  const containers = (await docker.listContainers({ all: true, filters: labelFilter() })).filter((c) => owned(c.Labels));
  const networks = (await docker.listNetworks({ filters: labelFilter() })).filter((n) => owned(n.Labels));
  const runs = new Set([...containers.map((c) => c.Labels[LABEL.run]), ...networks.flatMap((n) => n.Labels?.[LABEL.run] ?? [])]);
  return { runs: [...runs], containers: containers.length, networks: networks.length };
}

describe.skipIf(!prereq.ok)('faultline test --runtime docker', () => {
  it('runs raft-kv on containers through partitions, pauses, kills and clock skew, with a valid verdict', async () => {
    const [node, args] = cliCommand([
      'test',
      '--runtime',
      'docker',
      '--time-limit',
      '15',
      '--nemesis',
      'partition,pause,kill,clock',
      '--nemesis-interval',
      '2s',
      '--seed',
      '11',
      '--json',
    ]);
    const run = execa(node, args, { cwd: scratch, reject: false, timeout: 240_000 });
    const result = await run;
    const leftovers = await leftoversOf(run.pid);
    // Whatever a failed run left is removed before anything is asserted.
    for (const id of leftovers.runs) await removeRun(new Docker(), id);
    expect(result.stderr).not.toMatch(/faultline:|teardown step .* failed/);
    const verdict = JSON.parse(result.stdout) as { valid: unknown; run: string };
    expect(verdict.valid).toBe(true);
    expect(result.exitCode).toBe(0);

    const runDir = realpathSync(verdict.run);
    const harnessLog = readFileSync(join(runDir, 'harness.log'), 'utf8');
    expect(harnessLog).toMatch(/started 3 nodes on the docker runtime/);
    expect(harnessLog).toMatch(/nemesis (start-partition|pause|kill|clock|bump|strobe)/);
    expect(
      readdirSync(join(runDir, 'nodes'))
        .filter((f) => f.endsWith('.log'))
        .sort(),
    ).toEqual(['n1.log', 'n2.log', 'n3.log']);
    for (const name of ['n1', 'n2', 'n3']) {
      const log = readFileSync(join(runDir, 'nodes', `${name}.log`), 'utf8');
      expect(log).toMatch(new RegExp(`${name}: start: .*targets/raft-kv/server/main\\.ts --id ${name} --listen 10\\.`));
      expect(log).toMatch(new RegExp(`${name}: stopAll: removing the container`));
    }

    // Nothing of this harness's run was left in Docker.
    expect(leftovers).toEqual({ runs: [], containers: 0, networks: 0 });
  });
});
