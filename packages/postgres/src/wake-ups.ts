import type postgres from 'postgres';

interface Listener {
  wake(): void;
  /** Whether this listener alone does what a wake-up asks, so no other process needs to hear of it. */
  covers(): boolean;
}

const local = new Map<string, Set<Listener>>();

/** Names one channel of one database, the same for every pool that reaches it. */
export function channelKey(sql: postgres.Sql, channel: string): string {
  const { host, port, database } = sql.options as unknown as {
    host: string[];
    port: number[];
    database: string;
  };
  return `${host.join(',')}:${port.join(',')}/${database}#${channel}`;
}

/**
 * Wake-ups inside this process: a producer wakes the consumers that live in its own process at once,
 * without a round trip. NOTIFY then only has to reach the other processes (see coalescedNotify).
 */
export const localWakeups = {
  listen(key: string, wake: () => void, covers: () => boolean = () => true): () => void {
    const listener = { wake, covers };
    const listeners = local.get(key) ?? new Set<Listener>();
    local.set(key, listeners);
    listeners.add(listener);
    return () => {
      listeners.delete(listener);
      if (listeners.size === 0) local.delete(key);
    };
  },

  /** Wakes this process's listeners of `key`; true when one of them covers it. */
  wake(key: string): boolean {
    let covered = false;
    for (const listener of local.get(key) ?? []) {
      listener.wake();
      covered ||= listener.covers();
    }
    return covered;
  },
};

/**
 * NOTIFY for other processes, coalesced: the first request goes out at once; requests while one is in
 * flight, or within `minIntervalMs` of the last, merge into one more (their topics joined in the payload).
 * A NOTIFY is a transaction of its own that takes PostgreSQL's notify lock through its commit, so one per
 * message would cost a WAL flush each; listeners poll as well, so a lost wake-up only costs latency.
 */
export function coalescedNotify(
  sql: postgres.Sql,
  channel: string,
  options: { minIntervalMs?: number } = {},
) {
  const minIntervalMs = options.minIntervalMs ?? 5;
  let pending: Set<string> | undefined;
  let busy = false;
  let lastSentAt = Number.NEGATIVE_INFINITY;

  function flush(): void {
    if (busy || !pending) return;
    const wait = lastSentAt + minIntervalMs - performance.now();
    if (wait > 0) {
      busy = true;
      setTimeout(() => {
        busy = false;
        flush();
      }, wait).unref();
      return;
    }
    const payload = [...pending].join(',').slice(0, 7_000);
    pending = undefined;
    busy = true;
    lastSentAt = performance.now();
    sql`SELECT pg_notify(${channel}, ${payload})`
      .catch(() => {})
      .finally(() => {
        busy = false;
        flush();
      });
  }

  return {
    send(topics: readonly string[] = []): void {
      pending ??= new Set();
      for (const topic of topics) pending.add(topic);
      flush();
    },
  };
}
