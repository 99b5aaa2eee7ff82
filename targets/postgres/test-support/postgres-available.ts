import { execa } from 'execa';
import { findPostgresBinDir } from '../install.js';

// Tests that start a real PostgreSQL need it installed, root (to run it as the postgres user)
// and a C compiler (for the keep-group library). Locally they are skipped with the reason
// printed; on CI (CI=true) a missing piece fails the suite instead.

async function missingPiece(): Promise<string | undefined> {
  if (process.platform !== 'linux') return 'they need Linux';
  if (process.getuid?.() !== 0) return 'they need root, to run PostgreSQL as the postgres user';
  if (!findPostgresBinDir()) return 'PostgreSQL is not installed (scripts/install-system-deps installs it)';
  if ((await execa('getent', ['passwd', 'postgres'], { reject: false })).failed) return 'there is no postgres user';
  if ((await execa(process.env.CC || 'gcc', ['--version'], { reject: false })).failed) return 'there is no C compiler (gcc)';
  return undefined;
}

const missing = await missingPiece();
if (missing && process.env.CI === 'true') throw new Error(`the PostgreSQL tests must run on CI, but ${missing}`);
if (missing) console.warn(`skipping the PostgreSQL tests: ${missing}`);

/** True when the tests that start PostgreSQL can run here. */
export const postgresAvailable = missing === undefined;
