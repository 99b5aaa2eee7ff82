import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { NodeInfo } from '../../../core/runtime.js';
import { RaftKvClient } from '../client.js';
import type { NodeStatus } from '../protocol/messages.js';
import { raftNodeCommand, type RaftNodeOptions } from '../launch.js';
import { waitForLeader, type ClusterLeader, type WaitForLeaderOptions } from '../wait-for-leader.js';
import { LocalRuntime } from '../../../nemesis/local.js';

// A real raft-kv cluster for one test on the local runtime (nemesis/local.ts): its own temporary
// run folder and loopback addresses, real faults, clients that are closed with it, and logs to
// print when a test fails.

export interface RaftClusterOptions extends RaftNodeOptions {
  size: number;
  /** Per-node option overrides, e.g. bugs on one node only. */
  perNode?: Record<string, RaftNodeOptions>;
  /** Nodes to start at once (default all). */
  startNodes?: readonly string[];
}

export class RaftCluster {
  private readonly clients: RaftKvClient[] = [];
  /** One client per node for status polls, so polling does not open a connection each time. */
  private readonly statusClients = new Map<string, RaftKvClient>();

  private constructor(
    readonly runtime: LocalRuntime,
    readonly runDir: string,
  ) {}

  static async start(options: RaftClusterOptions): Promise<RaftCluster> {
    const runDir = mkdtempSync(join(tmpdir(), 'raft-kv-test-'));
    try {
      const runtime = new LocalRuntime({
        runDir,
        nodes: options.size,
        command: (node, cluster) => raftNodeCommand(node, cluster, { ...options, ...options.perNode?.[node.name] }),
      });
      const cluster = new RaftCluster(runtime, runDir);
      try {
        const names = options.startNodes ?? runtime.nodes.map((node) => node.name);
        await Promise.all(names.map((name) => runtime.start(name)));
      } catch (err) {
        await cluster.stop();
        throw err;
      }
      return cluster;
    } catch (err) {
      rmSync(runDir, { recursive: true, force: true });
      throw err;
    }
  }

  get nodes(): readonly NodeInfo[] {
    return this.runtime.nodes;
  }

  get names(): string[] {
    return this.runtime.nodes.map((node) => node.name);
  }

  node(name: string): NodeInfo {
    const node = this.runtime.nodes.find((n) => n.name === name);
    if (node === undefined) throw new Error(`no node named ${name}`);
    return node;
  }

  /** A client bound to one node; closed by stop(). */
  client(name: string, timeoutMs = 2000): RaftKvClient {
    const node = this.node(name);
    const client = new RaftKvClient({ host: node.host, port: node.port, timeoutMs });
    this.clients.push(client);
    return client;
  }

  waitForLeader(options: WaitForLeaderOptions & { among?: readonly string[] } = {}): Promise<ClusterLeader> {
    const members = options.among ? this.nodes.filter((n) => options.among?.includes(n.name)) : this.nodes;
    return waitForLeader(members, options);
  }

  /** Kills a node with SIGKILL and starts it again on the same data. */
  async restart(name: string): Promise<void> {
    await this.runtime.kill(name);
    await this.runtime.start(name);
  }

  /** Each node's status, or null for a node that does not answer. */
  async statuses(): Promise<Record<string, NodeStatus | null>> {
    const entries = await Promise.all(
      this.names.map(async (name) => {
        try {
          return [name, await this.statusClient(name).status()] as const;
        } catch {
          return [name, null] as const;
        }
      }),
    );
    return Object.fromEntries(entries);
  }

  /** Polls until `accept` holds for the statuses (every node's, null when unreachable). */
  async waitForStatuses(accept: (statuses: Record<string, NodeStatus | null>) => boolean, timeoutMs = 10_000): Promise<Record<string, NodeStatus | null>> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const statuses = await this.statuses();
      if (accept(statuses)) return statuses;
      if (Date.now() > deadline) throw new Error(`statuses did not reach the expected state within ${timeoutMs} ms: ${JSON.stringify(statuses)}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  /** Waits until `name` has applied at least `index` entries. */
  async waitForApplied(name: string, index: number, timeoutMs = 10_000): Promise<void> {
    const client = this.statusClient(name);
    const deadline = Date.now() + timeoutMs;
    let last = -1;
    for (;;) {
      try {
        last = (await client.status()).lastApplied;
        if (last >= index) return;
      } catch {
        // not up yet
      }
      if (Date.now() > deadline) throw new Error(`${name} applied ${last}, not ${index}, within ${timeoutMs} ms`);
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  }

  private statusClient(name: string): RaftKvClient {
    let client = this.statusClients.get(name);
    if (client === undefined) {
      client = this.client(name, 1000);
      this.statusClients.set(name, client);
    }
    return client;
  }

  logs(): string {
    return this.nodes
      .map((node) => {
        let text = '';
        try {
          text = readFileSync(node.logFile, 'utf8');
        } catch {
          text = '(no log)';
        }
        return `==== ${node.name} ====\n${text.split('\n').slice(-80).join('\n')}`;
      })
      .join('\n');
  }

  /** Kills every node, closes every client, removes the run folder. Safe to call twice. */
  async stop(): Promise<void> {
    this.statusClients.clear();
    await Promise.all(this.clients.splice(0).map((client) => client.close()));
    await this.runtime.stopAll();
    rmSync(this.runDir, { recursive: true, force: true });
  }
}
