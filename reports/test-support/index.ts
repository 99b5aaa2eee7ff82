// Fixtures for report tests: run folders in temp dirs, runs with known verdicts, the browser.
export { addRunFolder, makeRunFolder, STARTED_AT } from './run-folder.js';
export type { RunFolderSpec, TempRunFolder } from './run-folder.js';
export {
  browserAvailability,
  CHROMIUM,
  hoverSomeOperation,
  openBrowser,
  openReport,
  paintedPixels,
  screenshotDir,
  timelineView,
  waitForTimelinePaint,
} from './browser.js';
export type { BrowserAvailability, BrowserSession, WatchedPage } from './browser.js';
export { doubleGrantLockRun, EVIL, FAULTS, hostileRun, nodeLog, readSkewRun, registerRun } from './fixtures.js';
