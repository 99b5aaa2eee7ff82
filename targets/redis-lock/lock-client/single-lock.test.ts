import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { redisFixture, redisLockTestsCanRun, sessionConfigFor } from '../test-support/index.js';
import { SingleInstanceLock } from './locks/single.js';

const ready = await redisLockTestsCanRun();
const resource = { host: '127.0.0.1', port: 1 };

describe.skipIf(!ready)('the single-instance lock (SET NX PX, compare-and-delete)', () => {
  const redis = redisFixture();
  const locks: SingleInstanceLock[] = [];
  const lock = (config: ReturnType<typeof sessionConfigFor>) => {
    const l = new SingleInstanceLock(config);
    locks.push(l);
    return l;
  };
  afterEach(async () => {
    await Promise.all(locks.splice(0).map((l) => l.close()));
  });

  it('grants one client at a time, for the TTL from its reply; release answers whether the lock was still there', async () => {
    const { servers, admin } = await redis.start(1);
    const a = lock(sessionConfigFor(servers, resource, { owner: 'c1' }));
    const b = lock(sessionConfigFor(servers, resource, { owner: 'c2' }));
    await Promise.all([a.ready(2_000), b.ready(2_000)]);
    const granted = await a.acquire();
    expect(granted).toMatchObject({ type: 'ok', value: { token: null, validityMs: 2_000 } });
    if (granted.type !== 'ok') throw new Error('not granted');
    expect(granted.value.value).toMatch(/^c1\//);
    expect(await admin.call(servers[0], 'PTTL', 'test-lock')).toBeGreaterThan(1_000);
    expect(await b.acquire()).toEqual({ type: 'fail', error: 'held by another client' });
    expect(await a.release(granted.value)).toEqual({ type: 'ok', value: true });
    expect(await a.release(granted.value)).toEqual({ type: 'ok', value: false });
    expect((await b.acquire()).type).toBe('ok');
  });

  it('lets the lock expire with its TTL; a late release finds it gone', async () => {
    const { servers } = await redis.start(1);
    const a = lock(sessionConfigFor(servers, resource, { ttlMs: 150 }));
    await a.ready(2_000);
    const granted = await a.acquire();
    if (granted.type !== 'ok') throw new Error('not granted');
    await sleep(300);
    expect(await a.release(granted.value)).toEqual({ type: 'ok', value: false });
  });

  it('with fencing, hands out the next token with each grant', async () => {
    const { servers } = await redis.start(1);
    const a = lock(sessionConfigFor(servers, resource, { fencing: true }));
    await a.ready(2_000);
    const tokens: (number | null)[] = [];
    for (let i = 0; i < 3; i++) {
      const granted = await a.acquire();
      if (granted.type !== 'ok') throw new Error('not granted');
      tokens.push(granted.value.token);
      await a.release(granted.value);
    }
    expect(tokens).toEqual([1, 2, 3]);
  });

  it('fails (certainly not granted) while its server is down, and works again once it is back', async () => {
    const { runtime, servers } = await redis.start(1);
    const a = lock(sessionConfigFor(servers, resource));
    await a.ready(2_000);
    await runtime.kill('r1');
    await sleep(100);
    expect((await a.acquire()).type).toBe('fail');
    await runtime.start('r1');
    await expect.poll(async () => (await a.acquire()).type, { timeout: 10_000, interval: 100 }).toBe('ok');
  });
});
