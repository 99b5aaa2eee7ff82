import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { cliCommand } from '../test-support/cli-process.js';
import { useTempDir } from '../test-support/temp-dir.js';

// `faultline check` on a history written elsewhere, as a user types it: the anomalies in its
// verdict name the node of each operation and the faults in force, read from the history's own
// nemesis events (Jepsen's partitioner records [:isolated grudge]).

const tempDir = useTempDir();

const JEPSEN_HISTORY = [
  '{:type :invoke, :f :write, :value 1, :process 0, :time 1000000000, :index 0, :node "n2"}',
  '{:type :ok, :f :write, :value 1, :process 0, :time 1100000000, :index 1, :node "n2"}',
  '{:type :info, :f :start-partition, :value :majority, :process :nemesis, :time 2000000000, :index 2}',
  '{:type :info, :f :start-partition, :value [:isolated {"n1" #{"n2" "n3"}, "n2" #{"n1"}, "n3" #{"n1"}}], :process :nemesis, :time 2100000000, :index 3}',
  '{:type :invoke, :f :write, :value 2, :process 0, :time 2500000000, :index 4, :node "n2"}',
  '{:type :ok, :f :write, :value 2, :process 0, :time 2600000000, :index 5, :node "n2"}',
  '{:type :invoke, :f :read, :value nil, :process 1, :time 3000000000, :index 6, :node "n1"}',
  '{:type :ok, :f :read, :value 1, :process 1, :time 3200000000, :index 7, :node "n1"}',
  '{:type :info, :f :stop-partition, :value nil, :process :nemesis, :time 9000000000, :index 8}',
  '{:type :info, :f :stop-partition, :value :network-healed, :process :nemesis, :time 9100000000, :index 9}',
].join('\n');

describe('faultline check puts anomalies in context', () => {
  it('names the stale read’s node and the partition around it, in --json and on the terminal', async () => {
    const dir = tempDir();
    const file = join(dir, 'history.edn');
    writeFileSync(file, `${JEPSEN_HISTORY}\n`);

    const [node, args] = cliCommand(['check', file, '--checker', 'linearizable', '--json']);
    const json = await execa(node, args, { cwd: dir, reject: false });
    expect(json.exitCode, json.stderr).toBe(1);
    const results = JSON.parse(json.stdout);
    expect(results.faultWindows).toEqual([
      expect.objectContaining({ id: 'partition #1', nodes: ['n1', 'n2', 'n3'], coverage: expect.objectContaining({ invoked: 2, ok: 2 }) }),
    ]);
    const read = results.anomalies[0].operations.find((o: { role: string }) => o.role === 'deadline');
    expect(read).toMatchObject({ node: 'n1', faultsAtInvoke: ['partition #1'], faultsAtComplete: ['partition #1'] });
    expect(read.text).toBe('read 1 on n1 at 3.000–3.200 s, while n1 was cut off from n2 and n3 (partition #1, 2.10 s to 9.10 s)');

    const [node2, args2] = cliCommand(['check', file, '--checker', 'linearizable']);
    const text = await execa(node2, args2, { cwd: dir, reject: false });
    expect(text.exitCode).toBe(1);
    expect(text.stdout).toContain('anomalies in context (1):');
    expect(text.stdout).toContain('    deadline: read 1 on n1 at 3.000–3.200 s, while n1 was cut off from n2 and n3 (partition #1, 2.10 s to 9.10 s)');
  }, 60_000);
});
