import { channelKey, localWakeups, type Pool } from '@bazaar/postgres';
import { NOTIFY_CHANNEL } from './event-store.js';

export interface Wakeup {
  /** Resolves at the next append anywhere, or after `ms`, whichever comes first. */
  wait(ms: number): Promise<void>;
  close(): Promise<void>;
}

/**
 * Wakes every subscription of the process when an append commits: appends of this process directly (see
 * EventStore.notifyAppended), those of other processes through one LISTEN connection. Polling stays as the
 * fallback, so a lost notification only costs latency.
 */
export async function listenForAppends(db: Pool): Promise<Wakeup> {
  const waiting = new Set<() => void>();
  const wakeAll = () => {
    for (const wake of [...waiting]) wake();
  };
  const listener = await db.listen(NOTIFY_CHANNEL, wakeAll);
  // Not "covering": another process may lead a projection, so appends here still tell the others.
  const stopLocal = localWakeups.listen(channelKey(db, NOTIFY_CHANNEL), wakeAll, () => false);
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
      stopLocal();
      wakeAll();
      await listener.unlisten();
    },
  };
}
