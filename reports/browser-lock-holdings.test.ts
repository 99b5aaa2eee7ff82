import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LockDetails } from '../checkers/lock/index.js';
import { writeReport } from './build-report.js';
import {
  browserAvailability,
  doubleGrantLockRun,
  makeRunFolder,
  openBrowser,
  openReport,
  screenshotDir,
  type BrowserSession,
  type TempRunFolder,
} from './test-support/index.js';

// A lock that granted twice: the overlapping holders are listed, and every holding is drawn
// on the timeline, the overlapping ones in crimson.

const browser = browserAvailability();

describe.skipIf(!browser.available)('lock holdings in the browser', () => {
  let session: BrowserSession;
  let folder: TempRunFolder;
  let report: string;
  let details: LockDetails;

  beforeAll(async () => {
    const { history, results } = doubleGrantLockRun();
    details = results.checkers.lock as unknown as LockDetails;
    expect(details.violationCount).toBeGreaterThan(0);
    folder = await makeRunFolder({ history, results, test: { config: { name: 'lock', workload: 'lock', seed: 11, concurrency: 4 } } }, 'lock');
    report = await writeReport(folder.dir);
    session = await openBrowser();
  });

  afterAll(async () => {
    await session?.close();
    await folder?.remove();
  });

  it('lists the overlapping holders and draws every holding, overlaps in crimson', async () => {
    const { page, errors } = await openReport(session, report);
    await expect(page.locator('#checker-lock [data-finding="overlaps"] tbody tr').count()).resolves.toBe(details.violations.length);
    const data = JSON.parse((await page.locator('#timeline-data').textContent()) ?? '{}') as { locks: number[][] };
    expect(data.locks).toHaveLength(details.intervals.length);
    expect(data.locks.filter((l) => l[4] === 1).length).toBeGreaterThan(0);
    const crimson = await page.evaluate(`(() => {
      const canvas = document.querySelector('.tl-lanes');
      const px = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
      let n = 0;
      for (let i = 0; i < px.length; i += 4) if (px[i] === 0xb0 && px[i + 1] === 0x00 && px[i + 2] === 0x2a) n++;
      return n;
    })()`);
    expect(crimson).toBeGreaterThan(20);
    await page.locator('#checker-lock button.show').first().click();
    await expect(page.locator('.tl-highlight span').textContent()).resolves.toContain('overlap 1');
    await mkdir(screenshotDir(), { recursive: true });
    await page.locator('#timeline').screenshot({ path: join(screenshotDir(), 'lock-timeline.png') });
    expect(errors.join('\n')).toBe('');
  });
});
