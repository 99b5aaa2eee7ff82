import { LocalRuntime } from '../nemesis/local.js';
import type { NodeRuntime } from '../nemesis/runtime.js';
import type { Target } from '../targets/target.js';
import { FaultlineError } from './errors.js';

export interface RuntimeRequest {
  runDir: string;
  /** A count (nodes n1…nN) or the names the target chose (ClusterSpec.names). */
  nodes: number | readonly string[];
  target: Target<any>;
  options: Record<string, unknown>;
  log(message: string): void;
}

/** Creates the node runtime a run asked for; its nodes are not started yet. */
export async function createRuntime(kind: 'local' | 'docker', request: RuntimeRequest): Promise<NodeRuntime> {
  const cluster = request.target.cluster;
  if (!cluster) throw new FaultlineError('BAD_CONFIG', `target ${request.target.name} runs in-process and has no nodes`);
  const command = (node: Parameters<typeof cluster.command>[0], all: Parameters<typeof cluster.command>[1]) =>
    cluster.command(node, all, request.options, request.runDir);
  if (kind === 'local') {
    // The harness handles Ctrl-C itself (stop, heal, then check), so the runtime must not
    // kill the nodes on the first signal; RunSession guards against a crash instead.
    return new LocalRuntime({ runDir: request.runDir, nodes: request.nodes, command, basePort: cluster.port, handleSignals: false });
  }
  if (kind === 'docker') {
    // Same reason as above for handleSignals. Loaded on demand: only docker runs need dockerode.
    const { DockerRuntime } = await import('../nemesis/docker.js');
    return DockerRuntime.create({ runDir: request.runDir, nodes: request.nodes, command, port: cluster.port, handleSignals: false, log: request.log });
  }
  throw new FaultlineError('UNSUPPORTED', `runtime: "${kind}" is not available yet`);
}
