import { errorMessage } from './errors.js';

/**
 * Writes report.html for a finished run. The report must never cost a run its verdict, so
 * any failure is logged and swallowed.
 */
export async function writeRunReport(runDir: string, log: (message: string) => void): Promise<void> {
  try {
    const reports = (await import('../reports/index.js')) as { writeReport?: (runDir: string) => Promise<string> };
    if (!reports.writeReport) return;
    const path = await reports.writeReport(runDir);
    log(`report written to ${path}`);
  } catch (err) {
    log(`report failed: ${errorMessage(err)}`);
  }
}
