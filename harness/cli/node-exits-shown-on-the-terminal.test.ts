import { fileURLToPath } from 'node:url';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { faultPrerequisites, redisAvailable } from '../../nemesis/test-support/prerequisites.js';
import { builtCliCommand } from '../test-support/cli-process.js';
import { useTempDir } from '../test-support/temp-dir.js';

// A node whose server exits on its own is shown on the terminal, as it happens, with its exit
// status and its last log lines — not only in nodes/<name>.log. The user target runs through the
// built CLI as a user types it.

const prereq = await faultPrerequisites();
const redis = await redisAvailable();
if (!redis && process.env.CI === 'true') throw new Error('redis-server is required on CI');
const TARGET = fileURLToPath(new URL('../test-support/fixtures/user-targets/exiting-server.ts', import.meta.url));
const tempDir = useTempDir('faultline-node-exits-');

function faultline(args: string[], env: Record<string, string> = {}) {
  const [node, argv] = builtCliCommand(['test', '--target', TARGET, '--time-limit', '4', '--rate', '20', ...args]);
  return execa(node, argv, { cwd: tempDir(), reject: false, timeout: 120_000, env: { NO_COLOR: '1', ...env } });
}

function count(text: string, part: string): number {
  return text.split(part).length - 1;
}

describe.skipIf(!prereq.ok || !redis)('a node that exits on its own, on the terminal', () => {
  it('at start: the exit, its code and the server’s last lines once, then why the run stopped', async () => {
    const run = await faultline(['--exit-mode', 'start']);
    expect(run.exitCode).toBe(255);
    expect(run.stderr).toMatch(
      /^node n1 exited on its own \(exit code 1\) during exiting-server's setup, \d+\.\d s after the nodes were started; last \d+ lines of runs\/exiting-server-register\/\d{8}T\d{6}\/nodes\/n1\.log:$/m,
    );
    expect(run.stderr).toMatch(/^ {2}\| .*n1: start: \S*redis-server --bind 10\.214\.\d+\.2 --port 6379 --no-such-directive yes/m);
    expect(count(run.stderr, 'Bad directive or wrong number of arguments')).toBe(1);
    expect(run.stderr).toMatch(
      /^faultline: n1 exited on its own \(exit code 1\) \d+\.\d s into the wait for TCP connect to 10\.214\.\d+\.2:6379 \(n1\), after \d+ attempts? \(its last log lines are above\)$/m,
    );
    expect(run.stderr).not.toMatch(/^\s+at /m);
  });

  it('at start, with a target that waits by hand: the exit is shown all the same', async () => {
    const run = await faultline(['--exit-mode', 'own-wait']);
    expect(run.exitCode).toBe(255);
    expect(run.stderr).toMatch(/^node n1 exited on its own \(exit code 1\) during exiting-server's setup/m);
    expect(count(run.stderr, 'Bad directive or wrong number of arguments')).toBe(1);
    expect(run.stderr).toContain('faultline: redis-server never answered');
  });

  it('during the run: shown as it happens; the run goes on and is checked', async () => {
    // Only the linearizable checker: in a 4 s run on a loaded machine no cas may succeed, which
    // Jepsen's stats checker (and ours) calls invalid; this test is about the run going on.
    const run = await faultline(['--exit-mode', 'later', '--checker', 'linearizable']);
    expect(run.exitCode, run.stderr).toBe(0);
    expect(run.stderr).toMatch(
      /^node n1 exited on its own \(exit code 4\) in the main phase, \d+\.\d s after the nodes were started; last \d+ lines of runs\/.*\/nodes\/n1\.log:$/m,
    );
    expect(run.stderr).toMatch(/^ {2}\| fatal: giving up$/m);
  });

  it('a named port the target asks for that clashes is refused before anything starts', async () => {
    const run = await faultline(['--exit-mode', 'start'], { EXITING_SERVER_PORTS: '{"peer":6379}' });
    expect(run.exitCode).toBe(254);
    expect(run.stderr.trim()).toBe(
      "faultline: target exiting-server: cluster.ports.peer: 6379 is already taken by the main port; give another number or 'any'",
    );
  });
});
