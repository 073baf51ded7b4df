import type { FuzzRequest } from './requests.js';

/** What came back: a response, or the transport's failure (timeout, reset). */
export type Outcome =
  | { kind: 'response'; status: number; headers: Record<string, string>; body: string; ms: number }
  | { kind: 'timeout'; ms: number }
  | { kind: 'error'; code: string; message: string; ms: number };

export interface Failure {
  index: number;
  request: FuzzRequest;
  outcome: Outcome;
  reason: string;
}

/**
 * Why this outcome is a failure, or undefined when it is fine. A failure is any 5xx (503 and 504 too: the
 * fuzzer runs against a healthy system, where no service is down or slow), a request that did not answer
 * within the timeout, a connection that broke, and an error answer that is not an RFC 9457 problem with
 * the response's status.
 */
export function judge(outcome: Outcome): string | undefined {
  if (outcome.kind === 'timeout') return `no answer within ${Math.round(outcome.ms)} ms`;
  if (outcome.kind === 'error') return `transport failure: ${outcome.code} ${outcome.message}`;
  const { status, headers, body } = outcome;
  if (status >= 500) return `server error ${status}`;
  if (status < 400) return undefined;
  const type = headers['content-type'] ?? '';
  if (!/^application\/problem\+json\b/i.test(type))
    return `${status} with content-type '${type}', not application/problem+json`;
  let problem: unknown;
  try {
    problem = JSON.parse(body);
  } catch {
    return `${status} with a problem+json body that is not JSON`;
  }
  const { type: urn, title, status: stated } = (problem ?? {}) as Record<string, unknown>;
  if (typeof urn !== 'string' || typeof title !== 'string') return `${status} problem without type and title`;
  if (stated !== status) return `${status} problem says status ${String(stated)}`;
  return undefined;
}

/** `statusClass(404)` is `4xx`; a transport failure is `timeout` or `error`. */
export function statusClass(outcome: Outcome): string {
  return outcome.kind === 'response' ? `${Math.floor(outcome.status / 100)}xx` : outcome.kind;
}
