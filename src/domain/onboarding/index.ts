export * from './catalog.js';
export * from './classify.js';
export * from './evaluate.js';
export * from './evidence.js';
export * from './metrics.js';
export * from './plan.js';
export * from './status.js';
export * from './types.js';
