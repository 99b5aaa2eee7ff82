import { describe, expect, it } from 'vitest';
import { faultPrerequisites, redisAvailable } from '../../nemesis/test-support/prerequisites.js';
import { runtimeFixture } from '../../nemesis/test-support/runtime-fixture.js';
import { tcpCheck } from './readiness-checks.js';
import { NodeNotReadyError, waitUntilReady } from './readiness.js';
import { nodeEndpoint } from './ports.js';

// The wait on real nodes of the local runtime: a server that dies at start ends it at once with
// its exit status and its last log lines, instead of running out the timeout.

const prereq = await faultPrerequisites();
const redis = await redisAvailable();
if (!redis && process.env.CI === 'true') throw new Error('redis-server is required on CI');

async function rejection(promise: Promise<unknown>): Promise<NodeNotReadyError> {
  try {
    await promise;
  } catch (err) {
    expect(err).toBeInstanceOf(NodeNotReadyError);
    return err as NodeNotReadyError;
  }
  throw new Error('the wait did not give up');
}

describe.skipIf(!prereq.ok || !redis)('waitUntilReady on nodes of the local runtime', () => {
  const fixture = runtimeFixture();

  it('ends at once when redis-server exits at start, with its exit code and the lines it wrote', async () => {
    // A config redis-server refuses: it prints why and exits 1.
    const runtime = fixture.create({
      nodes: 1,
      basePort: 6379,
      command: (node) => ({ command: 'redis-server', args: ['--port', String(node.port), '--no-such-directive', 'yes'] }),
    });
    const [n1] = runtime.nodes;
    await runtime.start('n1');
    const started = performance.now();
    const err = await rejection(waitUntilReady(tcpCheck(nodeEndpoint(n1)), { nodes: n1, runtime, timeoutMs: 30_000 }));
    expect(performance.now() - started).toBeLessThan(10_000);
    expect(err.reason).toBe('exited');
    expect(err.node).toBe('n1');
    expect(err.exit).toMatchObject({ code: 1, expected: false });
    expect(err.summary).toMatch(
      /^n1 exited on its own \(exit code 1\) \d+\.\d s into the wait for TCP connect to 10\.214\.\d+\.2:6379 \(n1\), after \d+ attempts?$/,
    );
    expect(err.message).toContain(`last `);
    expect(err.message).toContain(`lines of ${n1.logFile}:`);
    expect(err.message).toMatch(/\| .*Bad directive or wrong number of arguments/);
    expect(err.logTails.get('n1')?.length).toBeLessThanOrEqual(20);
  });

  it('names the signal that ended a node', async () => {
    const runtime = fixture.create({ nodes: 1, command: () => ({ command: 'sh', args: ['-c', 'echo about to crash; sleep 0.3; kill -SEGV $$'] }) });
    const [n1] = runtime.nodes;
    await runtime.start('n1');
    const err = await rejection(waitUntilReady(tcpCheck(nodeEndpoint(n1)), { nodes: [n1], runtime, timeoutMs: 30_000 }));
    expect(err.exit).toMatchObject({ signal: 'SIGSEGV', expected: false });
    expect(err.summary).toMatch(/^n1 exited on its own \(signal SIGSEGV\)/);
    expect(err.message).toMatch(/\| about to crash/);
  });

  it('returns once a redis-server that starts fine accepts connections, and quotes every node it watched on a timeout', async () => {
    const runtime = fixture.create({
      nodes: 2,
      basePort: 6379,
      command: (node) => ({ command: 'redis-server', args: ['--bind', node.host, '--port', String(node.port), '--save', '', '--logfile', ''] }),
    });
    for (const node of runtime.nodes) await runtime.start(node.name);
    const ready = await waitUntilReady(tcpCheck(nodeEndpoint(runtime.nodes[0])), { nodes: runtime.nodes, runtime, timeoutMs: 30_000 });
    expect(ready.attempts).toBeGreaterThanOrEqual(1);
    const never = await rejection(waitUntilReady(async () => false, { nodes: runtime.nodes, runtime, timeoutMs: 300, what: 'a leader' }));
    expect(never.reason).toBe('timeout');
    expect(never.summary).toMatch(/^a leader: not ready within 300 ms \(\d+ attempts?; last: not ready\)$/);
    expect([...never.logTails.keys()]).toEqual(['n1', 'n2']);
    expect(never.message).toMatch(/Ready to accept connections/);
  });
});
