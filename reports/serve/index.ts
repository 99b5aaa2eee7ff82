// The runs browser: a read-only web server over the runs folder.
export { startServer } from './server.js';
export type { RunningServer, ServeOptions } from './server.js';
export { resolveInside } from './resolve-path.js';
export type { Resolved } from './resolve-path.js';
export { folderPage, runsPage, stampTime } from './runs-page.js';
