import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { execaSync } from 'execa';

// Exit handlers cannot await, and dockerode only speaks asynchronously; so an emergency stop
// hands the removal to a short-lived child process (remove-run-process.ts) and waits for it
// synchronously. Whatever it cannot finish, `faultline heal` finds by label later.

const here = fileURLToPath(import.meta.url);
const fromSources = here.endsWith('.ts');
const ENTRY = fileURLToPath(new URL(fromSources ? './remove-run-process.ts' : './remove-run-process.js', import.meta.url));
const TIMEOUT_MS = 30_000;

/** Removes the run's containers and network before returning; true when the child says it did. */
export function removeRunNow(runId: string): boolean {
  const loader = fromSources ? ['--import', pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href] : [];
  const result = execaSync(process.execPath, [...loader, ENTRY, runId], { reject: false, timeout: TIMEOUT_MS, stdin: 'ignore' });
  return !result.failed;
}
