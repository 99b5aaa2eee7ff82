import type Docker from 'dockerode';
import { ConfigError } from '../../core/errors.js';
import { assignPorts } from '../node-ports.js';
import type { ContainerNeeds, NodeCommand, NodeInfo, PortRequest } from '../../core/runtime.js';
import { MAX_NODES_PER_NETWORK } from './network.js';

/** How to build a DockerRuntime. */
export interface DockerRuntimeOptions {
  /** The run folder: nodes/<name>.log (logs) go in it; nodes/<name>/ is the path of each node's folder (its volume) inside its containers. */
  runDir: string;
  /** A node count (named n1, n2, …) or the names themselves. */
  nodes: number | readonly string[];
  /**
   * How to launch a node, called at every start with the node and the whole cluster; the command
   * runs inside the node's container, whose image holds faultline's code at its own path, Node at
   * process.execPath, and what `needs` names.
   */
  command: (node: NodeInfo, cluster: readonly NodeInfo[]) => NodeCommand;
  /** What the nodes need inside their containers (a target's ClusterSpec.container). */
  needs?: ContainerNeeds;
  /**
   * How the harness reaches nodes: `direct` at their own addresses (the engine is on this
   * machine), `published` through ports the engine publishes on its host (an engine elsewhere),
   * `auto` (default, or $FAULTLINE_DOCKER_ACCESS) chooses by where the engine is.
   */
  access?: 'auto' | 'direct' | 'published';
  /** The port every node listens on, each on its own address (default 7000). */
  port?: number;
  /**
   * Further ports every node listens on, by name (a target's ClusterSpec.ports): a number, or
   * 'any' for one the runtime picks. Handed out in NodeInfo.ports and, on an engine elsewhere,
   * each published on a port its host has free (NodeInfo.dialPorts).
   */
  ports?: Readonly<Record<string, PortRequest>>;
  /** Preload the clock skew library into every node (default true); without it setClockOffset throws. */
  clockSkew?: boolean;
  /**
   * Remove the containers on SIGINT, SIGTERM and SIGHUP (default true). Turn it off when the
   * harness handles signals itself. Either way, a process that exits without stopAll removes them.
   */
  handleSignals?: boolean;
  /**
   * Use this image instead of building the node image from this machine's files (default:
   * needs.image, else $FAULTLINE_DOCKER_IMAGE when set). It must hold what the command runs; clock
   * faults need the clock library where the repository's Dockerfile puts it.
   */
  image?: string;
  /** A dockerode client (default: DOCKER_HOST or the local socket). */
  docker?: Docker;
  /** How long kill waits for a container to stop (default 10 s). */
  killTimeoutMs?: number;
  /** Told about slow steps (image builds). */
  log?: (message: string) => void;
}

export interface ResolvedDockerOptions {
  runDir: string;
  names: string[];
  command: DockerRuntimeOptions['command'];
  needs: ContainerNeeds;
  access: 'auto' | 'direct' | 'published';
  port: number;
  ports: Readonly<Record<string, number>> | undefined;
  clockSkew: boolean;
  handleSignals: boolean;
  image: string | undefined;
  killTimeoutMs: number;
  log: (message: string) => void;
}

// Names become container names, file names and log prefixes: keep them short and plain.
const NODE_NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,62}$/;

export function resolveDockerOptions(options: DockerRuntimeOptions): ResolvedDockerOptions {
  if (typeof options.runDir !== 'string' || options.runDir === '') {
    throw new ConfigError('runDir', `must be a folder path, got ${JSON.stringify(options.runDir)}`);
  }
  if (typeof options.command !== 'function') {
    throw new ConfigError('command', 'must be a function (node, cluster) => NodeCommand');
  }
  const port = options.port ?? 7000;
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    throw new ConfigError('port', `must be an integer port from 1 to 65535, got ${JSON.stringify(options.port)}`);
  }
  const killTimeoutMs = options.killTimeoutMs ?? 10_000;
  if (!Number.isFinite(killTimeoutMs) || killTimeoutMs <= 0) {
    throw new ConfigError('killTimeoutMs', `must be a positive number of milliseconds, got ${JSON.stringify(killTimeoutMs)}`);
  }
  const needs = options.needs ?? {};
  const image = options.image ?? needs.image ?? (process.env.FAULTLINE_DOCKER_IMAGE || undefined);
  if (image !== undefined && (typeof image !== 'string' || image.trim() === '')) {
    throw new ConfigError(options.image === undefined ? 'FAULTLINE_DOCKER_IMAGE' : 'image', `must be an image name, got ${JSON.stringify(image)}`);
  }
  const access = options.access ?? ((process.env.FAULTLINE_DOCKER_ACCESS || 'auto') as ResolvedDockerOptions['access']);
  if (!['auto', 'direct', 'published'].includes(access)) {
    throw new ConfigError(
      options.access === undefined ? 'FAULTLINE_DOCKER_ACCESS' : 'access',
      `must be auto, direct or published, got ${JSON.stringify(access)}`,
    );
  }
  for (const field of ['paths', 'exclude', 'users'] as const) {
    const list = needs[field];
    if (list !== undefined && (!Array.isArray(list) || list.some((v) => typeof v !== 'string' || v === ''))) {
      throw new ConfigError(`container.${field}`, `must be a list of strings, got ${JSON.stringify(list)}`);
    }
  }
  for (const [i, path] of [...(needs.paths ?? []), ...(needs.exclude ?? [])].entries()) {
    if (!path.startsWith('/')) throw new ConfigError('container.paths', `every path must be absolute, got ${JSON.stringify(path)} (entry ${i})`);
  }
  return {
    runDir: options.runDir,
    names: resolveNames(options.nodes),
    command: options.command,
    needs,
    access,
    port,
    ports: assignPorts(port, options.ports),
    clockSkew: options.clockSkew ?? true,
    handleSignals: options.handleSignals ?? true,
    image,
    killTimeoutMs,
    log: options.log ?? (() => undefined),
  };
}

function resolveNames(nodes: DockerRuntimeOptions['nodes']): string[] {
  if (typeof nodes === 'number') {
    if (!Number.isInteger(nodes) || nodes < 1 || nodes > MAX_NODES_PER_NETWORK) {
      throw new ConfigError('nodes', `a node count must be an integer from 1 to ${MAX_NODES_PER_NETWORK}, got ${nodes}`);
    }
    return Array.from({ length: nodes }, (_, i) => `n${i + 1}`);
  }
  if (!Array.isArray(nodes) || nodes.length < 1 || nodes.length > MAX_NODES_PER_NETWORK) {
    throw new ConfigError('nodes', `must be a count or a list of 1 to ${MAX_NODES_PER_NETWORK} names, got ${JSON.stringify(nodes)}`);
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
