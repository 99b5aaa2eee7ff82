// The program a postgres node runs (main.ts) and what the target needs to call it.
export { BASE_SETTINGS, formatLauncherArgs, parseLauncherArgs, postgresArgs } from './args.js';
export type { LauncherArgs } from './args.js';
export { KEEP_GROUP_LIBRARY, KEEP_GROUP_SOURCE, buildKeepGroupLibrary, withPreload } from './keep-group.js';
