import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { NodeInfo } from '../runtime.js';
import type { RunNetwork } from './network.js';

// Where each node of a Docker run lives: the next address of the run's network, the same port
// for all (each node has an address of its own), and folders in the run folder as the local
// runtime lays them out: nodes/<name>/data, nodes/<name>.log, and nodes/<name>/clock/offset.

export function layOutNodes(names: readonly string[], network: RunNetwork, runDir: string, port: number): NodeInfo[] {
  return names.map((name, i) => {
    const info: NodeInfo = Object.freeze({
      name,
      host: network.address(i),
      port,
      dataDir: join(runDir, 'nodes', name, 'data'),
      logFile: join(runDir, 'nodes', `${name}.log`),
    });
    mkdirSync(info.dataDir, { recursive: true });
    return info;
  });
}

/** The node's clock offset file; its folder is what the container mounts. */
export function clockFileOf(info: NodeInfo): string {
  return join(info.dataDir, '..', 'clock', 'offset');
}
