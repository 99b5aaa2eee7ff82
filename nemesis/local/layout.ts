import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { NodeInfo } from '../runtime.js';
import { nodeAddress } from './address-block.js';
import { choosePort, listeningEndpoints } from './ports.js';

// Where each node lives: its address in the runtime's block, a port nothing listens on yet, and
// its folders in the run folder (nodes/<name>/data for data, nodes/<name>.log for output).

export function layOutNodes(names: readonly string[], block: number, runDir: string, basePort: number): NodeInfo[] {
  const listening = listeningEndpoints();
  return names.map((name, i) => {
    const host = nodeAddress(block, i);
    const info: NodeInfo = Object.freeze({
      name,
      host,
      port: choosePort(host, basePort, listening),
      dataDir: join(runDir, 'nodes', name, 'data'),
      logFile: join(runDir, 'nodes', `${name}.log`),
    });
    mkdirSync(info.dataDir, { recursive: true });
    return info;
  });
}
