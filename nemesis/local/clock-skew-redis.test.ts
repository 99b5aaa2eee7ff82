import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { faultPrerequisites, redisAvailable } from '../test-support/prerequisites.js';
import { runtimeFixture } from '../test-support/runtime-fixture.js';
import type { NodeInfo } from '../../core/runtime.js';

const prereq = await faultPrerequisites();
const redis = prereq.ok && (await redisAvailable());
if (prereq.ok && !redis) console.warn('skipping the redis-server clock test: redis-server or redis-cli is not installed');

function redisCommand(node: NodeInfo) {
  return {
    command: 'redis-server',
    args: ['--bind', node.host, '--port', String(node.port), '--dir', node.dataDir, '--save', '', '--appendonly', 'no', '--protected-mode', 'no'],
  };
}

async function cli(node: NodeInfo, ...args: string[]): Promise<string> {
  const { stdout } = await execa('redis-cli', ['-h', node.host, '-p', String(node.port), ...args], { timeout: 5_000 });
  return stdout.trim();
}

async function waitForRedis(node: NodeInfo): Promise<void> {
  await expect.poll(() => cli(node, 'PING').catch(() => ''), { timeout: 10_000, interval: 50 }).toBe('PONG');
}

/** Redis's TIME in milliseconds. */
async function redisTime(node: NodeInfo): Promise<number> {
  const [seconds, micros] = (await cli(node, 'TIME')).split('\n').map(Number);
  return seconds * 1000 + micros / 1000;
}

describe.skipIf(!redis)('clock skew works in redis-server (jemalloc), where libfaketime deadlocks', () => {
  const fixture = runtimeFixture();

  it('shifts what TIME reports, and a jump past a TTL expires the key', async () => {
    const runtime = fixture.create({ nodes: 1, basePort: 16379, command: redisCommand });
    const [n1] = runtime.nodes;
    await runtime.start('n1');
    await waitForRedis(n1);

    const before = Date.now();
    const unskewed = await redisTime(n1);
    expect(Math.abs(unskewed - before)).toBeLessThan(1_000);

    await cli(n1, 'SET', 'k', 'v', 'EX', '10');
    await runtime.setClockOffset('n1', 30_000);
    await new Promise((r) => setTimeout(r, 20));
    const skewedAt = Date.now();
    const skewed = await redisTime(n1);
    expect(skewed - skewedAt).toBeGreaterThan(29_000);
    expect(skewed - skewedAt).toBeLessThan(31_000);
    expect(await cli(n1, 'GET', 'k')).toBe('');

    await runtime.resetClock('n1');
    await new Promise((r) => setTimeout(r, 20));
    expect(Math.abs((await redisTime(n1)) - Date.now())).toBeLessThan(1_000);
  });
});
