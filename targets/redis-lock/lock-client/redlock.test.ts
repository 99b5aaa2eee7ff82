import { afterEach, describe, expect, it } from 'vitest';
import { redisFixture, redisLockTestsCanRun, sessionConfigFor } from '../test-support/index.js';
import { Redlock, startingMaster } from './locks/redlock.js';
import { RedlockNpm } from './locks/redlock-npm.js';

const ready = await redisLockTestsCanRun();
const resource = { host: '127.0.0.1', port: 1 };

describe('the order in which a Redlock client tries the masters', () => {
  it('starts at its own number modulo the masters', () => {
    expect([startingMaster('c1', 5), startingMaster('c3', 5), startingMaster('c7', 5), startingMaster('p', 5)]).toEqual([0, 2, 1, 0]);
  });
});

describe.skipIf(!ready)('Redlock over five independent masters', () => {
  const redis = redisFixture();
  const closing: { close(): Promise<void> }[] = [];
  afterEach(async () => {
    await Promise.all(closing.splice(0).map((l) => l.close()));
  });

  it('is granted by a majority, with validity = TTL − elapsed − drift, and releases everywhere', async () => {
    const { servers, admin } = await redis.start(5);
    const a = new Redlock(sessionConfigFor(servers, resource, { lock: 'redlock', commandTimeoutMs: 200 }));
    closing.push(a);
    await a.ready(2_000);
    const granted = await a.acquire();
    if (granted.type !== 'ok') throw new Error(`not granted: ${granted.error}`);
    expect(granted.value.validityMs).toBeLessThanOrEqual(2_000 - 22);
    expect(granted.value.validityMs).toBeGreaterThan(1_000);
    const values = await admin.lockValues(servers, 'test-lock');
    expect([...values.values()].every((v) => v === granted.value.value)).toBe(true);
    expect(await a.release(granted.value)).toEqual({ type: 'ok', value: true });
    expect([...(await admin.lockValues(servers, 'test-lock')).values()].every((v) => v === null)).toBe(true);
  });

  it('still takes the lock with two masters down, refuses it with three, and leaves nothing behind when refused', async () => {
    const { runtime, servers, admin } = await redis.start(5);
    const a = new Redlock(sessionConfigFor(servers, resource, { lock: 'redlock', commandTimeoutMs: 200 }));
    closing.push(a);
    await a.ready(2_000);
    await runtime.kill('r4');
    await runtime.kill('r5');
    const granted = await a.acquire();
    if (granted.type !== 'ok') throw new Error(`not granted: ${granted.error}`);
    await a.release(granted.value);
    await runtime.kill('r3');
    expect(await a.acquire()).toEqual({ type: 'fail', error: '2 of 5 masters granted it (needs 3)' });
    expect([...(await admin.lockValues(servers.slice(0, 2), 'test-lock')).values()]).toEqual([null, null]);
  });

  it('with fencing takes the largest count among the masters that granted it', async () => {
    const { servers, admin } = await redis.start(5);
    await admin.call(servers[1], 'SET', 'test-lock:fence', '41');
    const a = new Redlock(sessionConfigFor(servers, resource, { lock: 'redlock', fencing: true, commandTimeoutMs: 200 }));
    closing.push(a);
    await a.ready(2_000);
    const granted = await a.acquire();
    expect(granted).toMatchObject({ type: 'ok', value: { token: 42 } });
  });
});

describe.skipIf(!ready)('the redlock package from npm (v4)', () => {
  const redis = redisFixture();
  const closing: { close(): Promise<void> }[] = [];
  afterEach(async () => {
    await Promise.all(closing.splice(0).map((l) => l.close()));
  });

  it('grants one client at a time with its own validity, names the holder in the value, and releases', async () => {
    const { servers } = await redis.start(3);
    const a = new RedlockNpm(sessionConfigFor(servers, resource, { lock: 'redlock-npm', owner: 'c1', commandTimeoutMs: 200 }));
    const b = new RedlockNpm(sessionConfigFor(servers, resource, { lock: 'redlock-npm', owner: 'c2', commandTimeoutMs: 200 }));
    closing.push(a, b);
    await Promise.all([a.ready(2_000), b.ready(2_000)]);
    const granted = await a.acquire();
    if (granted.type !== 'ok') throw new Error(`not granted: ${granted.error}`);
    expect(granted.value.value).toMatch(/^c1\/[0-9a-f]{32}$/);
    expect(granted.value.validityMs).toBeGreaterThan(1_000);
    expect(granted.value.validityMs).toBeLessThanOrEqual(2_000 - 22);
    expect(await b.acquire()).toMatchObject({ type: 'fail' });
    expect(await a.release(granted.value)).toEqual({ type: 'ok', value: true });
    expect(await a.release(granted.value)).toEqual({ type: 'ok', value: false });
    expect((await b.acquire()).type).toBe('ok');
  });
});
