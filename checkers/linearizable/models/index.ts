export { casRegisterModel, kvModel, registerModel } from './register.js';
export type { RegisterInput } from './register.js';
export { setModel } from './set.js';
export type { SetInput, SetState } from './set.js';
export { fifoQueueModel } from './fifo-queue.js';
export type { QueueInput, QueueState } from './fifo-queue.js';
export { mutexModel } from './mutex.js';
export { MODEL_NAMES, MODELS_WITH_INITIAL, models, isModelName } from './catalog.js';
export type { ModelName } from './catalog.js';
