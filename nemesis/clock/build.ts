import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';
import { FaultlineError } from '../../core/errors.js';

// The clock library is compiled on first use with the system C compiler, into a cache folder,
// under a name derived from its source, so a changed source is rebuilt and concurrent runs
// share one build. A build is written under a temporary name and renamed into place: a
// process that loads the library never sees half a file.

const SOURCE_NAME = 'faultline-clock.c';

/** Where the C source lives: nemesis/clock/ at the package root, from sources or from dist/. */
export function clockSourceFile(): string {
  return join(packageRoot(), 'nemesis', 'clock', SOURCE_NAME);
}

/** $FAULTLINE_CACHE_DIR, else node_modules/.cache/faultline at the package root. */
export function clockCacheDir(): string {
  return process.env.FAULTLINE_CACHE_DIR || join(packageRoot(), 'node_modules', '.cache', 'faultline');
}

const builds = new Map<string, Promise<string>>();

/**
 * Path of the compiled LD_PRELOAD library, building it if needed. The compiler is $CC, else gcc.
 * Throws FaultlineError UNSUPPORTED when there is no compiler, RUN_FAILED when it fails.
 */
export function buildClockLibrary(): Promise<string> {
  return compileCached({
    source: clockSourceFile(),
    name: (digest) => `libfaultline-clock-${digest}.so`,
    flags: ['-shared', '-fPIC'],
    what: 'the clock skew library',
  });
}

/** A C program or library built from one source file into the cache folder. */
export interface CachedBuild {
  source: string;
  /** The output's file name, from the first 16 hex digits of the source's digest. */
  name: (digest: string) => string;
  /** Flags besides -O2 -Wall -o. */
  flags: readonly string[];
  /** What it is, for error messages. */
  what: string;
}

/** Compiles `build.source` into the cache folder unless that build is there already; returns its path. */
export function compileCached(build: CachedBuild): Promise<string> {
  const compiler = process.env.CC || 'gcc';
  const key = `${compiler}\0${build.source}\0${build.flags.join(' ')}\0${clockCacheDir()}`;
  let result = builds.get(key);
  if (!result) {
    result = compile(compiler, build, clockCacheDir());
    builds.set(key, result);
    // A failed build is not remembered: installing gcc and retrying should work in the same process.
    result.catch(() => builds.delete(key));
  }
  return result;
}

async function compile(compiler: string, build: CachedBuild, cacheDir: string): Promise<string> {
  const source = build.source;
  let text: Buffer;
  try {
    text = readFileSync(source);
  } catch (err) {
    throw new FaultlineError('RUN_FAILED', `nemesis/clock: cannot read the source of ${build.what}, ${source}`, { cause: err });
  }
  const digest = createHash('sha256').update(text).update(process.arch).digest('hex').slice(0, 16);
  const output = join(cacheDir, build.name(digest));
  if (existsSync(output)) return output;

  mkdirSync(cacheDir, { recursive: true, mode: 0o755 });
  const partial = `${output}.${process.pid}.${Math.random().toString(16).slice(2)}.partial`;
  const result = await execa(compiler, ['-O2', '-Wall', ...build.flags, '-o', partial, source], { reject: false });
  if (result.failed) {
    rmSync(partial, { force: true });
    const code = (result.cause as NodeJS.ErrnoException | undefined)?.code;
    if (code === 'ENOENT') {
      throw new FaultlineError(
        'UNSUPPORTED',
        `nemesis/clock: no C compiler "${compiler}" on this machine to build ${build.what} (install gcc with scripts/install-system-deps, or set CC)`,
        { cause: result },
      );
    }
    throw new FaultlineError('RUN_FAILED', `nemesis/clock: ${compiler} could not build ${source}:\n${result.stderr}`, {
      cause: result,
    });
  }
  renameSync(partial, output);
  return output;
}

let root: string | undefined;

function packageRoot(): string {
  if (root) return root;
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest) && (JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string }).name === 'faultline') {
      root = dir;
      return dir;
    }
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`nemesis/clock: no faultline package.json above ${fileURLToPath(import.meta.url)}`);
    dir = parent;
  }
}
