import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliCommand } from '../../harness/test-support/cli-process.js';
import { useTempDir } from '../../harness/test-support/temp-dir.js';
import { buildTimePrograms, type TimePrograms } from '../clock/test-support/time-programs.js';
import { faultPrerequisites } from '../test-support/prerequisites.js';

// A user's own target whose node program the clock library cannot reach (a statically linked
// binary here; a Go binary is judged the same way): `faultline test --nemesis clock`, as a user
// types it, refuses up front when no node can be skewed, and otherwise names the node that is
// left alone on the terminal, in results.json and in the report, and skews only the others.

const prereq = await faultPrerequisites();
const tempDir = useTempDir();
let programs: TimePrograms | undefined;
beforeAll(async () => {
  if (prereq.ok) programs = await buildTimePrograms();
});
afterAll(() => programs?.remove());

const MEMORY_TARGET = fileURLToPath(new URL('../../targets/memory/index.ts', import.meta.url));

/** A target module: the in-memory register's clients, with nodes that run the given programs. */
function writeTarget(dir: string, programOf: Record<string, string>): string {
  const file = join(dir, 'time-target.ts');
  writeFileSync(
    file,
    `import { memoryTarget } from ${JSON.stringify(MEMORY_TARGET)};
const programs: Record<string, string> = ${JSON.stringify(programOf)};
export default {
  ...memoryTarget,
  name: 'time-programs',
  cluster: { defaultNodes: 3, port: 7000, command: (node: { name: string }) => ({ command: programs[node.name], args: [] }) },
};
`,
  );
  return file;
}

async function faultline(cwd: string, args: string[]) {
  const [node, argv] = cliCommand(args);
  return execa(node, argv, { cwd, reject: false, timeout: 120_000 });
}

describe.skipIf(!prereq.ok)('--nemesis clock on nodes the clock library cannot reach', () => {
  it('is refused up front, exit 254, when no node can be skewed', async () => {
    const cwd = tempDir();
    const { staticLibc } = programs!;
    const target = writeTarget(cwd, { n1: staticLibc, n2: staticLibc, n3: staticLibc });
    const result = await faultline(cwd, ['test', '--target', target, '--nemesis', 'clock', '--time-limit', '3']);
    expect(result.exitCode, result.stderr).toBe(254);
    expect(result.stderr).toContain(
      `clock: clock skew cannot reach any node of this target: n1: ${staticLibc} is statically linked (no dynamic loader), so no preloaded library is ever loaded into it`,
    );
    expect(result.stderr).not.toMatch(/\n\s+at /);
  }, 120_000);

  it('skews the nodes it can reach and names the one it cannot, on the terminal, in results.json and in the report', async () => {
    const cwd = tempDir();
    const { staticLibc, viaLibc } = programs!;
    const target = writeTarget(cwd, { n1: staticLibc, n2: viaLibc, n3: viaLibc });
    const result = await faultline(cwd, [
      'test',
      '--target',
      target,
      '--nemesis',
      'clock',
      '--nemesis-interval',
      '1s',
      '--time-limit',
      '8',
      '--seed',
      '4',
      '--json',
    ]);
    expect(result.exitCode, result.stderr).toBe(0);
    const notice = `n1: clock skew not applied: ${staticLibc} is statically linked (no dynamic loader), so no preloaded library is ever loaded into it`;
    expect(result.stderr).toContain(`note: ${notice}`);
    const out = JSON.parse(result.stdout) as { run: string; faults: { kinds: { clock: Record<string, unknown> } } };
    const clock = out.faults.kinds.clock as { faults: number; applied: number; verified: number; excluded: { node: string; why: string }[] };
    expect(clock.excluded).toEqual([{ node: 'n1', why: notice.slice('n1: '.length) }]);
    expect(clock.applied).toBeGreaterThanOrEqual(1);
    expect(clock.verified).toBe(clock.applied);

    const history = readFileSync(join(out.run, 'history.jsonl'), 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as { process: unknown; type: string; f: string; value: { offsets?: object; nodes?: string[]; effect?: { outcome: string } } });
    const skews = history.filter((o) => o.process === 'nemesis' && o.type === 'info' && (o.f === 'bump-clock' || o.f === 'strobe-clock'));
    expect(skews.length).toBeGreaterThanOrEqual(1);
    for (const skew of skews) {
      expect(Object.keys(skew.value.offsets ?? {}).concat(skew.value.nodes ?? [])).not.toContain('n1');
      expect(skew.value.effect?.outcome).toBe('verified');
    }
    const report = readFileSync(join(out.run, 'report.html'), 'utf8');
    expect(report).toContain('clock skew not applied');
    expect(report).toContain('What the faults did');
  }, 120_000);
});
