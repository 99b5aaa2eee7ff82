import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Endpoint, NodeInfo } from '../../core/runtime.js';
import type { RunNetwork } from './network.js';

// Where each node of a Docker run lives: the next address of the run's network, the same ports
// for all (each node has an address of its own), and the folders the local runtime uses, at the
// same paths inside the node's containers (in its volume): nodes/<name>/data and
// nodes/<name>/clock/offset. On this machine, nodes/<name>.log gets its output, and
// nodes/<name>/ may hold files a target puts there before the first start: they are copied in.

/** Where the harness dials a node's ports when not at its own address: a port the engine publishes for each. */
export type PublishedPort = (port: number) => Endpoint;

export function layOutNodes(
  names: readonly string[],
  network: RunNetwork,
  runDir: string,
  port: number,
  ports?: Readonly<Record<string, number>>,
  published?: (index: number) => PublishedPort | undefined,
): NodeInfo[] {
  return names.map((name, i) => {
    const dial = published?.(i);
    const info: NodeInfo = Object.freeze({
      name,
      host: network.address(i),
      port,
      dataDir: join(runDir, 'nodes', name, 'data'),
      logFile: join(runDir, 'nodes', `${name}.log`),
      ...(dial ? { dial: Object.freeze({ ...dial(port) }) } : {}),
      ...(ports ? { ports } : {}),
      ...(ports && dial ? { dialPorts: Object.freeze(Object.fromEntries(Object.entries(ports).map(([n, p]) => [n, Object.freeze({ ...dial(p) })]))) } : {}),
    });
    mkdirSync(info.dataDir, { recursive: true });
    return info;
  });
}

/** The node's clock offset file, inside its folder. */
export function clockFileOf(info: Pick<NodeInfo, 'dataDir'>): string {
  return join(info.dataDir, '..', 'clock', 'offset');
}
