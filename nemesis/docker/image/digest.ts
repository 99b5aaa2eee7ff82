import { createHash } from 'node:crypto';
import { createReadStream, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { clockCacheDir } from '../../clock/build.js';
import type { RootEntry } from './rootfs.js';

// An image is named after what is in it: the digest covers every entry's path, kind, mode, link
// target and bytes. The same files give the same tag, so an unchanged checkout reuses its image,
// and an upgraded Node or clock library gets a new one without anyone deciding to rebuild.

/** Bump when the image layout changes in a way the entries alone do not show. */
const LAYOUT_VERSION = 'faultline-node-image/1';

// Reading a 100 MB Node binary and thousands of code files takes seconds, which every test
// process and every run would pay: a file whose size, mtime and inode are unchanged is not read
// twice, within one process or (through a digest store in the cache folder) across processes.
const fileDigests = new Map<string, Promise<string>>();
let stored: Map<string, string> | undefined;

function storeFile(): string {
  return join(clockCacheDir(), 'docker-image-file-digests.json');
}

function storedDigests(): Map<string, string> {
  if (!stored) {
    try {
      stored = new Map(Object.entries(JSON.parse(readFileSync(storeFile(), 'utf8')) as Record<string, string>));
    } catch {
      stored = new Map();
    }
  }
  return stored;
}

// Every edit of a file leaves its old key behind; past this many the store starts afresh with
// what this process used.
const MAX_STORED = 50_000;

function saveDigests(used: ReadonlySet<string>): void {
  if (storedDigests().size > MAX_STORED) stored = new Map([...storedDigests()].filter(([key]) => used.has(key)));
  try {
    const file = storeFile();
    mkdirSync(join(file, '..'), { recursive: true });
    const partial = `${file}.${process.pid}.partial`;
    writeFileSync(partial, JSON.stringify(Object.fromEntries(storedDigests())));
    renameSync(partial, file);
  } catch {
    // Only a cache: the next process reads the files again.
  }
}

export async function digestEntries(entries: readonly RootEntry[]): Promise<string> {
  const hash = createHash('sha256').update(LAYOUT_VERSION);
  const known = storedDigests().size;
  const contents = await Promise.all(entries.map((entry) => contentDigest(entry)));
  if (storedDigests().size > known) saveDigests(new Set(fileDigests.keys()));
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
    const known = storedDigests().get(key);
    digest =
      known !== undefined
        ? Promise.resolve(known)
        : hashFile(entry.source).then((hex) => {
            storedDigests().set(key, hex);
            return hex;
          });
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
