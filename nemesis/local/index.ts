// The local runtime's parts. Most callers need only LocalRuntime (nemesis/local.ts) and healLeftovers.
export { FIRST_BLOCK, LAST_BLOCK, MAX_NODES_PER_BLOCK, gatewayAddress, nodeAddress, subnetOf } from './address-block.js';
export { NodeCgroup, unifiedMount } from './cgroups.js';
export { bridgeExists, namespaceName, namespacePath, runtimeNamespaces } from './node-network.js';
export { POOL, SUBNET_PREFIX } from './pool.js';
export { healLeftovers } from './heal-leftovers.js';
export type { HealOptions, HealReport } from './heal-leftovers.js';
export { CHAIN_PREFIX, listFaultlineChains, listFaultlineRules } from './iptables.js';
export { markerLine } from './node-log.js';
export type { NodeExit } from './node-process.js';
export type { LocalRuntimeOptions } from './options.js';
export type { ProcessIdentity } from './proc.js';
export { scanRecords, stateDir } from './registry.js';
export type { RuntimeRecord } from './registry.js';
