import { existsSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { execa } from 'execa';
import { FaultlineError } from '../../../core/errors.js';

// PostgreSQL makes every process it forks the leader of a new session (setsid), so its
// backends leave the node's process group: SIGSTOP of the group would freeze only the
// postmaster while backends went on serving, and SIGKILL would leave them running. This tiny
// LD_PRELOAD library answers setsid as if it had worked, keeping every server process in the
// group that pause and kill faults signal. The postmaster still signals its children one by
// one, so nothing it does depends on them leading groups.

export const KEEP_GROUP_SOURCE = `#include <sys/types.h>
#include <unistd.h>

pid_t setsid(void) {
  return getpid();
}
`;

/** The library's file name, in a node's folder (next to its data folder). */
export const KEEP_GROUP_LIBRARY = 'faultline-keep-group.so';

/** Path of the compiled library in `dir`, building it there (with $CC, else gcc) if it is missing. */
export async function buildKeepGroupLibrary(dir: string): Promise<string> {
  const library = join(dir, KEEP_GROUP_LIBRARY);
  if (existsSync(library)) return library;
  const source = join(dir, 'faultline-keep-group.c');
  const partial = `${library}.${process.pid}.partial`;
  writeFileSync(source, KEEP_GROUP_SOURCE);
  const compiler = process.env.CC || 'gcc';
  const result = await execa(compiler, ['-O2', '-Wall', '-shared', '-fPIC', '-o', partial, source], { reject: false });
  rmSync(source, { force: true });
  if (result.failed) {
    rmSync(partial, { force: true });
    const missing = (result.cause as NodeJS.ErrnoException | undefined)?.code === 'ENOENT';
    throw new FaultlineError(
      missing ? 'UNSUPPORTED' : 'RUN_FAILED',
      missing
        ? `postgres launcher: no C compiler "${compiler}" to build the library that keeps PostgreSQL's processes in one group for pause and kill faults (install gcc, or set CC)`
        : `postgres launcher: ${compiler} could not build ${KEEP_GROUP_LIBRARY}:\n${result.stderr}`,
      { cause: result },
    );
  }
  renameSync(partial, library);
  return library;
}

/** LD_PRELOAD with our library added to whatever is preloaded already (e.g. the clock skew library). */
export function withPreload(existing: string | undefined, library: string): string {
  return existing ? `${existing} ${library}` : library;
}
