// Helpers for the tests that start a real PostgreSQL.
export { postgresAvailable } from './postgres-available.js';
export { segmentsLeftUnder, serverProcessesUnder, usePostgresRunsDir } from './runs-folder.js';
export { readRun, runCli } from './run-cli.js';
export type { CliRun, RunFolder } from './run-cli.js';
export { trackPrivateServers } from './private-server.js';
export type { PrivateServer } from './private-server.js';
