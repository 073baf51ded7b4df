import type { Pool } from '@bazaar/postgres';
import { NOTIFY_CHANNEL } from './event-store.js';

export interface Wakeup {
  /** Resolves at the next append anywhere, or after `ms`, whichever comes first. */
  wait(ms: number): Promise<void>;
  close(): Promise<void>;
}

/**
 * One LISTEN connection per process wakes every subscription when an append commits (NOTIFY is
 * delivered at commit). Polling stays as the fallback, so a lost notification only costs latency.
 */
export async function listenForAppends(db: Pool): Promise<Wakeup> {
  const waiting = new Set<() => void>();
  const listener = await db.listen(NOTIFY_CHANNEL, () => {
    for (const wake of [...waiting]) wake();
  });
  return {
    wait(ms) {
      return new Promise((resolve) => {
        const done = () => {
          clearTimeout(timer);
          waiting.delete(done);
          resolve();
        };
        const timer = setTimeout(done, ms);
        waiting.add(done);
      });
    },
    async close() {
      for (const wake of [...waiting]) wake();
      await listener.unlisten();
    },
  };
}
