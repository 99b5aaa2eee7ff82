import { ConfigError } from '../../core/errors.js';
import { assignPorts } from '../node-ports.js';
import type { NodeCommand, NodeInfo, PortRequest } from '../../core/runtime.js';
import { MAX_NODES_PER_BLOCK } from './address-block.js';

/** How to build a LocalRuntime. */
export interface LocalRuntimeOptions {
  /** The run folder: nodes/<name>/data (data dirs) and nodes/<name>.log (logs) go in it. */
  runDir: string;
  /** A node count (named n1, n2, …) or the names themselves. */
  nodes: number | readonly string[];
  /** How to launch a node; called at every start, with the node and the whole cluster. */
  command: (node: NodeInfo, cluster: readonly NodeInfo[]) => NodeCommand;
  /** Each node's main port (default 7000), on its own address. */
  basePort?: number;
  /**
   * Further ports every node listens on, by name (a target's ClusterSpec.ports): a number, or
   * 'any' for one the runtime picks. Handed out in NodeInfo.ports (see node-ports.ts).
   */
  ports?: Readonly<Record<string, PortRequest>>;
  /** Preload the clock skew library into every node (default true); without it setClockOffset throws. */
  clockSkew?: boolean;
  /**
   * Stop nodes and undo faults on SIGINT, SIGTERM and SIGHUP (default true). Turn it off when the
   * harness handles signals itself. Either way, a process that exits without stopAll stops them.
   */
  handleSignals?: boolean;
  /** How long kill waits for a node's processes to disappear before it throws (default 10 s). */
  killTimeoutMs?: number;
}

export interface ResolvedOptions {
  runDir: string;
  names: string[];
  command: LocalRuntimeOptions['command'];
  basePort: number;
  ports: Readonly<Record<string, number>> | undefined;
  clockSkew: boolean;
  handleSignals: boolean;
  killTimeoutMs: number;
}

// Names become file names and log prefixes: keep them short and plain.
const NODE_NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,62}$/;

export function resolveOptions(options: LocalRuntimeOptions): ResolvedOptions {
  if (typeof options.runDir !== 'string' || options.runDir === '') {
    throw new ConfigError('runDir', `must be a folder path, got ${JSON.stringify(options.runDir)}`);
  }
  if (typeof options.command !== 'function') {
    throw new ConfigError('command', 'must be a function (node, cluster) => NodeCommand');
  }
  const basePort = options.basePort ?? 7000;
  if (!Number.isInteger(basePort) || basePort < 1024 || basePort > 65535) {
    throw new ConfigError('basePort', `must be an integer port from 1024 to 65535, got ${JSON.stringify(basePort)}`);
  }
  const killTimeoutMs = options.killTimeoutMs ?? 10_000;
  if (!Number.isFinite(killTimeoutMs) || killTimeoutMs <= 0) {
    throw new ConfigError('killTimeoutMs', `must be a positive number of milliseconds, got ${JSON.stringify(killTimeoutMs)}`);
  }
  return {
    runDir: options.runDir,
    names: resolveNames(options.nodes),
    command: options.command,
    basePort,
    ports: assignPorts(basePort, options.ports),
    clockSkew: options.clockSkew ?? true,
    handleSignals: options.handleSignals ?? true,
    killTimeoutMs,
  };
}

function resolveNames(nodes: LocalRuntimeOptions['nodes']): string[] {
  if (typeof nodes === 'number') {
    if (!Number.isInteger(nodes) || nodes < 1 || nodes > MAX_NODES_PER_BLOCK) {
      throw new ConfigError('nodes', `a node count must be an integer from 1 to ${MAX_NODES_PER_BLOCK}, got ${nodes}`);
    }
    return Array.from({ length: nodes }, (_, i) => `n${i + 1}`);
  }
  if (!Array.isArray(nodes) || nodes.length < 1 || nodes.length > MAX_NODES_PER_BLOCK) {
    throw new ConfigError('nodes', `must be a count or a list of 1 to ${MAX_NODES_PER_BLOCK} names, got ${JSON.stringify(nodes)}`);
  }
  const seen = new Set<string>();
  nodes.forEach((name: unknown, i: number) => {
    if (typeof name !== 'string' || !NODE_NAME.test(name)) {
      throw new ConfigError(`nodes[${i}]`, `${JSON.stringify(name)} is not a node name (letters, digits, _ . -; at most 63)`);
    }
    if (seen.has(name)) throw new ConfigError(`nodes[${i}]`, `${JSON.stringify(name)} appears twice`);
    seen.add(name);
  });
  return [...nodes];
}

/** Checks what a target's command function returned, naming the node when it is wrong. */
export function checkNodeCommand(node: string, cmd: unknown): NodeCommand {
  const field = `command(${node})`;
  const c = cmd as Partial<NodeCommand> | undefined;
  if (!c || typeof c.command !== 'string' || c.command === '') {
    throw new ConfigError(field, `must return { command, args }, got ${JSON.stringify(cmd)}`);
  }
  if (!Array.isArray(c.args) || c.args.some((a) => typeof a !== 'string')) {
    throw new ConfigError(`${field}.args`, `must be an array of strings, got ${JSON.stringify(c.args)}`);
  }
  if (c.env !== undefined && (typeof c.env !== 'object' || Object.values(c.env).some((v) => typeof v !== 'string'))) {
    throw new ConfigError(`${field}.env`, 'must map names to strings');
  }
  if (c.user !== undefined && (typeof c.user !== 'string' || !/^[a-z_][a-z0-9_-]*\$?$/i.test(c.user))) {
    throw new ConfigError(`${field}.user`, `${JSON.stringify(c.user)} is not a user name`);
  }
  return c as NodeCommand;
}
