import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { execa } from 'execa';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { builtCliCommand } from '../harness/test-support/cli-process.js';
import {
  browserAvailability,
  makeRunFolder,
  openBrowser,
  openReport,
  registerRun,
  timelineView,
  type BrowserSession,
  type TempRunFolder,
} from './test-support/index.js';

// The timeline of a report written by the built CLI (dist/, reading the browser files the
// build copied there): its one inline script parses, is the one the page's policy allows, leaks
// nothing into the page's globals, and every control moves the view as it says.

const browser = browserAvailability();

/** The visible span, µs. */
const span = (view: [number, number]) => view[1] - view[0];

async function plotWidth(page: Page): Promise<number> {
  // As the script measures it: the timeline's width less the 56 px label gutter and 8 px of margin.
  return ((await page.evaluate(`document.getElementById('timeline').clientWidth`)) as number) - 64;
}

describe.skipIf(!browser.available)('the timeline of a report the built CLI wrote', () => {
  let session: BrowserSession;
  let folder: TempRunFolder;
  let report: string;

  beforeAll(async () => {
    const { history, results } = await registerRun();
    folder = await makeRunFolder({ history, results }, 'timeline-controls');
    const [node, argv] = builtCliCommand(['report', folder.dir]);
    const written = await execa(node, argv, { reject: false, timeout: 60_000 });
    expect(written.stderr).toBe('');
    expect(written.exitCode).toBe(0);
    report = written.stdout.trim();
    expect(report).toBe(join(folder.dir, 'report.html'));
    session = await openBrowser();
  });

  afterAll(async () => {
    await session?.close();
    await folder?.remove();
  });

  it('has one inline script that parses and that the page’s policy names by its hash', async () => {
    const html = await readFile(report, 'utf8');
    const scripts = [...html.matchAll(/<script>([\s\S]*?)<\/script>/g)].map((m) => m[1]);
    expect(scripts).toHaveLength(1);
    expect(() => new Function(scripts[0])).not.toThrow();
    const hash = createHash('sha256').update(scripts[0], 'utf8').digest('base64');
    expect(html).toContain(`script-src &#39;sha256-${hash}&#39;`);
    expect(html).toMatch(/<style>[\s\S]*\.tl-tip \{[\s\S]*<\/style>/);
  });

  it('paints without errors and declares nothing in the page’s global scope but its handle', async () => {
    const { page, errors } = await openReport(session, report);
    const globals = await page.evaluate(`['startTimeline', 'decodeOps', 'drawLanes', 'GUT', 'faultlineTimeline'].map((name) => typeof window[name])`);
    expect(globals).toEqual(['undefined', 'undefined', 'undefined', 'undefined', 'object']);
    expect(errors.join('\n')).toBe('');
  });

  it('pans with the arrow buttons and by dragging, zooms with the wheel, and shows the whole run on double-click', async () => {
    const { page, errors } = await openReport(session, report);
    const whole = await timelineView(page);
    expect(whole[0]).toBe(0);
    await page.locator('.tl-in').click();
    const zoomed = await timelineView(page);
    expect(span(zoomed)).toBeCloseTo(span(whole) / 2, 0);

    await page.locator('.tl-right').click();
    const right = await timelineView(page);
    expect(right[0] - zoomed[0]).toBeCloseTo(0.4 * span(zoomed), 0);
    await page.locator('.tl-left').click();
    const back = await timelineView(page);
    expect(back[0]).toBeCloseTo(zoomed[0], 3);
    expect(back[1]).toBeCloseTo(zoomed[1], 3);

    // Dragging the lanes 100 px to the left shows what was 100 px to the right.
    const lanes = (await page.locator('.tl-lanes').boundingBox())!;
    const y = lanes.y + 10;
    await page.mouse.move(lanes.x + 400, y);
    await page.mouse.down();
    await page.mouse.move(lanes.x + 350, y);
    await page.mouse.move(lanes.x + 300, y);
    await page.mouse.up();
    const dragged = await timelineView(page);
    expect(dragged[0] - zoomed[0]).toBeCloseTo((100 / (await plotWidth(page))) * span(zoomed), 0);

    // The wheel zooms only with Ctrl (or Shift), about the time under the pointer.
    await page.mouse.move(lanes.x + 300, y);
    await page.mouse.wheel(0, 100);
    await page.waitForTimeout(100);
    expect(await timelineView(page)).toEqual(dragged);
    await page.keyboard.down('Control');
    await page.mouse.wheel(0, 100);
    await page.keyboard.up('Control');
    await expect.poll(async () => span(await timelineView(page))).toBeCloseTo(1.25 * span(dragged), 0);

    await page.locator('.tl-lanes').dblclick({ position: { x: 300, y: 10 } });
    expect(await timelineView(page)).toEqual(whole);
    expect(errors.join('\n')).toBe('');
  });

  it('zooms to a range dragged across the whole-run strip', async () => {
    const { page, errors } = await openReport(session, report);
    const whole = await timelineView(page);
    await page.locator('#timeline').scrollIntoViewIfNeeded();
    const strip = (await page.locator('.tl-overview').boundingBox())!;
    const pw = await plotWidth(page);
    const at = (fraction: number) => strip.x + 56 + fraction * pw;
    await page.mouse.move(at(0.25), strip.y + 15);
    await page.mouse.down();
    await page.mouse.move(at(0.5), strip.y + 15);
    await page.mouse.up();
    const picked = await timelineView(page);
    // Within a pixel of the strip at each end.
    expect(Math.abs(picked[0] - 0.25 * whole[1])).toBeLessThan(whole[1] / pw);
    expect(Math.abs(picked[1] - 0.5 * whole[1])).toBeLessThan(whole[1] / pw);
    await expect(page.locator('.tl-range').textContent()).resolves.toMatch(/^[\d.]+s – [\d.]+s of [\d.]+s$/);
    expect(errors.join('\n')).toBe('');
  });

  it('folds retired processes into their workers’ lanes and back', async () => {
    const { page, errors } = await openReport(session, report);
    const fold = page.locator('.tl-fold');
    await expect(fold.isVisible()).resolves.toBe(true);
    await expect(fold.isChecked()).resolves.toBe(false);
    const perProcess = (await page.locator('.tl-lanes').boundingBox())!.height;
    await fold.check();
    // The fixture's test.json says 5 workers: 5 lanes of 16 px and a 4 px margin.
    await expect.poll(async () => (await page.locator('.tl-lanes').boundingBox())!.height).toBe(5 * 16 + 4);
    expect(perProcess).toBeGreaterThan(5 * 16 + 4);
    await fold.uncheck();
    await expect.poll(async () => (await page.locator('.tl-lanes').boundingBox())!.height).toBe(perProcess);
    expect(errors.join('\n')).toBe('');
  });
});
