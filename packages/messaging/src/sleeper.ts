/**
 * A loop's pause that a wake-up ends early. A wake-up that comes while the loop is busy is kept, so the
 * next pause returns at once: work that arrived during a batch is not left waiting for the poll interval.
 */
export function sleeper() {
  let woken = false;
  const sleeping = new Set<() => void>();
  return {
    sleep(ms: number): Promise<void> {
      if (woken) {
        woken = false;
        return Promise.resolve();
      }
      return new Promise<void>((resolve) => {
        const done = () => {
          clearTimeout(timer);
          sleeping.delete(done);
          resolve();
        };
        const timer = setTimeout(done, ms);
        sleeping.add(done);
      });
    },
    /** Ends every pause (stop, or a relay that is alone anyway). */
    wake(): void {
      if (sleeping.size === 0) {
        woken = true;
        return;
      }
      for (const done of [...sleeping]) done();
    },
    /** Ends one pause: of several workers waiting for the same work, one goes to look. */
    wakeOne(): void {
      const [first] = sleeping;
      if (first) first();
      else woken = true;
    },
  };
}
