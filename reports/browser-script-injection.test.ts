import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeReport } from './build-report.js';
import {
  browserAvailability,
  EVIL,
  hostileRun,
  hoverSomeOperation,
  makeRunFolder,
  openBrowser,
  openReport,
  type BrowserSession,
  type TempRunFolder,
} from './test-support/index.js';

// A target that answers with <script>alert(1)</script> everywhere it can: the report shows
// the text and runs nothing, while loading, hovering and clicking.

const browser = browserAvailability();

describe.skipIf(!browser.available)('script in target output', () => {
  let session: BrowserSession;
  let folder: TempRunFolder;
  let report: string;

  beforeAll(async () => {
    folder = await makeRunFolder(hostileRun(), 'hostile');
    report = await writeReport(folder.dir);
    session = await openBrowser();
  });

  afterAll(async () => {
    await session?.close();
    await folder?.remove();
  });

  it('appears as text and never runs', async () => {
    const { page, dialogs, errors } = await openReport(session, report);
    await expect(page.getByText(EVIL, { exact: false }).first().isVisible()).resolves.toBe(true);
    await expect(page.locator('#logs pre.log').first().textContent()).resolves.toContain(EVIL);
    const tip = await hoverSomeOperation(page);
    expect(tip).toContain(EVIL);
    for (const button of await page.locator('button.show').all()) await button.click();
    await page.waitForTimeout(200);
    expect(dialogs).toEqual([]);
    await expect(page.evaluate('document.querySelectorAll("script").length')).resolves.toBe(2);
    expect(errors.join('\n')).toBe('');
  });
});
