import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, normalize, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { execaSync } from 'execa';
import ts from 'typescript';

// The renovation of issue 17 moves files between folders; every relative import that names a
// moved file must follow it. This script does both: `git mv` each file of the move map (and
// its test beside it) and rewrites the import specifiers of every TypeScript file in the
// repository that resolve to a moved file. It is idempotent, so a branch made before the move
// can run it again after merging: files already moved are skipped and specifiers that still
// name an old path are rewritten. `node --import tsx scripts/relocate.ts` applies RELOCATIONS.

/** Old repository path → new repository path, for files moved by the renovation. */
export const RELOCATIONS: ReadonlyArray<readonly [string, string]> = [
  // core/: the contracts, importing nothing of ours outside core/.
  ['harness/history.ts', 'core/history.ts'],
  ['harness/history-reader.ts', 'core/history-reader.ts'],
  ['harness/history-writer.ts', 'core/history-writer.ts'],
  ['harness/history-file.ts', 'core/history-file.ts'],
  ['harness/edn.ts', 'core/edn.ts'],
  ['harness/edn-reader.ts', 'core/edn-reader.ts'],
  ['harness/errors.ts', 'core/errors.ts'],
  ['harness/rng.ts', 'core/rng.ts'],
  ['harness/run-store.ts', 'core/run-store.ts'],
  ['harness/user-code.ts', 'core/user-code.ts'],
  ['harness/package-root.ts', 'core/package-root.ts'],
  ['harness/generator/types.ts', 'core/generator.ts'],
  ['targets/target.ts', 'core/target.ts'],
  ['nemesis/runtime.ts', 'core/runtime.ts'],
  // A fault kind and a target name each other: one file.
  ['nemesis/faults/fault-kind.ts', 'core/target.ts'],
  ['core/fault-kind.ts', 'core/target.ts'],
  ['checkers/verdict.ts', 'core/verdict.ts'],
  ['checkers/options.ts', 'core/checker-options.ts'],
  ['checkers/shape.ts', 'core/history-shape.ts'],
  ['checkers/linearizable/model.ts', 'core/model.ts'],
  // generators/: the combinators and workloads, pure and seeded.
  ...['basic', 'combine', 'context', 'index', 'keys', 'routing', 'simulate', 'source', 'timing', 'workers'].map(
    (name) => [`harness/generator/${name}.ts`, `generators/${name}.ts`] as const,
  ),
  ['harness/generator/determinism.test.ts', 'generators/determinism.test.ts'],
  ['harness/generator/generator.test.ts', 'generators/generator.test.ts'],
  ['harness/workloads/workloads-catch-bugs.test.ts', 'generators/workloads/workloads-catch-bugs.test.ts'],
  ...['append', 'bank', 'counter', 'increments', 'index', 'lock', 'register', 'set', 'txn-list-append', 'txn-rw-register', 'txn'].map(
    (name) => [`harness/workloads/${name}.ts`, `generators/workloads/${name}.ts`] as const,
  ),
];

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const SKIP = new Set(['node_modules', 'dist', '.git', 'runs', 'coverage']);

function sourceFiles(dir: string, out: string[] = []): string[] {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (SKIP.has(entry.name) || entry.name.startsWith('.vitest')) continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) sourceFiles(path, out);
    else if (/\.(ts|mts|js|mjs)$/.test(entry.name) && !entry.name.endsWith('.d.ts')) out.push(path);
  }
  return out;
}

function git(...args: string[]): void {
  execaSync('git', args, { cwd: ROOT, stdio: 'inherit' });
}

/** Moves each file (and `name.test.ts` beside it) that is still at its old place. */
function moveFiles(moves: Map<string, string>): number {
  let moved = 0;
  for (const [from, to] of moves) {
    const pairs: Array<[string, string]> = [
      [from, to],
      [from.replace(/\.ts$/, '.test.ts'), to.replace(/\.ts$/, '.test.ts')],
    ];
    for (const [a, b] of pairs) {
      if (!existsSync(join(ROOT, a)) || existsSync(join(ROOT, b))) continue;
      mkdirSync(dirname(join(ROOT, b)), { recursive: true });
      git('mv', a, b);
      moved++;
    }
  }
  return moved;
}

function specifierFor(fromFile: string, toFile: string, original: string): string {
  let spec = relative(dirname(fromFile), toFile).split(sep).join('/');
  if (!spec.startsWith('.')) spec = `./${spec}`;
  const ext = original.match(/\.(js|ts)$/)?.[0] ?? '';
  return spec.replace(/\.ts$/, ext);
}

/**
 * Rewrites one file's relative specifiers. `wasAt` is where the file lived before the move (its
 * specifiers were written from there); every specifier is resolved from that old place and
 * pointed at the target's new place.
 */
function rewrite(file: string, wasAt: string, moves: Map<string, string>): boolean {
  const text = readFileSync(join(ROOT, file), 'utf8');
  const info = ts.preProcessFile(text, true, true);
  // Specifiers TypeScript's pre-parser does not see: mocks, and files located by URL from this module.
  const extra = [...text.matchAll(/vi\.(?:mock|doMock|importActual)\(\s*['"]([^'"]+)['"]|new URL\(\s*['"](\.[^'"$]+\.ts)['"],\s*import\.meta\.url/g)].map(
    (m) => ({
      fileName: m[1] ?? m[2],
      pos: (m.index ?? 0) + m[0].indexOf(m[1] ?? m[2]),
      end: (m.index ?? 0) + m[0].indexOf(m[1] ?? m[2]) + (m[1] ?? m[2]).length,
    }),
  );
  const edits: Array<{ pos: number; end: number; spec: string }> = [];
  const seen = new Set<number>();
  for (const ref of [...info.importedFiles, ...extra]) {
    if (!ref.fileName.startsWith('.')) continue;
    // TypeScript's pre-parser may count the opening quote in `pos`; find the text itself.
    const pos = [ref.pos, ref.pos + 1].find((p) => text.slice(p, p + ref.fileName.length) === ref.fileName);
    if (pos === undefined || seen.has(pos)) continue;
    seen.add(pos);
    const resolvedOld = normalize(join(dirname(wasAt), ref.fileName)).replace(/\.js$/, '.ts');
    const target = moves.get(resolvedOld) ?? resolvedOld;
    const next = specifierFor(file, target, ref.fileName);
    const same = normalize(join(dirname(file), ref.fileName)).replace(/\.js$/, '.ts') === target;
    if (!same) edits.push({ pos, end: pos + ref.fileName.length, spec: next });
  }
  if (edits.length === 0) return false;
  let out = text;
  for (const e of edits.sort((a, b) => b.pos - a.pos)) out = out.slice(0, e.pos) + e.spec + out.slice(e.end);
  writeFileSync(join(ROOT, file), out);
  return true;
}

export function relocate(relocations: ReadonlyArray<readonly [string, string]> = RELOCATIONS): { moved: number; rewritten: number } {
  const moves = new Map<string, string>();
  for (const [from, to] of relocations) {
    moves.set(from, to);
    moves.set(from.replace(/\.ts$/, '.test.ts'), to.replace(/\.ts$/, '.test.ts'));
  }
  const moved = moveFiles(new Map(relocations));
  const backwards = new Map([...moves].map(([from, to]) => [to, from]));
  let rewritten = 0;
  for (const path of sourceFiles(ROOT)) {
    const file = relative(ROOT, path);
    // A moved file's specifiers were written from its old place, unless it was already rewritten
    // (a second run): then they resolve from where it is.
    const old = backwards.get(file);
    const wasAt = old !== undefined && staleFrom(file, old, moves) ? old : file;
    if (rewrite(file, wasAt, moves)) rewritten++;
  }
  return { moved, rewritten };
}

/** Whether a moved file still carries specifiers written from its old place. */
function staleFrom(file: string, old: string, moves: Map<string, string>): boolean {
  const info = ts.preProcessFile(readFileSync(join(ROOT, file), 'utf8'), true, true);
  let fromOld = 0;
  let fromNew = 0;
  for (const ref of info.importedFiles) {
    if (!ref.fileName.startsWith('.')) continue;
    const resolve = (base: string) => {
      const p = normalize(join(dirname(base), ref.fileName)).replace(/\.js$/, '.ts');
      return existsSync(join(ROOT, p)) || moves.has(p);
    };
    if (resolve(old)) fromOld++;
    if (resolve(file)) fromNew++;
  }
  return fromOld > fromNew;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === normalize(process.argv[1])) {
  const { moved, rewritten } = relocate();
  console.log(`relocate: ${moved} files moved, ${rewritten} files with imports rewritten`);
}
