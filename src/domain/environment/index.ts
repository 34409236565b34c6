/** The technical environment summary (issue 15): contract, scores, summary, parsing and monitoring. */
export * from './health.js';
export * from './import.js';
export * from './monitor.js';
export * from './proposal.js';
export * from './question.js';
export * from './recommend.js';
export * from './render-markdown.js';
export * from './schema.js';
export * from './security.js';
export * from './summary.js';
export * from './tech-stack.js';
export * from './usage.js';
