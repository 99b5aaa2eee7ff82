import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeReport } from './build-report.js';
import {
  browserAvailability,
  hoverSomeOperation,
  makeRunFolder,
  nodeLog,
  openBrowser,
  openReport,
  paintedPixels,
  registerRun,
  screenshotDir,
  STARTED_AT,
  timelineView,
  type BrowserSession,
  type TempRunFolder,
} from './test-support/index.js';

// A valid run's report in Chromium: the verdict, the charts with their fault bands, a
// working timeline, and not one console error.

const browser = browserAvailability();

describe.skipIf(!browser.available)('a valid run’s report in the browser', () => {
  let session: BrowserSession;
  let folder: TempRunFolder;
  let report: string;

  beforeAll(async () => {
    const { history, results } = await registerRun();
    expect(results.valid).toBe(true);
    folder = await makeRunFolder(
      { history, results, logs: { n1: nodeLog('n1', STARTED_AT, 3), n2: nodeLog('n2', STARTED_AT, 3) }, harnessLog: `${STARTED_AT} run started\n` },
      'register-valid',
    );
    report = await writeReport(folder.dir);
    session = await openBrowser();
  });

  afterAll(async () => {
    await session?.close();
    await folder?.remove();
  });

  it('shows the verdict, the charts with fault bands and the timeline, without console errors', async () => {
    const { page, errors } = await openReport(session, report);
    await expect(page.locator('#verdict .big').textContent()).resolves.toBe('VALID');
    await expect(page.locator('#verdict tr[data-checker]').count()).resolves.toBe(2);
    await expect(page.locator('svg.chart').count()).resolves.toBe(2);
    // Two fault windows (a partition and a kill), shaded in the 3 latency panels and the throughput chart.
    await expect(page.locator('svg.chart rect[data-fault="partition"]').count()).resolves.toBe(4);
    await expect(page.locator('svg.chart rect[data-fault="kill"]').count()).resolves.toBe(4);
    await expect(page.locator('svg.chart .fault-label text').first().textContent()).resolves.toContain('partition halves');
    const painted = await paintedPixels(page);
    expect(painted.width).toBeGreaterThan(500);
    expect(painted.coloured).toBeGreaterThan(5000);
    await mkdir(screenshotDir(), { recursive: true });
    await page.screenshot({ path: join(screenshotDir(), 'valid-report.png'), fullPage: true });
    expect(errors.join('\n')).toBe('');
  });

  it('shows an operation’s details on hover and zooms with the buttons', async () => {
    const { page, errors } = await openReport(session, report);
    const tip = await hoverSomeOperation(page);
    expect(tip).toMatch(/^#\d+ → #\d+ {3}process \d+\n(read|write|cas) /);
    const before = await timelineView(page);
    await page.locator('.tl-in').click();
    await page.locator('.tl-in').click();
    const after = await timelineView(page);
    expect(after[1] - after[0]).toBeCloseTo((before[1] - before[0]) / 4, -2);
    await expect(page.locator('.tl-range').textContent()).resolves.toMatch(/ of \d/);
    expect(errors.join('\n')).toBe('');
  });
});
