import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LinearizableDetails } from '../checkers/linearizable/index.js';
import { writeReport } from './build-report.js';
import {
  browserAvailability,
  makeRunFolder,
  nodeLog,
  openBrowser,
  openReport,
  registerRun,
  screenshotDir,
  STARTED_AT,
  timelineView,
  type BrowserSession,
  type TempRunFolder,
} from './test-support/index.js';

// An invalid linearizability run: the failure section explains and draws the failed
// linearization, and its button brings the same operations up on the timeline.

const browser = browserAvailability();

describe.skipIf(!browser.available)('a linearizability failure in the browser', () => {
  let session: BrowserSession;
  let folder: TempRunFolder;
  let report: string;
  let details: LinearizableDetails;

  beforeAll(async () => {
    const { history, results } = await registerRun({ stale: true });
    expect(results.valid).toBe(false);
    details = results.checkers.linearizable as unknown as LinearizableDetails;
    folder = await makeRunFolder({ history, results, logs: { n1: nodeLog('n1', STARTED_AT, 3) } }, 'register-stale');
    report = await writeReport(folder.dir);
    session = await openBrowser();
  });

  afterAll(async () => {
    await session?.close();
    await folder?.remove();
  });

  it('explains the first failure in words and draws its prefix and the operation that cannot be placed', async () => {
    const { page, errors } = await openReport(session, report);
    await expect(page.locator('#verdict .big').textContent()).resolves.toBe('INVALID');
    const failure = page.locator('.lin-failure').first();
    await expect(failure.isVisible()).resolves.toBe(true);
    const first = details.failures[0];
    const text = (await failure.locator('.explain').textContent()) ?? '';
    expect(text).toContain(`places ${first.linearized.length} operations`);
    expect(text).toContain(first.deadline.description);
    expect(text).toContain(first.blocked[0].reason);
    await expect(failure.locator('svg.linearization .lin-deadline').count()).resolves.toBe(1);
    await expect(failure.locator('svg.linearization .lin-prefix').count()).resolves.toBe(Math.min(12, first.linearized.length));
    await expect(failure.locator('table.data').first().textContent()).resolves.toContain(first.linearized[first.linearized.length - 1].stateAfter);
    await mkdir(screenshotDir(), { recursive: true });
    await failure.screenshot({ path: join(screenshotDir(), 'linearizability-failure.png') });
    await page.screenshot({ path: join(screenshotDir(), 'invalid-report.png'), fullPage: true });
    expect(errors.join('\n')).toBe('');
  });

  it('highlights the failure’s operations on the timeline', async () => {
    const { page, errors } = await openReport(session, report);
    const whole = await timelineView(page);
    await page.locator('.lin-failure button.show').first().click();
    await expect(page.locator('.tl-highlight').isVisible()).resolves.toBe(true);
    const note = (await page.locator('.tl-highlight span').textContent()) ?? '';
    expect(note).toMatch(/\((\d+) operations\)/);
    expect(Number(/\((\d+) operations\)/.exec(note)?.[1])).toBe(details.failures[0].indices.length / 2);
    const zoomed = await timelineView(page);
    expect(zoomed[1] - zoomed[0]).toBeLessThan(whole[1] - whole[0]);
    await page.locator('.tl-clear').click();
    await expect(page.locator('.tl-highlight').isVisible()).resolves.toBe(false);
    expect(errors.join('\n')).toBe('');
  });

  it('lines node logs up with the failure', async () => {
    const { page } = await openReport(session, report);
    const moment = page.locator('#logs .moment').first();
    await expect(moment.locator('h3').textContent()).resolves.toContain('cannot linearize');
    await expect(moment.locator('pre.log').first().textContent()).resolves.toContain('n1 tick');
    await expect(page.locator('#logs .note').textContent()).resolves.toContain('Approximate alignment');
  });
});
