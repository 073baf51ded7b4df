import { readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { parseEndpointList } from './endpoint-list.js';

/** Where a client learns the instances of one service; the list may change while the client runs. */
export interface EndpointSource {
  current(): readonly string[];
  /** Called with the new list whenever it changes; returns the unsubscribe function. */
  subscribe(listener: (urls: readonly string[]) => void): () => void;
  close(): void;
}

/** A fixed list (configuration such as `CATALOG_URL=http://a:1,http://b:2`, or a Kubernetes Service name). */
export function staticEndpoints(urls: readonly string[]): EndpointSource {
  const list = [...urls];
  return { current: () => list, subscribe: () => () => {}, close() {} };
}

/**
 * The file a local cluster's supervisor writes (`{"services":{"catalog":["http://127.0.0.1:20001"]}}`,
 * replaced atomically), polled every `pollMs`. Until the file names the service, and whenever it cannot be
 * read, the last list stands, starting with `initial`: a reader never loses its endpoints to a bad write.
 */
export function fileEndpoints(
  file: string,
  service: string,
  options: { initial: readonly string[]; pollMs?: number },
): EndpointSource {
  let list: readonly string[] = [...options.initial];
  let seenVersion = '';
  const listeners = new Set<(urls: readonly string[]) => void>();
  const read = () => {
    try {
      const stat = statSync(file, { bigint: true });
      const version = `${stat.mtimeNs}:${stat.ino}:${stat.size}`;
      if (version === seenVersion) return;
      seenVersion = version;
      const document = JSON.parse(readFileSync(file, 'utf8')) as { services?: Record<string, unknown> };
      const entry = document.services?.[service];
      if (!Array.isArray(entry) || entry.length === 0) return;
      const next = parseEndpointList(entry.join(','));
      if (next.length === list.length && next.every((url, index) => url === list[index])) return;
      list = next;
      for (const listener of listeners) listener(list);
    } catch {
      // Missing, half-written by a careless writer, or naming a bad URL: keep what we have.
    }
  };
  read();
  const timer = setInterval(read, options.pollMs ?? 250);
  timer.unref();
  return {
    current: () => list,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    close() {
      clearInterval(timer);
      listeners.clear();
    },
  };
}

/**
 * The instances of `service`: the `configured` URL list, kept current from `ENDPOINTS_FILE` when the
 * environment names one (as `npm run cluster` does for every process it starts).
 */
export function endpointsFor(service: string, configured: string, env: NodeJS.ProcessEnv): EndpointSource {
  const initial = parseEndpointList(configured);
  const file = env.ENDPOINTS_FILE;
  return file ? fileEndpoints(file, service, { initial }) : staticEndpoints(initial);
}

/**
 * Writes the file `fileEndpoints` reads, atomically (a temporary file renamed over it), so a reader sees
 * the old list or the new one, never half of either.
 */
export function writeEndpointsFile(file: string, services: Record<string, readonly string[]>): void {
  const temporary = `${file}.${process.pid}.tmp`;
  writeFileSync(temporary, `${JSON.stringify({ services }, null, 2)}\n`);
  renameSync(temporary, file);
}
