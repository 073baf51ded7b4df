import { createServer } from 'node:net';

/**
 * A port free a moment ago, below the range the OS hands out to outgoing connections (from 32768 on Linux,
 * 49152 elsewhere): none of the many database connections opened while the services start can take it
 * before its service listens, as could happen to a port picked by listening on port 0.
 */
export async function portOutsideEphemeralRange(): Promise<number> {
  for (;;) {
    const port = 20_000 + Math.floor(Math.random() * 12_000);
    const free = await new Promise<boolean>((resolve) => {
      const probe = createServer();
      probe.once('error', () => resolve(false));
      probe.listen(port, '127.0.0.1', () => probe.close(() => resolve(true)));
    });
    if (free) return port;
  }
}
