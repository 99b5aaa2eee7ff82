import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { builtCliCommand } from '../test-support/cli-process.js';
import { useTempDir } from '../test-support/temp-dir.js';

// Jepsen's history.edn as jepsen.store writes it (#jepsen.history.Op records, one per line)
// and as people paste it (several per line, pretty-printed, wrapped in a vector), checked by
// the built CLI: every operation is read, so the verdict is the same in every layout; broken
// EDN is refused with exit 254 naming file, line and column.

const tempDir = useTempDir();

// An independent cas-register history where key 1 reads a value never written: not linearizable.
const OPS = [
  '{:index 0, :time 10, :type :invoke, :process 0, :f :write, :value [1 3]}',
  '{:index 1, :time 20, :type :ok, :process 0, :f :write, :value [1 3]}',
  '{:index 2, :time 30, :type :invoke, :process 1, :f :read, :value [1 nil]}',
  '{:index 3, :time 40, :type :ok, :process 1, :f :read, :value [1 4]}',
  '{:index 4, :time 50, :type :info, :process :nemesis, :f :start-partition, :value {"n1" #{"n2" "n3"}}}',
  '{:index 5, :time 60, :type :invoke, :process 0, :f :cas, :value [2 [nil 1]]}',
  '{:index 6, :time 70, :type :ok, :process 0, :f :cas, :value [2 [nil 1]], :final? true}',
];

async function check(text: string, args: string[] = ['--checker', 'linearizable', '--model', 'cas-register']) {
  const file = join(tempDir(), 'history.edn');
  writeFileSync(file, text);
  const [node, argv] = builtCliCommand(['check', file, ...args]);
  return { file, result: await execa(node, argv, { reject: false }) };
}

describe('faultline check reads Jepsen EDN in every layout (built CLI)', () => {
  it.each([
    ['jepsen.store: #jepsen.history.Op records, one per line', OPS.map((m) => `#jepsen.history.Op${m}`).join('\n')],
    ['several maps on one line', `${OPS.slice(0, 4).join(' ')}\n${OPS.slice(4).join(' ')}`],
    ['pretty-printed across lines', OPS.map((m) => m.replaceAll(', ', ',\n ')).join('\n')],
    ['wrapped in a vector (Knossos)', `[${OPS.join('\n ')}]`],
  ])('%s: 7 events, key 1 invalid', async (_layout, text) => {
    const { result } = await check(text);
    expect(result.exitCode, result.stderr).toBe(1);
    expect(result.stdout).toContain('7 events');
    expect(result.stdout).toMatch(/linearizable\s+INVALID/);
  });

  it('refuses trailing garbage after the history vector with exit 254, file, line and column', async () => {
    const { file, result } = await check(`[${OPS.join('\n ')}]\n  oops`);
    expect(result.exitCode).toBe(254);
    expect(result.stderr).toBe(`faultline: ${file}:8:3: unexpected form after the history vector that begins at line 1, column 1 (trailing garbage?)`);
  });

  it('refuses a value it cannot hold exactly, naming line, column and field', async () => {
    const { file, result } = await check(OPS.join('\n').replace(':value [1 3]}', ':value [1 9007199254740993N]}'));
    expect(result.exitCode).toBe(254);
    expect(result.stderr).toMatch(new RegExp(`^faultline: ${file.replace(/\./g, '\\.')}:1:\\d+: field "value" the integer 9007199254740993N is beyond 2\\^53`));
  });
});
