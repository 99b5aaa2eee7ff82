import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { NodeInfo } from '../../core/runtime.js';
import { nodeAddress } from './address-block.js';

// Where each node lives: its address in the runtime's subnet, the target's ports (each node has a
// network namespace of its own, so every node can use the same numbers, as hosts of a real
// cluster do), and its folders in the run folder (nodes/<name>/data for data, nodes/<name>.log for output).

export function layOutNodes(names: readonly string[], block: number, runDir: string, port: number, ports?: Readonly<Record<string, number>>): NodeInfo[] {
  return names.map((name, i) => {
    const info: NodeInfo = Object.freeze({
      name,
      host: nodeAddress(block, i),
      port,
      dataDir: join(runDir, 'nodes', name, 'data'),
      logFile: join(runDir, 'nodes', `${name}.log`),
      ...(ports ? { ports } : {}),
    });
    mkdirSync(info.dataDir, { recursive: true });
    return info;
  });
}
