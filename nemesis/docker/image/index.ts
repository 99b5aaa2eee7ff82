// The images: root filesystems planned from this machine's files, imported and tagged by content.
export { FAMILY_LABEL, HOLDER_REPOSITORY, IMAGE_LABEL, IMAGE_REPOSITORY, ensureHolderImage, ensureNodeImage, requireImage } from './build.js';
export type { BuiltImage, NodeImage, NodeImageOptions } from './build.js';
export { dependencyClosure, packageCodePaths } from './package-code.js';
export { HOLDER_PROGRAM, IMAGE_CLOCK_LIBRARY, IMAGE_PATH, accounts, planCode, planHolderImage, planNodeImage } from './plan.js';
export type { NodeImageInputs } from './plan.js';
export { RootfsPlan, parseLdd, sharedLibraries } from './rootfs.js';
export type { RootEntry } from './rootfs.js';
export { tarStream } from './tar.js';
