import { redactUrl } from '@bazaar/config';

export { redactUrl };

import { connect } from 'node:net';

/**
 * The optional servers some suites need besides PostgreSQL (which the test run provides itself). A laptop
 * may have neither: their suites are then skipped with a reason that names the server, where it was looked
 * for and how to start it, and the run's summary lists them. On CI (`CI=true`) nothing is skipped: a suite
 * whose server is missing runs and fails, so CI never loses it.
 */
export type OptionalServer = 'rabbitmq' | 'redis';

interface ServerInfo {
  title: string;
  url: string;
  howToStart: string;
}

export function optionalServers(env: NodeJS.ProcessEnv = process.env): Record<OptionalServer, ServerInfo> {
  return {
    rabbitmq: {
      title: 'RabbitMQ',
      url: env.TEST_AMQP_URL || env.AMQP_URL || 'amqp://guest:guest@127.0.0.1:5672',
      howToStart:
        'start one with `docker run -d -p 5672:5672 rabbitmq:4` or `rabbitmq-server -detached`, or set TEST_AMQP_URL',
    },
    redis: {
      title: 'Redis',
      url: env.TEST_REDIS_URL || env.REDIS_URL || 'redis://127.0.0.1:6379',
      howToStart:
        'start one with `docker run -d -p 6379:6379 redis:7` or `redis-server --daemonize yes`, or set TEST_REDIS_URL',
    },
  };
}

const DEFAULT_PORTS: Record<string, number> = {
  'amqp:': 5672,
  'amqps:': 5671,
  'redis:': 6379,
  'rediss:': 6380,
};

/** Undefined when a TCP connection to the URL's host and port opens within `timeoutMs`, else why not. */
export async function unreachableBecause(url: string, timeoutMs = 2_000): Promise<string | undefined> {
  let host: string;
  let port: number;
  try {
    const parsed = new URL(url);
    host = parsed.hostname.replace(/^\[|\]$/g, '') || '127.0.0.1';
    port = Number(parsed.port) || DEFAULT_PORTS[parsed.protocol] || 0;
    if (!port) return `no port in ${redactUrl(url)}`;
  } catch {
    return `not a URL: ${redactUrl(url)}`;
  }
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    const done = (reason: string | undefined) => {
      clearTimeout(timer);
      socket.destroy();
      resolve(reason);
    };
    const timer = setTimeout(() => done(`no answer within ${timeoutMs} ms`), timeoutMs);
    socket.once('connect', () => done(undefined));
    socket.once('error', (error: NodeJS.ErrnoException) => done(error.code ?? error.message));
  });
}

/** What a suite needing `server` passes as `skip`: false when it can run, else the reason to print. */
export async function skipUnless(
  server: OptionalServer,
  env: NodeJS.ProcessEnv = process.env,
): Promise<string | false> {
  const info = optionalServers(env)[server];
  const because = await unreachableBecause(info.url);
  if (!because) return false;
  // On CI the suite runs anyway and fails on the missing server: loudly, never skipped.
  if (env.CI === 'true' || env.CI === '1') return false;
  return `needs ${info.title}: not reachable at ${redactUrl(info.url)} (${because}); ${info.howToStart}`;
}
