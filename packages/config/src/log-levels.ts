/**
 * pino's levels, which LOG_LEVEL accepts. Kept here rather than beside the logger so a CLI can validate its
 * configuration before it loads the service host (Fastify and the rest).
 */
export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
