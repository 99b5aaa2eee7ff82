import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeReport } from './build-report.js';
import {
  browserAvailability,
  makeRunFolder,
  openBrowser,
  openReport,
  readSkewRun,
  screenshotDir,
  type BrowserSession,
  type TempRunFolder,
} from './test-support/index.js';

// An invalid transactional run (read skew, from a hand-made history and the real txn
// checker): the anomaly's name and meaning, the explanation in words, the cycle drawn.

const browser = browserAvailability();

describe.skipIf(!browser.available)('a transactional anomaly in the browser', () => {
  let session: BrowserSession;
  let folder: TempRunFolder;
  let report: string;

  beforeAll(async () => {
    const { history, results } = readSkewRun();
    expect(results.valid).toBe(false);
    folder = await makeRunFolder(
      { history, results, test: { config: { name: 'read-skew', target: 'memory', workload: 'list-append', seed: 3 } } },
      'read-skew',
    );
    report = await writeReport(folder.dir);
    session = await openBrowser();
  });

  afterAll(async () => {
    await session?.close();
    await folder?.remove();
  });

  it('names the anomaly, explains each edge in words and draws the cycle', async () => {
    const { page, errors } = await openReport(session, report);
    const anomaly = page.locator('.txn-anomaly[data-anomaly="G-single"]');
    await expect(anomaly.locator('h3').textContent()).resolves.toContain('G-single');
    await expect(anomaly.locator('.meaning').textContent()).resolves.toContain('read skew');
    const because = await anomaly.locator('ol.because li').allTextContents();
    expect(because).toHaveLength(2);
    expect(because[0]).toMatch(/^T\d+ < T\d+ because T\d+ observed T\d+'s append of 1 to key y$/);
    expect(because[1]).toMatch(/^T\d+ < T\d+ because T\d+ read key x as \[0\], which does not include T\d+'s append of 1$/);
    const cycle = anomaly.locator('svg.cycle');
    await expect(cycle.isVisible()).resolves.toBe(true);
    await expect(cycle.locator('g.txn').count()).resolves.toBe(2);
    await expect(cycle.locator('g.edge text').allTextContents()).resolves.toEqual(['wr y', 'rw x']);
    await expect(cycle.locator('g.edge-rw path').getAttribute('stroke-dasharray')).resolves.toBeTruthy();
    await expect(page.locator('#verdict').textContent()).resolves.toContain('not consistent-view');
    await mkdir(screenshotDir(), { recursive: true });
    await anomaly.screenshot({ path: join(screenshotDir(), 'txn-cycle.png') });
    expect(errors.join('\n')).toBe('');
  });
});
