import { afterEach } from 'vitest';
import { RedisAdmin } from '../admin.js';
import type { LocalRuntime } from '../../../nemesis/local.js';
import { runtimeFixture } from '../../../nemesis/test-support/runtime-fixture.js';
import type { ServerAddress, SessionConfig } from '../protocol/messages.js';
import { redisServerCommand, type Persistence } from '../redis-command.js';
import { waitUntilReady } from '../../support/readiness.js';

export interface RedisServers {
  runtime: LocalRuntime;
  servers: ServerAddress[];
  /** The test's own connections to the servers. */
  admin: RedisAdmin;
}

/**
 * Redis servers r1…rN on a local runtime for one test: stopped, their folders and the
 * test's connections to them removed after the test, whether it passed or not.
 */
export function redisFixture(): { start(count: number, persistence?: Persistence): Promise<RedisServers> } {
  const runtimes = runtimeFixture();
  const admins: RedisAdmin[] = [];
  afterEach(() => {
    for (const admin of admins.splice(0)) admin.close();
  });
  return {
    async start(count, persistence = 'none') {
      const runtime = runtimes.create({
        nodes: Array.from({ length: count }, (_, i) => `r${i + 1}`),
        basePort: 16380,
        command: (node) => redisServerCommand(node, { persistence }),
      });
      const admin = new RedisAdmin();
      admins.push(admin);
      for (const node of runtime.nodes) await runtime.start(node.name);
      const servers = runtime.nodes.map((n) => ({ name: n.name, host: n.host, port: n.port }));
      for (const [i, server] of servers.entries()) {
        await waitUntilReady(() => admin.ping(server), {
          nodes: runtime.nodes[i],
          runtime,
          timeoutMs: 15_000,
          intervalMs: 25,
          what: `${server.name} answering PING`,
        });
      }
      return { runtime, servers, admin };
    },
  };
}

export function sessionConfigFor(servers: ServerAddress[], resource: { host: string; port: number }, overrides: Partial<SessionConfig> = {}): SessionConfig {
  return {
    lock: 'single',
    servers,
    replicated: false,
    key: 'test-lock',
    ttlMs: 2_000,
    fencing: false,
    driftFactor: 0.01,
    commandTimeoutMs: 1_000,
    resource,
    owner: 'c1',
    ...overrides,
  };
}
