// The node image: a root filesystem planned from this machine's files, imported and tagged by content.
export { IMAGE_LABEL, IMAGE_REPOSITORY, ensureNodeImage, requireImage } from './build.js';
export type { NodeImage, NodeImageOptions } from './build.js';
export { IMAGE_CLOCK_LIBRARY, IMAGE_PATH, planNodeImage } from './plan.js';
export type { ImageInputs } from './plan.js';
export { RootfsPlan, parseLdd, sharedLibraries } from './rootfs.js';
export type { RootEntry } from './rootfs.js';
export { tarStream } from './tar.js';
