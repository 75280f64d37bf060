export * from './bpm.js';
export * from './monit-errors.js';
export { parseMonitFile } from './monit-parser.js';
export * from './monit-types.js';
export * from './service-plan.js';
export * from './status.js';
