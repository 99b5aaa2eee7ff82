// postgres: PostgreSQL at each isolation level, as a private server on the local runtime or an
// existing database given by URL. What others use: the target, its options, the isolation
// levels and their promised models, and the pieces the audit and tests build on.
export { postgresTarget, endpointOf } from './target.js';
export { postgresOptionsSchema, serverSettings } from './options.js';
export type { PostgresOptions, PostgresOptionsInput } from './options.js';
export { ISOLATION_LEVELS, beginStatement, isIsolationLevel, preventsLostUpdates, promisedModel, readsOneSnapshot } from './isolation.js';
export type { IsolationLevel } from './isolation.js';
export { operationBody } from './operations.js';
export type { OperationContext, TransactionBody } from './operations.js';
export { POSTGRES_WORKLOADS } from './workload-names.js';
export type { PostgresWorkloadName } from './workload-names.js';
export { PostgresClient } from './client.js';
export type { PostgresClientOptions } from './client.js';
export { PgConnection, sqlState } from './connection.js';
export type { ConnectOptions, Endpoint } from './connection.js';
export { Rollback, commitErrorIsCertain, describeError, runTransaction } from './transaction.js';
export type { TxnOutcome } from './transaction.js';
export { createStatements, dropStatements, tableFor, tablesFor } from './schema.js';
export type { SchemaShape, Tables } from './schema.js';
export { parseSetting, sessionOptions, settingArgs } from './settings.js';
export type { ServerSetting } from './settings.js';
export { findPostgresBinDir, resolveBinDir } from './install.js';
export { POSTGRES_LAUNCHER_ENTRY, POSTGRES_USER, assertReachableByOthers, postgresNodeCommand } from './launch.js';
export type { PostgresNodeOptions } from './launch.js';
export { stopServerCleanly, waitUntilAccepting } from './server.js';
export { prepareNodeTemplate } from './node-template.js';
export type { WaitOptions } from './server.js';
export { postgresWorkload, txnShape } from './workloads.js';
export type { PostgresWorkloadSettings } from './workloads.js';
