import { afterEach } from 'vitest';
import { LocalRuntime } from '../../../nemesis/local.js';
import type { NodeInfo } from '../../../core/runtime.js';
import type { Endpoint } from '../connection.js';
import { resolveBinDir } from '../install.js';
import { postgresNodeCommand } from '../launch.js';
import { parseSetting } from '../settings.js';
import { stopServerCleanly, waitUntilAccepting } from '../server.js';

// One PostgreSQL server on the local runtime, outside any faultline run: for tests that fault
// it by hand or point a run at it by URL. Stopped after each test, pass or fail.

export interface PrivateServer {
  runtime: LocalRuntime;
  node: NodeInfo;
  endpoint: Endpoint & { kind: 'node' };
  url: string;
}

export function trackPrivateServers(): (runDir: string, settings?: string[]) => Promise<PrivateServer> {
  const started: PrivateServer[] = [];
  afterEach(async () => {
    for (const server of started.splice(0)) {
      try {
        await server.runtime.resume(server.node.name).catch(() => undefined);
        await stopServerCleanly(server.node.dataDir);
      } finally {
        await server.runtime.stopAll();
      }
    }
  });
  return async (runDir, settings = []) => {
    const binDir = resolveBinDir(undefined);
    const runtime = new LocalRuntime({
      runDir,
      nodes: 1,
      basePort: 5432,
      handleSignals: false,
      command: (node, cluster) => postgresNodeCommand(node, cluster, { binDir, settings: settings.map((s) => parseSetting(s)) }),
    });
    const node = runtime.nodes[0];
    const server: PrivateServer = {
      runtime,
      node,
      endpoint: { kind: 'node', name: node.name, host: node.host, port: node.port },
      url: `postgres://postgres@${node.host}:${node.port}/postgres`,
    };
    started.push(server);
    await runtime.start(node.name);
    await waitUntilAccepting(server.endpoint, { timeoutMs: 120_000, node, runtime });
    return server;
  };
}
