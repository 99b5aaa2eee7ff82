import { FaultlineError } from '../../core/errors.js';
import type { Endpoint, NodeInfo } from '../../core/runtime.js';

// A node's ports as the runtime handed them out (ClusterSpec.port, ClusterSpec.ports): the number
// the node listens on at its own address, which peers dial, and the endpoint the harness dials,
// which differs only on a Docker engine elsewhere (a port its host publishes).

type NodePorts = Pick<NodeInfo, 'name' | 'host' | 'port' | 'ports' | 'dial' | 'dialPorts'>;

/** The number the node listens on for port `name` (its main port without a name). Peers dial `node.host` at it. */
export function nodePort(node: Pick<NodeInfo, 'name' | 'port' | 'ports'>, name?: string): number {
  if (name === undefined) return node.port;
  const port = node.ports && Object.hasOwn(node.ports, name) ? node.ports[name] : undefined;
  if (port === undefined) {
    const known = Object.keys(node.ports ?? {});
    throw new FaultlineError(
      'BAD_ARGUMENT',
      `node ${node.name} has no port named ${JSON.stringify(name)} (${known.length > 0 ? `it has ${known.join(', ')}` : 'its target asked for none in cluster.ports'})`,
    );
  }
  return port;
}

/** `host:port` of the node's port `name` as its peers reach it, e.g. for a server's --peer flag. */
export function peerAddress(node: Pick<NodeInfo, 'name' | 'host' | 'port' | 'ports'>, name?: string): string {
  return `${node.host}:${nodePort(node, name)}`;
}

/** Where the harness (clients, readiness checks, admin connections) dials the node's port `name`. */
export function nodeEndpoint(node: NodePorts, name?: string): Endpoint {
  const port = nodePort(node, name);
  const published = name === undefined ? node.dial : node.dialPorts?.[name];
  return published ?? { host: node.host, port };
}
