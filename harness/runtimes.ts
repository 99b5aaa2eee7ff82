import { LocalRuntime } from '../nemesis/local.js';
import { assignPorts } from '../nemesis/node-ports.js';
import type { NodeRuntime } from '../core/runtime.js';
import { runsNodes, type Target } from '../core/target.js';
import { ConfigError, FaultlineError } from '../core/errors.js';

export type RuntimeKind = 'local' | 'docker';

export interface RuntimeRequest {
  runDir: string;
  /** A count (nodes n1…nN) or the names the target chose (ClusterSpec.names). */
  nodes: number | readonly string[];
  target: Target<any>;
  options: Record<string, unknown>;
  log(message: string): void;
}

/**
 * Whether this runtime can carry this target with these options; a ConfigError (exit 254) in one
 * sentence when it cannot, raised before anything starts.
 */
export function assertRuntimeCarries(kind: RuntimeKind, target: Target<any>, options: Record<string, unknown>): void {
  // The ports a target asks for are refused now, with the target's name, rather than by the runtime.
  if (target.cluster && runsNodes(target, options)) {
    try {
      assignPorts(target.cluster.port, target.cluster.ports);
    } catch (err) {
      if (err instanceof ConfigError) throw new ConfigError(`target ${target.name}: cluster.${err.field}`, err.message.slice(err.field.length + 2));
      throw err;
    }
  }
  if (kind !== 'docker') return;
  if (!runsNodes(target, options)) {
    const why = target.cluster ? 'with these options it starts no nodes (it tests servers that already run)' : 'it runs in-process and has no nodes';
    throw new ConfigError('runtime', `target ${target.name} cannot run on --runtime docker: ${why}, so there is nothing to put in containers`);
  }
  if (typeof target.cluster?.container !== 'function') {
    throw new ConfigError(
      'runtime',
      `target ${target.name} cannot run on --runtime docker: it does not declare what its nodes need inside a container (ClusterSpec.container; see the README's Docker section)`,
    );
  }
  // Its declaration may refuse these options (a server this machine cannot copy into an image).
  target.cluster.container(options);
}

/** Creates the node runtime a run asked for; its nodes are not started yet. */
export async function createRuntime(kind: RuntimeKind, request: RuntimeRequest): Promise<NodeRuntime> {
  const cluster = request.target.cluster;
  if (!cluster) throw new FaultlineError('BAD_CONFIG', `target ${request.target.name} runs in-process and has no nodes`);
  assertRuntimeCarries(kind, request.target, request.options);
  const command = (node: Parameters<typeof cluster.command>[0], all: Parameters<typeof cluster.command>[1]) =>
    cluster.command(node, all, request.options, request.runDir, kind);
  if (kind === 'local') {
    // The harness handles Ctrl-C itself (stop, heal, then check), so the runtime must not
    // kill the nodes on the first signal; RunSession guards against a crash instead.
    return new LocalRuntime({ runDir: request.runDir, nodes: request.nodes, command, basePort: cluster.port, ports: cluster.ports, handleSignals: false });
  }
  if (kind === 'docker') {
    // Same reason as above for handleSignals. Loaded on demand: only docker runs need dockerode.
    const { DockerRuntime } = await import('../nemesis/docker.js');
    const needs = cluster.container!(request.options);
    return DockerRuntime.create({
      runDir: request.runDir,
      nodes: request.nodes,
      command,
      port: cluster.port,
      ports: cluster.ports,
      needs,
      handleSignals: false,
      log: request.log,
    });
  }
  throw new FaultlineError('UNSUPPORTED', `runtime: "${kind}" is not available yet`);
}
