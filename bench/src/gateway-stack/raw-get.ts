import { connect, type Socket } from 'node:net';

interface Waiter {
  resolve(status: number): void;
  reject(error: Error): void;
}

const HEADER_END = Buffer.from('\r\n\r\n');
const CHUNKED_END = Buffer.from('0\r\n\r\n');

/**
 * The open-loop generator's client: one pre-encoded keep-alive GET over raw sockets, one request per
 * connection at a time, the answer's status after its whole body has arrived. It costs a few µs of CPU per
 * request where undici's request API costs tens, which on two cores shared with the proxy and the upstream
 * would otherwise make the generator part of what is measured. Resolves with the status; rejects when a
 * connection fails.
 */
export function rawGetClient(
  url: string,
  path: string,
  headers: Record<string, string>,
  maxConnections: number,
) {
  const { hostname, port } = new URL(url);
  const request = Buffer.from(
    `GET ${path} HTTP/1.1\r\nhost: ${hostname}:${port}\r\n${Object.entries(headers)
      .map(([name, value]) => `${name}: ${value}\r\n`)
      .join('')}\r\n`,
    'latin1',
  );
  // Idle connections, each as the function that hands it the queue's next request.
  const idle: (() => void)[] = [];
  const queue: Waiter[] = [];
  const sockets = new Set<Socket>();
  let closed = false;

  function open(): void {
    const socket = connect({ host: hostname, port: Number(port), noDelay: true });
    sockets.add(socket);
    let current: Waiter | undefined;
    let buffered: Buffer = Buffer.alloc(0);
    let status = 0;
    let bodyStart = -1;
    let length = -1; // -1: chunked, read until the last chunk

    const next = () => {
      current = queue.shift();
      if (current) socket.write(request);
      else idle.push(next);
    };
    socket.once('connect', next);
    socket.on('data', (chunk: Buffer) => {
      buffered = buffered.length === 0 ? chunk : Buffer.concat([buffered, chunk]);
      if (bodyStart < 0) {
        const end = buffered.indexOf(HEADER_END);
        if (end < 0) return;
        const head = buffered.toString('latin1', 0, end).toLowerCase();
        status = Number(head.slice(9, 12));
        const field = /\r\ncontent-length: *(\d+)/.exec(head);
        length = field ? Number(field[1]) : -1;
        bodyStart = end + HEADER_END.length;
      }
      const complete =
        length >= 0
          ? buffered.length - bodyStart >= length
          : buffered.subarray(-CHUNKED_END.length).equals(CHUNKED_END);
      if (!complete) return;
      const done = current!;
      buffered = Buffer.alloc(0);
      bodyStart = -1;
      next();
      done.resolve(status);
    });
    socket.on('error', () => {});
    socket.on('close', () => {
      sockets.delete(socket);
      const at = idle.indexOf(next);
      if (at >= 0) idle.splice(at, 1);
      current?.reject(new Error(`connection to ${url} closed`));
      if (!closed && queue.length > 0) open();
    });
  }

  return {
    get(): Promise<number> {
      return new Promise<number>((resolve, reject) => {
        queue.push({ resolve, reject });
        const wake = idle.pop();
        if (wake) wake();
        else if (sockets.size < maxConnections) open();
      });
    },
    close(): void {
      closed = true;
      for (const socket of sockets) socket.destroy();
    },
  };
}
