// scripts/build-image as a function; the image builder itself lives in nemesis/docker/image.
export { buildImageMain } from './main.js';
export type { BuildImageIo } from './main.js';
