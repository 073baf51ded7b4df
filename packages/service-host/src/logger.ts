import pino, { type LevelWithSilent, type Logger } from 'pino';

export { LOG_LEVELS } from '@bazaar/config';

/** JSON logs (pino) with the service's name on every line and credentials never written. */
export function createLogger(service: string, level: LevelWithSilent): Logger {
  return pino({
    level,
    base: { service },
    redact: {
      paths: ['req.headers.authorization', 'req.headers.cookie', 'password', '*.password'],
      censor: '[redacted]',
    },
  });
}
