import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { ConfigError } from '../../core/errors.js';
import type { NodeCommand, NodeInfo } from '../../core/runtime.js';
import { BUG_NAMES, isBugName, type BugName } from './server/bugs.js';

// How a runtime launches one raft-kv node. Compiled (dist/), the node is plain JavaScript;
// from sources (vitest, tsx) it runs main.ts under tsx's loader, located from this package so
// the command works whatever the runtime's working directory is.

export interface RaftNodeOptions {
  bugs?: readonly BugName[];
  electionTimeoutMs?: number;
  heartbeatMs?: number;
  snapshotEvery?: number;
  requestTimeoutMs?: number;
}

const here = fileURLToPath(import.meta.url);
const fromSources = here.endsWith('.ts');

/** The node program itself: main.js next to this file when compiled, main.ts otherwise. */
export const RAFT_SERVER_ENTRY = fileURLToPath(new URL(fromSources ? './server/main.ts' : './server/main.js', import.meta.url));

function tsxLoaderUrl(): string {
  return pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
}

export function raftNodeCommand(node: NodeInfo, cluster: readonly NodeInfo[], options: RaftNodeOptions = {}): NodeCommand {
  if (!cluster.some((member) => member.name === node.name)) {
    throw new ConfigError('cluster', `node ${JSON.stringify(node.name)} is not a member (${cluster.map((m) => m.name).join(', ')})`);
  }
  const args = ['--id', node.name, '--listen', `${node.host}:${node.port}`, '--data-dir', node.dataDir];
  for (const member of cluster) {
    if (member.name !== node.name) args.push('--peer', `${member.name}=${member.host}:${member.port}`);
  }
  for (const bug of options.bugs ?? []) {
    if (!isBugName(bug)) throw new ConfigError('bugs', `unknown bug ${JSON.stringify(bug)}; known: ${BUG_NAMES.join(', ')}`);
    args.push('--bug', bug);
  }
  const numeric: Array<[keyof RaftNodeOptions, string]> = [
    ['electionTimeoutMs', '--election-timeout-ms'],
    ['heartbeatMs', '--heartbeat-ms'],
    ['snapshotEvery', '--snapshot-every'],
    ['requestTimeoutMs', '--request-timeout-ms'],
  ];
  for (const [field, flag] of numeric) {
    const value = options[field];
    if (value === undefined) continue;
    if (typeof value !== 'number' || !Number.isSafeInteger(value) || value <= 0) {
      throw new ConfigError(field, `must be a positive integer, got ${JSON.stringify(value)}`);
    }
    args.push(flag, String(value));
  }
  const nodeArgs = fromSources ? ['--import', tsxLoaderUrl(), RAFT_SERVER_ENTRY] : [RAFT_SERVER_ENTRY];
  return { command: process.execPath, args: [...nodeArgs, ...args] };
}
