import { appendFileSync, mkdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { execa, type ResultPromise } from 'execa';
import type { NodeCommand, NodeInfo, NodeRuntime, Pausable } from '../../../nemesis/runtime.js';

// A stand-in for nemesis/local.ts while it is being written: nodes as plain child processes on
// their own loopback addresses, with SIGKILL and SIGSTOP/SIGCONT. No partitions, no clock skew.

export interface ProcessRuntimeOptions {
  runDir: string;
  nodes: number;
  command: (node: NodeInfo, cluster: readonly NodeInfo[]) => NodeCommand;
}

const live = new Set<ProcessRuntime>();
// A test worker that exits without cleaning up must not leave nodes behind.
process.once('exit', () => {
  for (const runtime of live) runtime.killAllNow();
});

export class ProcessRuntime implements NodeRuntime, Pausable {
  readonly kind = 'raft-kv-test-processes';
  private readonly children = new Map<string, ResultPromise>();
  private readonly paused = new Set<string>();

  private constructor(
    readonly nodes: readonly NodeInfo[],
    private readonly command: ProcessRuntimeOptions['command'],
  ) {
    live.add(this);
  }

  /** Picks a random 127.x.y.0/24 block and port, checking that every node address is free. */
  static async create(options: ProcessRuntimeOptions): Promise<ProcessRuntime> {
    for (let attempt = 0; attempt < 20; attempt++) {
      const prefix = `127.${100 + Math.floor(Math.random() * 150)}.${Math.floor(Math.random() * 256)}`;
      const port = 20_000 + Math.floor(Math.random() * 30_000);
      const nodes = Array.from({ length: options.nodes }, (_, i) => {
        const name = `n${i + 1}`;
        return { name, host: `${prefix}.${i + 2}`, port, dataDir: join(options.runDir, 'nodes', name, 'data'), logFile: join(options.runDir, 'nodes', `${name}.log`) };
      });
      if (!(await Promise.all(nodes.map((n) => isFree(n.host, n.port)))).every(Boolean)) continue;
      for (const node of nodes) mkdirSync(node.dataDir, { recursive: true });
      return new ProcessRuntime(nodes, options.command);
    }
    throw new Error('process runtime: no free loopback address block after 20 tries');
  }

  async start(name: string): Promise<void> {
    if (this.isRunning(name)) throw new Error(`${name} is already running`);
    const node = this.node(name);
    const command = this.command(node, this.nodes);
    appendFileSync(node.logFile, `--- faultline: start ${name} at ${new Date().toISOString()} ---\n`);
    const log = { file: node.logFile, append: true } as const;
    const child = execa(command.command, command.args, {
      stdin: 'ignore',
      stdout: log,
      stderr: log,
      reject: false,
      ...(command.cwd ? { cwd: command.cwd } : {}),
      ...(command.env ? { env: command.env } : {}),
    });
    this.children.set(name, child);
    void child.then(() => {
      if (this.children.get(name) === child) this.children.delete(name);
    });
  }

  async kill(name: string): Promise<void> {
    const child = this.children.get(name);
    if (child === undefined) return;
    child.kill('SIGKILL');
    await child;
    this.paused.delete(name);
    this.children.delete(name);
  }

  isRunning(name: string): boolean {
    return this.children.has(name);
  }

  async pause(name: string): Promise<void> {
    const pid = this.children.get(name)?.pid;
    if (pid === undefined) throw new Error(`${name} is not running`);
    process.kill(pid, 'SIGSTOP');
    this.paused.add(name);
  }

  async resume(name: string): Promise<void> {
    const pid = this.children.get(name)?.pid;
    if (pid === undefined) throw new Error(`${name} is not running`);
    process.kill(pid, 'SIGCONT');
    this.paused.delete(name);
  }

  async stopAll(): Promise<void> {
    await Promise.all([...this.children.keys()].map((name) => this.kill(name)));
    live.delete(this);
  }

  killAllNow(): void {
    for (const child of this.children.values()) {
      try {
        if (child.pid !== undefined) process.kill(child.pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
  }

  private node(name: string): NodeInfo {
    const node = this.nodes.find((n) => n.name === name);
    if (node === undefined) throw new Error(`no node named ${name}`);
    return node;
  }
}

function isFree(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen({ host, port, exclusive: true }, () => server.close(() => resolve(true)));
  });
}
