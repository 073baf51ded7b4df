export { ConfigError, loadConfig } from './load-config.js';
export { LOG_LEVELS } from './log-levels.js';
export { redactUrl } from './redact-url.js';
