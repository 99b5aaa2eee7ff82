import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeReport } from './build-report.js';
import { startServer, type RunningServer } from './serve/index.js';
import { addRunFolder, browserAvailability, openBrowser, readSkewRun, registerRun, waitForTimelinePaint, type BrowserSession } from './test-support/index.js';

// faultline serve in a browser: the runs listed newest first with their verdicts, a report
// opened from the list, and paths out of the runs folder refused.

const browser = browserAvailability();

describe.skipIf(!browser.available)('the runs browser', () => {
  let runs: string;
  let server: RunningServer;
  let session: BrowserSession;

  beforeAll(async () => {
    runs = await mkdtemp(join(tmpdir(), 'faultline-serve-'));
    const valid = await registerRun({ operations: 200 });
    await writeReport(await addRunFolder(join(runs, 'register', '20260101T000000'), valid));
    await writeReport(await addRunFolder(join(runs, 'read-skew', '20260102T000000'), readSkewRun()));
    server = await startServer({ runsDir: runs, port: 0 });
    session = await openBrowser();
  });

  afterAll(async () => {
    await session?.close();
    await server?.close();
    await rm(runs, { recursive: true, force: true });
  });

  it('lists the runs newest first and opens a report', async () => {
    const { page, errors } = await session.page();
    await page.goto(server.url);
    const rows = page.locator('tbody tr');
    await expect(rows.count()).resolves.toBe(2);
    await expect(rows.nth(0).locator('td').first().textContent()).resolves.toBe('read-skew');
    await expect(rows.nth(0).locator('.pill').textContent()).resolves.toBe('invalid');
    await expect(rows.nth(1).locator('.pill').textContent()).resolves.toBe('valid');
    await rows.nth(1).getByText('report').click();
    await waitForTimelinePaint(page);
    await expect(page.locator('#verdict .big').textContent()).resolves.toBe('VALID');
    expect(errors.join('\n')).toBe('');
  });

  it('refuses paths that leave the runs folder', async () => {
    // The browser's own request API: the listing page's CSP rightly forbids fetch from the page.
    const statuses: number[] = [];
    for (const path of ['..%2f..%2fetc%2fpasswd', 'register/..%2f..%2f..%2fetc/passwd', '..%5c..%5cetc/passwd']) {
      const res = await session.context.request.get(`${server.url}${path}`);
      statuses.push(res.status());
      expect(await res.text()).not.toContain('root:');
    }
    expect(statuses).toEqual([403, 403, 403]);
  });
});
