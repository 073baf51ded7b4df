export { ServeConfig, SoloConfig } from './config.js';
export { type Solo, startSolo } from './solo.js';
