// The Docker runtime's parts. Most callers need only DockerRuntime (nemesis/docker.ts) and healDockerLeftovers.
export { containerName, containerSpec } from './container-spec.js';
export type { ContainerSpecInput } from './container-spec.js';
export { connectToDaemon, daemonAddress } from './daemon.js';
export { healDockerLeftovers } from './heal-leftovers.js';
export type { DockerHealOptions, DockerHealReport } from './heal-leftovers.js';
export { IMAGE_CLOCK_LIBRARY, IMAGE_LABEL, IMAGE_REPOSITORY, ensureNodeImage } from './image/index.js';
export type { NodeImage, NodeImageOptions } from './image/index.js';
export { LABEL, labelFilter, parseOwnerLabel } from './labels.js';
export { CONTAINER_CHAIN, listNodeRules } from './netns-firewall.js';
export { MAX_NODES_PER_NETWORK, SUBNET_POOL } from './network.js';
export type { RunNetwork } from './network.js';
export type { DockerNodeExit } from './node-container.js';
export type { DockerRuntimeOptions } from './options.js';
export { removeRun } from './remove-run.js';
export type { RunRemoval } from './remove-run.js';
