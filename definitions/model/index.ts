export * from './expression.js';
export * from './process.js';
export * from './decision.js';
export * from './form.js';
export * from './problem.js';
export * from './deployment.js';
