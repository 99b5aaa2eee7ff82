import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { NodeCommand, NodeInfo } from '../../../core/runtime.js';

// How the runtime launches one lock client. Compiled, it is plain JavaScript; from sources
// (vitest, tsx) it runs main.ts under tsx's loader, found from this package.

const fromSources = fileURLToPath(import.meta.url).endsWith('.ts');

export const LOCK_CLIENT_ENTRY = fileURLToPath(new URL(fromSources ? './main.ts' : './main.js', import.meta.url));

export function lockClientCommand(node: NodeInfo): NodeCommand {
  const loader = fromSources ? ['--import', pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href] : [];
  return { command: process.execPath, args: [...loader, LOCK_CLIENT_ENTRY, '--name', node.name, '--listen', `${node.host}:${node.port}`] };
}
