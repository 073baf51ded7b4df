import { Redis } from 'ioredis';
import type { Count } from './policy.js';

export interface CounterRequest {
  key: string;
  windowMs: number;
}

/** Fixed-window counters: each call adds one to every key and returns the counts, in order. */
export interface CounterStore {
  hit(requests: readonly CounterRequest[]): Promise<Count[]>;
}

/**
 * Counters in this process. A key's window starts with its first hit and lasts windowMs; expired
 * windows are swept every few seconds so idle keys cost no memory.
 */
export function createLocalStore(now: () => number = Date.now, sweepMs = 5_000) {
  const windows = new Map<string, { count: number; resetAt: number }>();
  const sweep = setInterval(() => {
    const at = now();
    for (const [key, window] of windows) if (window.resetAt <= at) windows.delete(key);
  }, sweepMs);
  sweep.unref();
  return {
    hitSync(requests: readonly CounterRequest[]): Count[] {
      const at = now();
      return requests.map(({ key, windowMs }) => {
        let window = windows.get(key);
        if (!window || window.resetAt <= at) {
          window = { count: 0, resetAt: at + windowMs };
          windows.set(key, window);
        }
        window.count++;
        return { count: window.count, resetMs: window.resetAt - at };
      });
    },
    async hit(requests: readonly CounterRequest[]): Promise<Count[]> {
      return this.hitSync(requests);
    },
    get size() {
      return windows.size;
    },
    close() {
      clearInterval(sweep);
      windows.clear();
    },
  };
}
export type LocalStore = ReturnType<typeof createLocalStore>;

/**
 * One round trip, atomic: INCR every key, start its window (PEXPIRE) on the first hit, return each count
 * and the milliseconds left (PTTL). A key that somehow lost its expiry gets one again.
 */
export const HIT_SCRIPT = `
local result = {}
for i, key in ipairs(KEYS) do
  local count = redis.call('INCR', key)
  local ttl = redis.call('PTTL', key)
  if ttl < 0 then
    redis.call('PEXPIRE', key, ARGV[i])
    ttl = tonumber(ARGV[i])
  end
  result[#result + 1] = count
  result[#result + 1] = ttl
end
return result
`;

export type StoreState = 'redis' | 'local';

export interface SharedStoreEvents {
  /** Redis could not be used: decisions are local from now on (called once per outage). */
  onFallback(reason: string): void;
  /** Redis answers again: decisions are shared again. */
  onRecovery(): void;
}

/**
 * Counters shared by every gateway instance in Redis, with this process's counters whenever Redis
 * cannot be reached: the gateway keeps serving (limits per instance instead of shared), and returns to
 * Redis as soon as the connection is ready again (ioredis reconnects by itself).
 */
export function createSharedStore(
  url: string,
  prefix: string,
  local: LocalStore,
  events: SharedStoreEvents,
  options: { commandTimeoutMs?: number } = {},
) {
  const redis = new Redis(url, {
    // Fail at once while disconnected rather than queue: the local counters answer instead.
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    commandTimeout: options.commandTimeoutMs ?? 250,
    connectTimeout: 1_000,
    retryStrategy: (times) => Math.min(100 * times, 1_000),
    lazyConnect: false,
  });
  redis.defineCommand('bazaarRateLimitHit', { lua: HIT_SCRIPT });
  let state: StoreState = 'local';
  let everReady = false;
  let reported = false;
  let failedAt = 0;
  let closed = false;
  const fallBack = (reason: string) => {
    if (closed) return;
    state = 'local';
    failedAt = Date.now();
    if (!reported) {
      reported = true;
      events.onFallback(reason);
    }
  };
  redis.on('ready', () => {
    everReady = true;
    state = 'redis';
    if (reported) {
      reported = false;
      events.onRecovery();
    }
  });
  // ioredis emits an error for every failed reconnection; one report per outage is enough.
  redis.on('error', (error: Error) => fallBack(error.message));
  redis.on('close', () => {
    if (everReady) fallBack('connection closed');
  });
  const ready = new Promise<boolean>((resolve) => {
    const timer = setTimeout(() => resolve(false), 1_000);
    timer.unref();
    redis.once('ready', () => {
      clearTimeout(timer);
      resolve(true);
    });
  });

  type WithScript = Redis & {
    bazaarRateLimitHit(...args: (string | number)[]): Promise<number[]>;
  };

  return {
    get state(): StoreState {
      return state;
    },
    /** Resolves true once connected, false if Redis did not answer within a second. */
    ready,
    async hit(requests: readonly CounterRequest[]): Promise<Count[]> {
      // While connected but failing (a command timed out), Redis is tried again once a second.
      const tryRedis = redis.status === 'ready' && (state === 'redis' || Date.now() - failedAt >= 1_000);
      if (tryRedis) {
        try {
          const flat = await (redis as WithScript).bazaarRateLimitHit(
            requests.length,
            ...requests.map((request) => `${prefix}${request.key}`),
            ...requests.map((request) => request.windowMs),
          );
          if (state === 'local') {
            state = 'redis';
            if (reported) {
              reported = false;
              events.onRecovery();
            }
          }
          return requests.map((_, i) => ({ count: Number(flat[2 * i]), resetMs: Number(flat[2 * i + 1]) }));
        } catch (error) {
          fallBack((error as Error).message);
        }
      }
      return local.hitSync(requests);
    },
    async close() {
      closed = true;
      redis.disconnect();
    },
  };
}
export type SharedStore = ReturnType<typeof createSharedStore>;
