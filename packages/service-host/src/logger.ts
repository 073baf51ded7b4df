import { traceLogFields } from '@bazaar/tracing';
import pino, { type DestinationStream, type LevelWithSilent, type Logger } from 'pino';
import pretty from 'pino-pretty';

export { LOG_LEVELS } from '@bazaar/config';

/** `json`: one JSON object per line, for machines; `pretty`: a readable line per entry, for a terminal. */
export type LogFormat = 'json' | 'pretty';
export const LOG_FORMATS: readonly LogFormat[] = ['json', 'pretty'];

/** Pretty in an interactive terminal, JSON lines whenever the output goes to a file, a pipe or a collector. */
export function defaultLogFormat(output: { isTTY?: boolean } = process.stdout): LogFormat {
  return output.isTTY ? 'pretty' : 'json';
}

// One pretty stream per process, shared by every service's logger, so lines of services that run side by
// side (solo mode) never interleave mid-line. Synchronous: an entry is on the screen before a crash.
let prettyOutput: DestinationStream | undefined;
function prettyDestination(): DestinationStream {
  prettyOutput ??= pretty({
    sync: true,
    colorize: Boolean(process.stdout.isTTY),
    translateTime: 'SYS:HH:MM:ss.l',
    ignore: 'pid,hostname,service',
    messageFormat: '{service}: {msg}',
    singleLine: true,
  });
  return prettyOutput;
}

/**
 * Logs (pino) with the service's name on every line, the active span's `trace_id` and `span_id` on every
 * line written inside one, and credentials never written.
 */
export function createLogger(service: string, level: LevelWithSilent, format: LogFormat = 'json'): Logger {
  const options = {
    level,
    base: { service },
    mixin: traceLogFields,
    redact: {
      paths: ['req.headers.authorization', 'req.headers.cookie', 'password', '*.password'],
      censor: '[redacted]',
    },
  };
  return format === 'pretty' ? pino(options, prettyDestination()) : pino(options);
}

/**
 * A second log stream of a service, e.g. the gateway's access log (`"log":"<stream>"` on every line), at its
 * own volume: as JSON it is written through an asynchronous, buffered destination (one write per 4 KiB
 * instead of one per line; pino flushes it when the process exits), so a line per request does not cost a
 * system call per request. Pretty output shares the terminal's synchronous stream.
 */
export function createStreamLogger(
  service: string,
  stream: string,
  level: LevelWithSilent,
  format: LogFormat = 'json',
): Logger {
  const options = { level, base: { service, log: stream }, mixin: traceLogFields };
  return format === 'pretty'
    ? pino(options, prettyDestination())
    : pino(options, pino.destination({ dest: 1, sync: false, minLength: 4096 }));
}
