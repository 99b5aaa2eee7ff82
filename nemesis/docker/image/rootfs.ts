import { lstatSync, readdirSync, readlinkSync, statSync, type Stats } from 'node:fs';
import { dirname, isAbsolute, join, posix, resolve } from 'node:path';
import { execa } from 'execa';
import { FaultlineError } from '../../../core/errors.js';

// A root filesystem described as a list of entries, assembled from the host's own files: a
// binary goes in at the path it has on the host, every symlink on the way to it goes in as a
// symlink, and every shared library `ldd` names goes in the same way. What is in the image then
// resolves exactly as it does on the host, with nothing downloaded.

export type RootEntry =
  | { kind: 'dir'; path: string; mode: number }
  | { kind: 'file'; path: string; mode: number; source: string; size: number; mtimeMs: number; ino: number }
  /** `fromHost`: the same symlink exists on the host (rather than one the plan made up). */
  | { kind: 'symlink'; path: string; target: string; fromHost: boolean }
  | { kind: 'content'; path: string; mode: number; content: Buffer };

// Enough for any real chain of symlinks; more means a loop.
const MAX_SYMLINK_HOPS = 40;

export class RootfsPlan {
  private readonly entries = new Map<string, RootEntry>();

  /** Every entry, parents before children (a path sorts before anything under it). */
  list(): RootEntry[] {
    return [...this.entries.values()].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  }

  has(path: string): boolean {
    return this.entries.has(path);
  }

  addDir(path: string, mode = 0o755): void {
    this.addParents(path);
    this.entries.set(path, { kind: 'dir', path, mode });
  }

  addContent(path: string, content: string | Buffer, mode = 0o644): void {
    this.addParents(path);
    this.entries.set(path, { kind: 'content', path, mode, content: Buffer.from(content) });
  }

  addSymlink(path: string, target: string): void {
    this.addParents(path);
    this.entries.set(path, { kind: 'symlink', path, target, fromHost: false });
  }

  /** A host file placed at another path in the image (the file itself, symlinks followed). */
  addFileAs(path: string, source: string, mode?: number): void {
    const stat = statOrThrow(source);
    if (!stat.isFile()) throw new FaultlineError('RUN_FAILED', `nemesis/docker image: ${source} is not a regular file`);
    this.addParents(path);
    this.entries.set(path, fileEntry(path, source, stat, mode));
  }

  /**
   * A host path at the same path in the image, with each symlink along the way (in any
   * component) recorded as a symlink and followed. A folder is added alone, not its contents.
   */
  addHostPath(hostPath: string): void {
    if (!isAbsolute(hostPath)) throw new FaultlineError('BAD_ARGUMENT', `nemesis/docker image: ${hostPath} is not an absolute path`);
    let pending = posix.normalize(hostPath);
    for (let hop = 0; hop <= MAX_SYMLINK_HOPS; hop++) {
      const next = this.addUntilSymlink(pending);
      if (next === undefined) return;
      pending = next;
    }
    throw new FaultlineError('RUN_FAILED', `nemesis/docker image: more than ${MAX_SYMLINK_HOPS} symlinks resolving ${hostPath}`);
  }

  /**
   * Every regular file and symlink under a host folder that `accept`s it, at the same paths, in
   * every subfolder `enter` lets in.
   */
  addHostTree(hostDir: string, accept: (path: string) => boolean = () => true, enter: (dir: string) => boolean = () => true): void {
    this.addHostPath(hostDir);
    for (const name of readdirSync(hostDir).sort()) {
      const path = join(hostDir, name);
      const stat = lstatSync(path);
      if (stat.isDirectory()) {
        if (enter(path)) this.addHostTree(path, accept, enter);
      } else if (accept(path)) this.addHostPath(path);
    }
  }

  /** Executables or shared libraries and every library they load, as `ldd` lists them. */
  async addElf(...hostPaths: string[]): Promise<void> {
    for (const path of hostPaths) this.addHostPath(path);
    await this.addLibrariesOf(...hostPaths);
  }

  /** Only the libraries `ldd` lists for these host files (placed elsewhere with addFileAs). */
  async addLibrariesOf(...hostPaths: string[]): Promise<void> {
    for (const library of await sharedLibraries(hostPaths)) this.addHostPath(library);
  }

  /** Another plan's entries; an entry already here stays. */
  merge(other: RootfsPlan | readonly RootEntry[]): void {
    for (const entry of Array.isArray(other) ? other : (other as RootfsPlan).list()) {
      if (!this.entries.has(entry.path)) this.entries.set(entry.path, entry);
    }
  }

  /** Walks `path` component by component; returns the path to continue with after a symlink. */
  private addUntilSymlink(path: string): string | undefined {
    const parts = path.split('/').filter(Boolean);
    let current = '/';
    for (let i = 0; i < parts.length; i++) {
      const here = posix.join(current, parts[i]);
      const stat = lstatOrThrow(here);
      const rest = parts.slice(i + 1);
      if (stat.isSymbolicLink()) {
        const target = readlinkSync(here);
        this.entries.set(here, { kind: 'symlink', path: here, target, fromHost: true });
        return posix.join(resolve(dirname(here), target), ...rest);
      }
      if (stat.isDirectory()) {
        if (!this.entries.has(here)) this.entries.set(here, { kind: 'dir', path: here, mode: stat.mode & 0o7777 });
      } else if (stat.isFile() && rest.length === 0) {
        this.entries.set(here, fileEntry(here, here, stat));
      } else {
        throw new FaultlineError('RUN_FAILED', `nemesis/docker image: ${here} is neither a folder, a file nor a symlink`);
      }
      current = here;
    }
    return undefined;
  }

  private addParents(path: string): void {
    const parent = posix.dirname(path);
    if (parent === '/' || this.entries.has(parent)) return;
    this.addParents(parent);
    this.entries.set(parent, { kind: 'dir', path: parent, mode: 0o755 });
  }
}

function fileEntry(path: string, source: string, stat: Stats, mode?: number): RootEntry {
  return { kind: 'file', path, source, mode: mode ?? stat.mode & 0o7777, size: stat.size, mtimeMs: stat.mtimeMs, ino: stat.ino };
}

function lstatOrThrow(path: string) {
  try {
    return lstatSync(path);
  } catch (err) {
    throw new FaultlineError('RUN_FAILED', `nemesis/docker image: ${path} does not exist on this machine`, { cause: err });
  }
}

function statOrThrow(path: string) {
  try {
    return statSync(path);
  } catch (err) {
    throw new FaultlineError('RUN_FAILED', `nemesis/docker image: ${path} does not exist on this machine`, { cause: err });
  }
}

/** The absolute paths of the libraries `ldd` says the binaries load (the dynamic loader included). */
export async function sharedLibraries(binaries: readonly string[]): Promise<string[]> {
  if (binaries.length === 0) return [];
  const result = await execa('ldd', [...binaries], { reject: false });
  // A static binary makes ldd fail with "not a dynamic executable": that is no problem.
  const complaints = String(result.stderr ?? '')
    .split('\n')
    .filter((line) => line.trim() !== '' && !/not a dynamic executable|statically linked/.test(line));
  if (result.failed && (complaints.length > 0 || (result.stdout === '' && result.stderr === ''))) {
    const why = complaints.join('; ') || result.shortMessage;
    throw new FaultlineError('RUN_FAILED', `nemesis/docker image: ldd ${binaries.join(' ')} failed: ${why}`, { cause: result });
  }
  return parseLdd(binaries, result.stdout);
}

/**
 * Parses ldd's listing (for several binaries, each section starts with "<binary>:"); a library
 * it could not find is an error naming it and who needs it.
 */
export function parseLdd(binaries: readonly string[], listing: string): string[] {
  const libraries = new Set<string>();
  let binary = binaries[0];
  for (const raw of listing.split('\n')) {
    const line = raw.trim();
    if (line === '' || /statically linked|not a dynamic executable/.test(line)) continue;
    if (!raw.startsWith('\t') && line.endsWith(':')) {
      binary = line.slice(0, -1);
      continue;
    }
    const missing = /^(\S+) => not found$/.exec(line);
    if (missing) {
      throw new FaultlineError('RUN_FAILED', `nemesis/docker image: ${binary} needs ${missing[1]}, which ldd cannot find on this machine`);
    }
    // "libc.so.6 => /lib/x86_64-linux-gnu/libc.so.6 (0x…)" or "/lib64/ld-linux-x86-64.so.2 (0x…)";
    // the vDSO ("linux-vdso.so.1 (0x…)") lives in the kernel and has no file.
    const found = /^(?:\S+ => )?(\/\S+) \(0x[0-9a-f]+\)$/.exec(line);
    if (found) libraries.add(found[1]);
  }
  return [...libraries];
}
