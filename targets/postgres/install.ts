import { accessSync, constants, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { FaultlineError } from '../../core/errors.js';

// Where PostgreSQL's programs are. Debian and Ubuntu install each major version under
// /usr/lib/postgresql/<version>/bin and put only wrappers on PATH; the newest one is used
// unless the user names a folder.

const DEBIAN_ROOT = '/usr/lib/postgresql';

function hasServer(dir: string): boolean {
  try {
    accessSync(join(dir, 'postgres'), constants.X_OK);
    accessSync(join(dir, 'initdb'), constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** The bin folder of the newest PostgreSQL found, or undefined when none is installed. */
export function findPostgresBinDir(): string | undefined {
  let versions: string[];
  try {
    versions = readdirSync(DEBIAN_ROOT);
  } catch {
    return undefined;
  }
  const candidates = versions
    .filter((v) => /^\d+(\.\d+)?$/.test(v))
    .sort((a, b) => Number(b) - Number(a))
    .map((v) => join(DEBIAN_ROOT, v, 'bin'));
  return candidates.find(hasServer);
}

/** The folder holding `postgres` and `initdb`: the one given, else the newest installed. */
export function resolveBinDir(explicit: string | undefined): string {
  if (explicit !== undefined) {
    if (!hasServer(explicit)) throw new FaultlineError('BAD_CONFIG', `pgBinDir: ${JSON.stringify(explicit)} holds no executable postgres and initdb`);
    return explicit;
  }
  const found = findPostgresBinDir();
  if (!found) {
    throw new FaultlineError(
      'UNSUPPORTED',
      `PostgreSQL is not installed (no ${DEBIAN_ROOT}/<version>/bin/postgres): install it with scripts/install-system-deps, ` +
        'name its bin folder with --pg-bin-dir, or audit an existing database with --pg-url',
    );
  }
  return found;
}
