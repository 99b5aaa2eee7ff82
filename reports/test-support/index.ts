// Fixtures for report tests: run folders in temp dirs, simulated histories, the browser.
export { addRunFolder, makeRunFolder, STARTED_AT } from './run-folder.js';
export type { RunFolderSpec, TempRunFolder } from './run-folder.js';
export { simulateRegister } from './register-history.js';
export type { RegisterSimulation } from './register-history.js';
export { browserAvailability, CHROMIUM, hoverSomeOperation, openBrowser, openReport, paintedPixels, screenshotDir, timelineView, waitForTimelinePaint } from './browser.js';
export type { BrowserAvailability, BrowserSession, WatchedPage } from './browser.js';
export { doubleGrantLockRun, EVIL, FAULTS, hostileRun, nodeLog, readSkewRun, registerRun } from './fixtures.js';
