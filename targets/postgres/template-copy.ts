import { chmodSync, copyFileSync, cpSync, lchownSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { KEEP_GROUP_LIBRARY } from './launcher/keep-group.js';

/**
 * Fills a node folder from a template node folder (see node-template.ts): its data folder and
 * the keep-group library, owned by the template's owner (the postgres user). Synchronous,
 * because a runtime asks for a node's command synchronously; copying a fresh data folder takes
 * a fraction of the seconds the launcher program and initdb would.
 */
export function copyNodeTemplate(template: string, nodeDir: string): void {
  const { uid, gid } = statSync(template);
  const dataDir = join(nodeDir, 'data');
  cpSync(join(template, 'data'), dataDir, { recursive: true });
  copyFileSync(join(template, KEEP_GROUP_LIBRARY), join(nodeDir, KEEP_GROUP_LIBRARY));
  for (const entry of readdirSync(dataDir, { recursive: true }) as string[]) lchownSync(join(dataDir, entry), uid, gid);
  for (const path of [nodeDir, dataDir, join(nodeDir, KEEP_GROUP_LIBRARY)]) lchownSync(path, uid, gid);
  // The server refuses a data folder that others can read.
  chmodSync(dataDir, 0o700);
}
