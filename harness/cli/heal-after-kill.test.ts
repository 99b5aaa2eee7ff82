import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { execa } from 'execa';
import { afterEach, describe, expect, it } from 'vitest';
import { bridgeExists, runtimeNamespaces } from '../../nemesis/local/node-network.js';
import { listFaultlineChains } from '../../nemesis/local/iptables.js';
import { scanRecords } from '../../nemesis/local/registry.js';
import { faultPrerequisites } from '../../nemesis/test-support/prerequisites.js';
import { cliCommand } from '../test-support/cli-process.js';
import { useTempDir } from '../test-support/temp-dir.js';

// What a user does after `kill -9` of a run: `faultline heal`, and nothing of that run is left —
// node processes (frozen ones too), their cgroups, network namespaces with their links, the
// bridge and its iptables chain.

const prereq = await faultPrerequisites();
const tempDir = useTempDir();
const children: { kill: (signal: NodeJS.Signals) => boolean }[] = [];
afterEach(async () => {
  for (const child of children.splice(0)) child.kill('SIGKILL');
});

describe.skipIf(!prereq.ok)('faultline heal after kill -9 of a run', () => {
  it('removes every process, cgroup, namespace, link, bridge and rule the run had', async () => {
    const cwd = tempDir();
    const [node, args] = cliCommand(['test', '--nemesis', 'partition,pause', '--nemesis-interval', '500ms', '--time-limit', '60']);
    const run = execa(node, args, { cwd, reject: false });
    children.push(run);
    // Wait for the run's runtime to be up and a fault to be in force.
    let record: ReturnType<typeof scanRecords>['records'][number]['record'] | undefined;
    const deadline = Date.now() + 60_000;
    while (Date.now() < deadline && record === undefined) {
      record = scanRecords().records.find((r) => r.record.owner.pid === run.pid && Object.values(r.record.nodes).every((n) => n.process))?.record;
      await sleep(100);
    }
    expect(record, 'the run started its nodes').toBeDefined();
    const history = () => readFileSync(join(cwd, 'runs', 'latest', 'history.jsonl'), 'utf8');
    while (Date.now() < deadline && !/"type":"info","process":"nemesis","f":"(start-partition|pause)"/.test(history())) await sleep(100);
    const cgroup = record!.cgroup!;
    const pids = readdirSync(cgroup)
      .filter((d) => existsSync(join(cgroup, d, 'cgroup.procs')))
      .flatMap((d) =>
        readFileSync(join(cgroup, d, 'cgroup.procs'), 'utf8')
          .split('\n')
          .filter(Boolean),
      );
    expect(pids.length).toBeGreaterThanOrEqual(3);

    run.kill('SIGKILL');
    await run;
    // kill -9 gave the harness no chance: everything is still there.
    expect(runtimeNamespaces(record!.id)).toHaveLength(3);
    expect(bridgeExists(record!.bridge!)).toBe(true);
    expect(existsSync(cgroup)).toBe(true);

    const [healNode, healArgs] = cliCommand(['heal']);
    const healed = await execa(healNode, healArgs, { cwd, reject: false });
    expect(healed.exitCode, healed.stdout + healed.stderr).toBe(0);
    // (Another suite's heal running at the same moment may have done part of the work: the
    // outcome, not who did it, is what is asserted.)
    expect(healed.stdout).toMatch(
      /^runtimes cleaned: .*\nprocesses killed: .*\niptables chains removed: .*\nnetwork namespaces removed \(with their links\): .*\nbridges removed: /,
    );

    for (const pid of pids) expect(existsSync(`/proc/${pid}`) && !readFileSync(`/proc/${pid}/stat`, 'utf8').includes(') Z '), `pid ${pid} is gone`).toBe(false);
    expect(existsSync(cgroup)).toBe(false);
    expect(runtimeNamespaces(record!.id)).toEqual([]);
    expect(bridgeExists(record!.bridge!)).toBe(false);
    expect(readdirSync('/sys/class/net').filter((n) => n.startsWith(`fl${record!.block}v`))).toEqual([]);
    expect(await listFaultlineChains()).not.toContain(record!.chain);
  }, 180_000);
});
