import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import type { RootEntry } from './rootfs.js';

// An image is named after what is in it: the digest covers every entry's path, kind, mode, link
// target and bytes. The same files give the same tag, so an unchanged checkout reuses its image,
// and an upgraded Node or clock library gets a new one without anyone deciding to rebuild.

/** Bump when the image layout changes in a way the entries alone do not show. */
const LAYOUT_VERSION = 'faultline-node-image/1';

// Reading a 100 MB Node binary takes a while; within one process a file whose size, mtime and
// inode are unchanged is not read twice.
const fileDigests = new Map<string, Promise<string>>();

export async function digestEntries(entries: readonly RootEntry[]): Promise<string> {
  const hash = createHash('sha256').update(LAYOUT_VERSION);
  const contents = await Promise.all(entries.map((entry) => contentDigest(entry)));
  entries.forEach((entry, i) => {
    const mode = entry.kind === 'symlink' ? '' : entry.mode.toString(8);
    const target = entry.kind === 'symlink' ? entry.target : '';
    hash.update(`\n${entry.kind}\0${entry.path}\0${mode}\0${target}\0${contents[i]}`);
  });
  return hash.digest('hex');
}

function contentDigest(entry: RootEntry): Promise<string> {
  if (entry.kind === 'content') return Promise.resolve(createHash('sha256').update(entry.content).digest('hex'));
  if (entry.kind !== 'file') return Promise.resolve('');
  const key = `${entry.source}\0${entry.size}\0${entry.mtimeMs}\0${entry.ino}`;
  let digest = fileDigests.get(key);
  if (!digest) {
    digest = hashFile(entry.source);
    fileDigests.set(key, digest);
    digest.catch(() => fileDigests.delete(key));
  }
  return digest;
}

async function hashFile(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}
