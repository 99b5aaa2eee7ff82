import { mkdirSync, readFileSync, readlinkSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { RootEntry } from './rootfs.js';

// Planning an image runs ldd over a hundred iptables modules and digests a 100 MB binary: seconds
// that every test worker and every run would pay. The finished plan is kept on disk with its
// digest; it is reused while every host file it names still has the same size, mtime and inode
// and every symlink the same target. An upgraded library fails that check and is planned anew.

interface StoredPlan {
  key: string;
  digest: string;
  entries: StoredEntry[];
}

type StoredEntry = Exclude<RootEntry, { kind: 'content' }> | { kind: 'content'; path: string; mode: number; content: string };

export interface CachedPlan {
  entries: RootEntry[];
  digest: string;
}

/** The stored plan for `key`, if its host files are unchanged since. */
export function loadPlan(file: string, key: string): CachedPlan | undefined {
  let stored: StoredPlan;
  try {
    stored = JSON.parse(readFileSync(file, 'utf8')) as StoredPlan;
  } catch {
    return undefined;
  }
  if (stored.key !== key || !Array.isArray(stored.entries) || typeof stored.digest !== 'string') return undefined;
  const entries = stored.entries.map((e): RootEntry => (e.kind === 'content' ? { ...e, content: Buffer.from(e.content, 'base64') } : e));
  return entries.every(unchanged) ? { entries, digest: stored.digest } : undefined;
}

export function savePlan(file: string, key: string, plan: CachedPlan): void {
  const entries = plan.entries.map((e): StoredEntry => (e.kind === 'content' ? { ...e, content: e.content.toString('base64') } : e));
  const stored: StoredPlan = { key, digest: plan.digest, entries };
  try {
    mkdirSync(dirname(file), { recursive: true });
    const partial = `${file}.${process.pid}.partial`;
    writeFileSync(partial, JSON.stringify(stored));
    renameSync(partial, file);
  } catch {
    // Only a cache: the next run plans again.
  }
}

function unchanged(entry: RootEntry): boolean {
  try {
    if (entry.kind === 'file') {
      const stat = statSync(entry.source, { throwIfNoEntry: false });
      return stat !== undefined && stat.size === entry.size && stat.mtimeMs === entry.mtimeMs && stat.ino === entry.ino;
    }
    if (entry.kind === 'symlink' && entry.fromHost) return readlinkSync(entry.path) === entry.target;
    return true;
  } catch {
    return false;
  }
}
