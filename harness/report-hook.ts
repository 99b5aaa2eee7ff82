import { join } from 'node:path';
import { errorMessage, storageReason } from '../core/errors.js';

/**
 * Writes report.html for a finished run. The report must never cost a run its verdict, so
 * a failure is logged, said on the terminal through `warn`, and swallowed.
 */
export async function writeRunReport(runDir: string, log: (message: string) => void, warn?: (message: string) => void): Promise<void> {
  try {
    const reports = (await import('../reports/index.js')) as { writeReport?: (runDir: string) => Promise<string> };
    if (!reports.writeReport) return;
    const path = await reports.writeReport(runDir);
    log(`report written to ${path}`);
  } catch (err) {
    log(`report failed: ${errorMessage(err)}`);
    warn?.(`could not write ${join(runDir, 'report.html')}: ${storageReason(err)}; the verdict is in results.json`);
  }
}
