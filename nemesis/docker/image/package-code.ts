import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

// What of faultline itself a node image carries, so that a node program of ours (raft-kv's
// server, the PostgreSQL launcher, a lock client) runs inside a container that shares no files
// with this machine: the package's own folders and the packages its runtime dependencies resolve
// to, found the way Node finds them (node_modules here, then in each folder above). From sources
// the programs run under tsx's loader, so tsx and what it needs come too. Dev-only packages
// (the test runner, the compiler, the browser driver) stay out.

/** The package folders whose contents every node image holds. */
const PACKAGE_FOLDERS = ['bin', 'dist', 'core', 'generators', 'harness', 'checkers', 'nemesis', 'targets', 'reports'];

interface Manifest {
  dependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
}

/** Host paths (files and whole folders) that make faultline runnable at the same paths. */
export function packageCodePaths(packageRoot: string, fromSources: boolean): string[] {
  const paths = [join(packageRoot, 'package.json'), ...PACKAGE_FOLDERS.map((f) => join(packageRoot, f)).filter((p) => existsSync(p))];
  const roots = Object.keys(readManifest(packageRoot)?.dependencies ?? {});
  if (fromSources) roots.push('tsx');
  return [...paths, ...dependencyClosure(packageRoot, roots)];
}

/** The folders of `names` and of everything they depend on, resolved as Node resolves them. */
export function dependencyClosure(fromDir: string, names: readonly string[]): string[] {
  const found = new Set<string>();
  const pending: [string, string][] = names.map((name) => [fromDir, name]);
  for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
    const [from, name] = next;
    const dir = resolvePackageDir(from, name);
    if (dir === undefined || found.has(dir)) continue;
    found.add(dir);
    const manifest = readManifest(dir);
    const deps = { ...manifest?.peerDependencies, ...manifest?.optionalDependencies, ...manifest?.dependencies };
    for (const dep of Object.keys(deps)) pending.push([dir, dep]);
  }
  // A package inside another one's folder comes with it.
  const dirs = [...found].sort();
  return dirs.filter((dir) => !dirs.some((other) => other !== dir && dir.startsWith(`${other}/`)));
}

/** `<dir>/node_modules/<name>` for the nearest `dir` at or above `from` that has it. */
function resolvePackageDir(from: string, name: string): string | undefined {
  for (let dir = from; ; dir = dirname(dir)) {
    const candidate = join(dir, 'node_modules', name);
    if (existsSync(join(candidate, 'package.json'))) return candidate;
    if (dirname(dir) === dir) return undefined;
  }
}

function readManifest(dir: string): Manifest | undefined {
  try {
    return JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as Manifest;
  } catch {
    return undefined;
  }
}
