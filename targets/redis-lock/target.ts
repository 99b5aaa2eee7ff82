import { lockWorkload } from '../../generators/workloads/lock.js';
import { nodeEndpoint } from '../support/ports.js';
import { tcpCheck } from '../support/readiness-checks.js';
import { waitUntilReady } from '../support/readiness.js';
import type { HasFaultKinds, HasPrimary, Target, TargetContext } from '../../core/target.js';
import { greet, inProcessChannel, openTcpChannel, RedisLockClient } from './client.js';
import { clientNodeFor, clientNodes, isServerNode, redisLockNodeNames } from './layout.js';
import { lockClientCommand } from './lock-client/launch.js';
import { redisLockOptionsSchema, usesExternalServers, type RedisLockOptions } from './options.js';
import { LOCK_KINDS } from './protocol/messages.js';
import { PERSISTENCE_MODES, redisServerCommand, redisServerPath } from './redis-command.js';
import { ResourceServer } from './resource/resource-server.js';
import { endRedisLockRun, isReplicated, lockServers, redisLockRun, sessionConfig } from './run-state.js';
import { REDIS_LOCK_SCENARIOS } from './scenarios/index.js';

type Ctx = TargetContext<RedisLockOptions>;

/** Servers answer, replicas are in sync, the resource listens, every lock client accepts connections. */
async function setUp(ctx: Ctx): Promise<void> {
  const run = redisLockRun(ctx.runDir);
  const timeoutMs = ctx.options.startupTimeoutMs;
  const servers = lockServers(ctx);
  // A node of this run must stay up while it is waited on: one that exits ends the wait at once.
  const watching = (name: string) => {
    const node = ctx.nodes.find((n) => n.name === name);
    return node && ctx.runtime ? { nodes: node, runtime: ctx.runtime } : {};
  };
  for (const server of servers) {
    await waitUntilReady(() => run.admin.ping(server), {
      ...watching(server.name),
      timeoutMs,
      intervalMs: 50,
      what: `redis-lock: server ${server.name} at ${server.host}:${server.port} answering PING`,
    });
  }
  if (isReplicated(ctx.options)) {
    if (usesExternalServers(ctx.options)) {
      const roles = await Promise.all(servers.map((s) => run.admin.role(s)));
      run.primary = servers[roles.indexOf('master')]?.name;
    } else run.primary = servers[0].name;
    for (const replica of servers.filter((s) => s.name !== run.primary)) {
      await waitUntilReady(() => run.admin.replicaConnected(replica), {
        ...watching(replica.name),
        timeoutMs,
        intervalMs: 50,
        what: `redis-lock: replica ${replica.name} connected to its primary`,
      });
    }
  }
  // Lock clients run on the nodes: they reach the harness at its address on their network (a
  // runtime whose nodes cannot reach the harness refuses this target before the run).
  run.resource = await ResourceServer.start(ctx.runtime?.harnessHost ?? '127.0.0.1');
  for (const client of clientNodes(ctx.nodes)) {
    await waitUntilReady(tcpCheck(nodeEndpoint(client)), {
      ...watching(client.name),
      timeoutMs,
      attemptTimeoutMs: 1_000,
      what: `redis-lock: lock client ${client.name} accepting connections`,
    });
  }
  ctx.log(
    `redis-lock: ${ctx.options.lock} lock on ${servers.map((s) => s.name).join(', ')}${run.primary ? ` (primary ${run.primary})` : ''}, key ${run.key}, TTL ${ctx.options.ttlMs} ms${ctx.options.fencing ? ', fencing' : ''}; resource at ${run.resource.host}:${run.resource.port}`,
  );
}

export const redisLockTarget: Target<RedisLockOptions> & HasFaultKinds & HasPrimary<RedisLockOptions> = {
  name: 'redis-lock',
  summary: 'locks on Redis guarding a counter: the single-instance lock, Redlock, or the redlock npm package, with or without fencing tokens',
  optionsSchema: redisLockOptionsSchema,
  flags: {
    lock: { describe: 'the lock: single (SET NX PX), redlock (ours), redlock-npm (the npm package, v4)', type: 'string', choices: LOCK_KINDS },
    fencing: { describe: 'fencing tokens: every grant gets the next token, the resource refuses older ones', type: 'boolean' },
    'lock-ttl': { describe: 'the lock TTL in ms (default 2000)', type: 'number', option: 'ttlMs' },
    'redis-url': { describe: 'a running server, redis://HOST:PORT (repeatable; then no nodes are started)', type: 'string', array: true, option: 'redisUrl' },
    'redis-persistence': { describe: 'persistence of the redis nodes (default none)', type: 'string', choices: PERSISTENCE_MODES, option: 'redisPersistence' },
    'redis-replicas': { describe: 'replicas of the single lock server, for --nemesis failover (default 0)', type: 'number', option: 'redisReplicas' },
    'hold-ms': { describe: 'time a holder spends between grant and read (default 500)', type: 'number', option: 'holdMs' },
    'pause-ms': { describe: 'how long client-pause and net-delay stop a holder (default TTL + 1000)', type: 'number', option: 'pauseMs' },
  },
  workloads: ['lock'],
  defaultWorkload: 'lock',
  defaultNemesis: ['client-pause'],
  faultKinds: REDIS_LOCK_SCENARIOS,
  cluster: {
    defaultNodes: 1,
    port: 6379,
    enabled: (options) => !usesExternalServers(options),
    names: (options, sizing) => redisLockNodeNames(options, sizing),
    command(node, cluster, options, runDir) {
      if (!isServerNode(node.name)) return lockClientCommand(node);
      const primary = isReplicated(options) ? cluster.find((n) => n.name === (redisLockRun(runDir).primary ?? 'r1')) : undefined;
      return redisServerCommand(node, { persistence: options.redisPersistence, replicaOf: primary && primary.name !== node.name ? primary : undefined });
    },
    // redis-server from this machine; the lock clients are faultline's own code. Both reach the
    // fenced resource, which the harness serves.
    container: () => ({ paths: [redisServerPath()], reachesHarness: true }),
  },
  workload(_name, options) {
    return lockWorkload({ holdMs: options.holdMs, retryMs: options.retryMs, leaseMs: options.ttlMs, isolateReleases: options.isolateReleases });
  },
  async setup(ctx) {
    try {
      await setUp(ctx);
    } catch (err) {
      // Teardown only follows a setup that succeeded: leave no resource server listening.
      await endRedisLockRun(ctx.runDir);
      throw err;
    }
  },
  async teardown(ctx) {
    await endRedisLockRun(ctx.runDir);
  },
  async openClient(ctx, process, worker) {
    const run = redisLockRun(ctx.runDir);
    if (!ctx.runtime) {
      const channel = inProcessChannel();
      await greet(channel, sessionConfig(ctx, run, `p${process}`, undefined));
      return new RedisLockClient(channel, process, 'harness', run.board);
    }
    const node = clientNodeFor(ctx.nodes, worker);
    const channel = await openTcpChannel(node, Math.min(ctx.opTimeoutMs, 5_000));
    await greet(channel, sessionConfig(ctx, run, node.name, node.host));
    return new RedisLockClient(channel, process, node.name, run.board);
  },
  async primary(ctx) {
    if (ctx.options.lock !== 'single') return undefined;
    return redisLockRun(ctx.runDir).primary ?? (usesExternalServers(ctx.options) ? undefined : 'r1');
  },
};
