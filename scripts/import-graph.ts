import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, normalize, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

// The house must read bottom to top (DESIGN.md): each top-level folder imports only the folders
// below it, and no file imports itself through others. This script draws the import graph of
// every shipped file (tests and test support aside: they may reach anywhere) with TypeScript's
// own pre-parser (type-only imports count: a type circle is a design circle too) and lists
// what breaks either rule. `node --import tsx scripts/import-graph.ts` prints them and exits 1
// when there are any; scripts/import-graph.test.ts runs it in CI.

/** Bottom to top: a folder may import itself and the folders listed before it. */
export const LAYERS = ['core', 'checkers', 'generators', 'nemesis', 'targets', 'reports', 'harness'] as const;

export interface ImportGraph {
  /** Repository-relative paths of shipped files, each with the files it imports. */
  edges: Map<string, string[]>;
}

export interface Violations {
  /** "a.ts → b.ts": a file in a lower layer importing a higher one (or an unknown folder). */
  upward: string[];
  /** Each circle as its files in order, the first repeated at the end. */
  circles: string[][];
}

const ROOT = fileURLToPath(new URL('..', import.meta.url));

function shipped(file: string): boolean {
  return file.endsWith('.ts') && !file.endsWith('.test.ts') && !file.endsWith('.d.ts') && !file.split(sep).includes('test-support');
}

function walk(dir: string, out: string[]): void {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) walk(path, out);
    else if (shipped(path)) out.push(path);
  }
}

export function importGraph(root = ROOT, layers: readonly string[] = LAYERS): ImportGraph {
  const files: string[] = [];
  for (const layer of layers) {
    try {
      walk(join(root, layer), files);
    } catch {
      // A layer that does not exist (yet) holds nothing.
    }
  }
  const edges = new Map<string, string[]>();
  for (const file of files) {
    const info = ts.preProcessFile(readFileSync(file, 'utf8'), true, true);
    const targets = info.importedFiles
      .map((i) => i.fileName)
      .filter((name) => name.startsWith('.'))
      .map((name) => relative(root, normalize(join(dirname(file), name))).replace(/\.js$/, '.ts'));
    edges.set(relative(root, file), [...new Set(targets)]);
  }
  return { edges };
}

export function violations(graph: ImportGraph, layers: readonly string[] = LAYERS): Violations {
  const rank = (file: string) => layers.indexOf(file.split(sep)[0]);
  const upward: string[] = [];
  for (const [from, targets] of graph.edges) {
    for (const to of targets) if (rank(to) < 0 || rank(to) > rank(from)) upward.push(`${from} → ${to}`);
  }
  return { upward, circles: circles(graph) };
}

/** Tarjan's strongly connected components; every component of two or more files (or a self-import) is a circle, shown along one cycle. */
function circles(graph: ImportGraph): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  let next = 0;
  const visit = (file: string): void => {
    index.set(file, next);
    low.set(file, next++);
    stack.push(file);
    onStack.add(file);
    for (const to of graph.edges.get(file) ?? []) {
      if (!graph.edges.has(to)) continue;
      if (!index.has(to)) {
        visit(to);
        low.set(file, Math.min(low.get(file)!, low.get(to)!));
      } else if (onStack.has(to)) low.set(file, Math.min(low.get(file)!, index.get(to)!));
    }
    if (low.get(file) !== index.get(file)) return;
    const component: string[] = [];
    let member: string;
    do {
      member = stack.pop()!;
      onStack.delete(member);
      component.push(member);
    } while (member !== file);
    if (component.length > 1 || (graph.edges.get(file) ?? []).includes(file)) found.push(cycleThrough(component, graph));
  };
  for (const file of graph.edges.keys()) if (!index.has(file)) visit(file);
  return found;
}

/** One cycle inside a strongly connected component, by breadth-first search back to its first file. */
function cycleThrough(component: string[], graph: ImportGraph): string[] {
  const members = new Set(component);
  const start = component.sort()[0];
  const previous = new Map<string, string>();
  const queue = [start];
  while (queue.length > 0) {
    const file = queue.shift()!;
    for (const to of graph.edges.get(file) ?? []) {
      if (!members.has(to)) continue;
      if (to === start) {
        const path = [file];
        while (path[0] !== start) path.unshift(previous.get(path[0])!);
        return [...path, start];
      }
      if (!previous.has(to)) {
        previous.set(to, file);
        queue.push(to);
      }
    }
  }
  return [start, start];
}

if (process.argv[1] && fileURLToPath(import.meta.url) === normalize(process.argv[1])) {
  const found = violations(importGraph());
  for (const edge of found.upward) console.log(`upward import: ${edge}`);
  for (const circle of found.circles) console.log(`import circle: ${circle.join(' → ')}`);
  console.log(`${found.upward.length} upward imports, ${found.circles.length} circles`);
  process.exitCode = found.upward.length + found.circles.length > 0 ? 1 : 0;
}
