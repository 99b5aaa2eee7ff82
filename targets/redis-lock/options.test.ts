import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../core/errors.js';
import { zodToConfigError } from '../../harness/config.js';
import { redisLockNodeNames } from './layout.js';
import { derivedSettings, redisLockOptionsSchema } from './options.js';
import { redisServerCommand } from './redis-command.js';

function parse(input: Record<string, unknown>) {
  const parsed = redisLockOptionsSchema.safeParse(input);
  if (!parsed.success) throw zodToConfigError(parsed.error, input, 'target options');
  return parsed.data;
}

describe('redis-lock options and layout', () => {
  it('default to the single-instance lock on one server, one lock client per worker', () => {
    const o = parse({});
    expect(o).toMatchObject({ lock: 'single', fencing: false, ttlMs: 2_000, redisPersistence: 'none', redisReplicas: 0 });
    expect(redisLockNodeNames(o, { concurrency: 3, nodes: undefined })).toEqual(['r1', 'c1', 'c2', 'c3']);
    expect(derivedSettings(o)).toMatchObject({ pauseMs: 3_000, clockJumpMs: 4_000 });
  });

  it('run five masters for Redlock, or as many as --nodes says', () => {
    expect(redisLockNodeNames(parse({ lock: 'redlock' }), { concurrency: 1, nodes: undefined })).toEqual(['r1', 'r2', 'r3', 'r4', 'r5', 'c1']);
    expect(redisLockNodeNames(parse({ lock: 'redlock-npm' }), { concurrency: 2, nodes: 3 })).toEqual(['r1', 'r2', 'r3', 'c1', 'c2']);
    expect(derivedSettings(parse({ lock: 'redlock' })).commandTimeoutMs).toBe(50);
  });

  it('add a replica for the failover scenario', () => {
    expect(redisLockNodeNames(parse({ redisReplicas: 1 }), { concurrency: 1, nodes: undefined })).toEqual(['r1', 'r2', 'c1']);
  });

  it('refuse combinations that make no sense, naming the field', () => {
    expect(() => parse({ lock: 'redlock-npm', fencing: true })).toThrow(/fencing: the redlock package issues no fencing tokens/);
    expect(() => parse({ lock: 'redlock', redisReplicas: 1 })).toThrow(/redisReplicas: replicas are for the single-instance lock/);
    expect(() => parse({ lock: 'quorum' })).toThrow(ConfigError);
    expect(() => parse({ redisUrl: ['localhost:6379'] })).toThrow(/redisUrl.0: must look like redis:\/\/HOST:PORT/);
    expect(() => redisLockNodeNames(parse({}), { concurrency: 1, nodes: 3 })).toThrow(/nodes: the single-instance lock runs 1 redis server/);
  });

  it('start redis listening on the node address (its replication dials from there anyway), with the chosen persistence', () => {
    const node = { name: 'r2', host: '10.214.9.3', port: 6380, dataDir: '/d', logFile: '/l' };
    const primary = { ...node, name: 'r1', host: '10.214.9.2', port: 6379 };
    const none = redisServerCommand(node, { persistence: 'none' }).args;
    expect(none).toEqual(expect.arrayContaining(['--bind', '10.214.9.3', '--port', '6380', '--dir', '/d']));
    expect(none).not.toContain('--bind-source-addr');
    expect(none.join(' ')).toContain('--save  --appendonly no');
    expect(redisServerCommand(node, { persistence: 'aof-always' }).args.join(' ')).toContain('--appendonly yes --appendfsync always');
    expect(redisServerCommand(node, { persistence: 'rdb', replicaOf: primary }).args.slice(-3)).toEqual(['--replicaof', '10.214.9.2', '6379']);
  });
});
