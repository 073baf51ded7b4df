export { ServeConfig, SoloConfig } from './config.js';
export { checkInvariants, formatInvariants, type InvariantResult } from './invariants.js';
export * from './load/index.js';
export { type Solo, startSolo } from './solo.js';
