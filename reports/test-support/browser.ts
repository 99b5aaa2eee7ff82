import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';

// The system Chromium driven by playwright-core, never a downloaded browser. In CI a missing
// Chromium fails the suite; locally the browser tests skip and say why.

export const CHROMIUM = '/usr/bin/chromium';
const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export interface BrowserAvailability {
  available: boolean;
  reason?: string;
}

export function browserAvailability(): BrowserAvailability {
  if (existsSync(CHROMIUM)) return { available: true };
  const reason = `${CHROMIUM} is missing (install it with scripts/install-system-deps)`;
  if (process.env.CI === 'true') throw new Error(`browser tests must run in CI, but ${reason}`);
  console.warn(`skipping browser tests: ${reason}`);
  return { available: false, reason };
}

export interface BrowserSession {
  context: BrowserContext;
  /** A new page that records console errors, page errors and dialogs. */
  page(): Promise<WatchedPage>;
  close(): Promise<void>;
}

export interface WatchedPage {
  page: Page;
  errors: string[];
  dialogs: string[];
}

export async function openBrowser(): Promise<BrowserSession> {
  const profile = await mkdtemp(join(tmpdir(), 'faultline-chromium-'));
  let context: BrowserContext;
  try {
    context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      // The profile folder becomes --user-data-dir: fresh for every session, removed after.
      args: ARGS,
      viewport: { width: 1280, height: 900 },
    });
  } catch (err) {
    await rm(profile, { recursive: true, force: true });
    throw err;
  }
  return {
    context,
    async page() {
      const page = await context.newPage();
      const watched: WatchedPage = { page, errors: [], dialogs: [] };
      page.on('console', (m) => {
        if (m.type() === 'error') watched.errors.push(`${m.text()} at ${m.location().url}:${m.location().lineNumber}`);
      });
      page.on('pageerror', (e) => watched.errors.push(e.message));
      page.on('dialog', (d) => {
        watched.dialogs.push(d.message());
        void d.dismiss();
      });
      return watched;
    },
    async close() {
      await context.close().catch(() => undefined);
      await rm(profile, { recursive: true, force: true });
    },
  };
}

/** Where screenshots go: FAULTLINE_SCREENSHOTS, else reports/screenshots (git-ignored). */
export function screenshotDir(): string {
  return process.env.FAULTLINE_SCREENSHOTS ?? join(import.meta.dirname, '..', 'screenshots');
}

/** Opens a report file and waits until its timeline (if any) has painted. */
export async function openReport(session: BrowserSession, file: string): Promise<WatchedPage> {
  const watched = await session.page();
  await watched.page.goto(`file://${file}`);
  await watched.page.waitForLoadState('load');
  if (await watched.page.locator('#timeline').count()) await waitForTimelinePaint(watched.page);
  return watched;
}

/**
 * Waits until the report's timeline has painted once. The predicate is a function, not a
 * string: polling a string predicate needs eval in the page, which the report's CSP forbids.
 */
export async function waitForTimelinePaint(page: Page, polling: number | 'raf' = 'raf'): Promise<void> {
  await page.waitForFunction(() => ((globalThis as { faultlineTimeline?: { paintedAt?: number } }).faultlineTimeline?.paintedAt ?? 0) > 0, undefined, {
    polling,
  });
}

/** Moves the mouse along the first lanes of the timeline until a tooltip shows; returns its text. */
export async function hoverSomeOperation(page: Page): Promise<string | undefined> {
  await page.locator('#timeline').scrollIntoViewIfNeeded();
  const box = await page.locator('.tl-lanes').boundingBox();
  if (!box) return undefined;
  for (let lane = 0; lane < 4; lane++) {
    for (let x = box.x + 60; x < box.x + box.width - 10; x += 7) {
      await page.mouse.move(x, box.y + 4 + lane * 16);
      const tip = page.locator('.tl-tip');
      if (await tip.isVisible()) return (await tip.textContent()) ?? '';
    }
  }
  return undefined;
}

/** The timeline's visible range in µs, [from, to]. */
export async function timelineView(page: Page): Promise<[number, number]> {
  return (await page.evaluate('window.faultlineTimeline.view')) as [number, number];
}

/** Counts the timeline canvas's coloured (non-white, non-transparent) pixels. */
export async function paintedPixels(page: Page): Promise<{ width: number; coloured: number }> {
  return (await page.evaluate(`(() => {
    const canvas = document.querySelector('.tl-lanes');
    const pixels = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
    let coloured = 0;
    for (let i = 0; i < pixels.length; i += 4) if (pixels[i + 3] > 0 && !(pixels[i] > 240 && pixels[i + 1] > 240 && pixels[i + 2] > 240)) coloured++;
    return { width: canvas.width, coloured };
  })()`)) as { width: number; coloured: number };
}
