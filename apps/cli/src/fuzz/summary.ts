import type { FuzzRequest } from './requests.js';
import type { Failure, Outcome } from './verdict.js';
import { statusClass } from './verdict.js';

const CLASSES = ['2xx', '3xx', '4xx', '5xx', 'timeout', 'error'] as const;

/** Requests per operation and status class. */
export type Tally = Map<string, Record<string, number>>;

export function tally(results: readonly { request: FuzzRequest; outcome: Outcome }[]): Tally {
  const counts: Tally = new Map();
  for (const { request, outcome } of results) {
    const row = counts.get(request.operationId) ?? {};
    const key = statusClass(outcome);
    row[key] = (row[key] ?? 0) + 1;
    counts.set(request.operationId, row);
  }
  return new Map([...counts].sort(([a], [b]) => a.localeCompare(b)));
}

/** The tally as a table, only with the columns that occurred, and a total row. */
export function formatTally(counts: Tally): string {
  const columns = CLASSES.filter((name) => [...counts.values()].some((row) => row[name]));
  const width = Math.max(9, ...[...counts.keys()].map((name) => name.length));
  const line = (name: string, cells: (string | number)[]) =>
    `${name.padEnd(width)} ${cells.map((cell) => String(cell).padStart(7)).join(' ')}`;
  const total = (row: Record<string, number>) => Object.values(row).reduce((sum, count) => sum + count, 0);
  const sums = Object.fromEntries(
    columns.map((name) => [name, [...counts.values()].reduce((sum, row) => sum + (row[name] ?? 0), 0)]),
  );
  return [
    line('operation', [...columns, 'total']),
    ...[...counts].map(([name, row]) =>
      line(name, [...columns.map((column) => row[column] ?? 0), total(row)]),
    ),
    line('all', [...columns.map((column) => sums[column] ?? 0), total(sums)]),
  ].join('\n');
}

const truncate = (text: string, max = 400) =>
  text.length > max ? `${text.slice(0, max)}… (${text.length} characters)` : text;

function bodyText(body: FuzzRequest['body']): string {
  if (body === undefined) return '(none)';
  if (typeof body === 'string') return JSON.stringify(truncate(body));
  return `bytes ${Buffer.from(body.slice(0, 200)).toString('hex')} (${body.length})`;
}

/** One failure with everything needed to send the request again by hand. */
export function formatFailure(failure: Failure): string {
  const { request, outcome } = failure;
  const headers = Object.entries(request.headers)
    .map(([name, value]) => `    ${name}: ${truncate(value, 200)}`)
    .join('\n');
  const answer =
    outcome.kind === 'response'
      ? `  response: ${outcome.status} ${outcome.headers['content-type'] ?? ''}\n    ${truncate(outcome.body, 600)}`
      : `  response: ${outcome.kind === 'timeout' ? 'none (timeout)' : `${outcome.code} ${outcome.message}`}`;
  return [
    `FAIL #${failure.index} ${failure.reason}`,
    `  ${request.operationId} as ${request.caller} (${request.kind})`,
    `  ${request.method} ${truncate(request.path, 300)}`,
    headers || '    (no headers)',
    `  body: ${bodyText(request.body)}`,
    answer,
  ].join('\n');
}
