import { Agent, request } from 'undici';
import type { FuzzRequest } from './requests.js';
import type { Outcome } from './verdict.js';

/** Sends fuzz requests to one base URL, each with a deadline; never throws. */
export function sender(baseUrl: string, options: { timeoutMs: number; connections: number }) {
  const agent = new Agent({
    connections: options.connections,
    headersTimeout: options.timeoutMs,
    bodyTimeout: options.timeoutMs,
  });
  async function send(fuzz: FuzzRequest): Promise<Outcome> {
    const startedAt = performance.now();
    const ms = () => performance.now() - startedAt;
    const signal = AbortSignal.timeout(options.timeoutMs);
    try {
      const response = await request(new URL(fuzz.path, baseUrl), {
        method: fuzz.method as 'GET',
        headers: fuzz.headers,
        ...(fuzz.body !== undefined ? { body: fuzz.body } : {}),
        dispatcher: agent,
        signal,
      });
      const body = await response.body.text();
      const headers: Record<string, string> = {};
      for (const [name, value] of Object.entries(response.headers))
        if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(', ') : value;
      return { kind: 'response', status: response.statusCode, headers, body, ms: ms() };
    } catch (error) {
      const { code, name, message } = error as { code?: string; name?: string; message?: string };
      if (signal.aborted || code === 'UND_ERR_HEADERS_TIMEOUT' || code === 'UND_ERR_BODY_TIMEOUT')
        return { kind: 'timeout', ms: ms() };
      return { kind: 'error', code: code ?? name ?? 'Error', message: message ?? String(error), ms: ms() };
    }
  }
  return { send, close: () => agent.close() };
}
