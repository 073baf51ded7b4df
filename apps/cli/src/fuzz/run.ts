import { prepareCallers } from './callers.js';
import { type Operation, operationsOf } from './operations.js';
import { type FuzzRequest, generateRequest } from './requests.js';
import { sender } from './send.js';
import { formatFailure, type Tally, tally } from './summary.js';
import { type Failure, judge, type Outcome } from './verdict.js';

export interface FuzzOptions {
  url: string;
  requests: number;
  seed: number;
  /** Admin credentials; without them the run has only the anonymous and the customer callers. */
  admin?: { email: string; password: string };
  timeoutMs?: number;
  concurrency?: number;
  /** Progress and failures as they happen. */
  log?: (line: string) => void;
}

export interface FuzzResult {
  seed: number;
  operations: number;
  requests: number;
  failures: Failure[];
  tally: Tally;
  durationMs: number;
  /** Status of GET /health/ready through the gateway after the run (0 when it did not answer). */
  readyStatus: number;
}

async function fetchDocument(url: string): Promise<Operation[]> {
  const response = await fetch(new URL('/openapi.json', url), { signal: AbortSignal.timeout(10_000) });
  if (response.status !== 200) throw new Error(`GET ${url}/openapi.json answered ${response.status}`);
  return operationsOf((await response.json()) as Parameters<typeof operationsOf>[0]);
}

async function readyStatus(url: string): Promise<number> {
  try {
    return (await fetch(new URL('/health/ready', url), { signal: AbortSignal.timeout(10_000) })).status;
  } catch {
    return 0;
  }
}

/**
 * Sends `requests` generated requests to the gateway at `url`, `concurrency` at a time, and judges every
 * answer. Request i is generated from (seed, i) alone, so the same seed sends the same requests.
 */
export async function runFuzz(options: FuzzOptions): Promise<FuzzResult> {
  const log = options.log ?? (() => {});
  const startedAt = performance.now();
  const operations = await fetchDocument(options.url);
  const context = await prepareCallers(options.url, options.admin);
  const callers = ['anonymous', ...Object.keys(context.tokens)].join(', ');
  log(`fuzzing ${operations.length} operations at ${options.url} as ${callers}, seed ${options.seed}`);
  const client = sender(options.url, {
    timeoutMs: options.timeoutMs ?? 10_000,
    connections: options.concurrency ?? 8,
  });
  const results: { request: FuzzRequest; outcome: Outcome }[] = [];
  const failures: Failure[] = [];
  let next = 0;
  let lastProgress = performance.now();
  const worker = async () => {
    while (next < options.requests) {
      const index = next++;
      const request = generateRequest(operations, context, options.seed, index);
      const outcome = await client.send(request);
      results.push({ request, outcome });
      const reason = judge(outcome);
      if (reason) {
        const failure = { index, request, outcome, reason };
        failures.push(failure);
        log(formatFailure(failure));
      }
      if (performance.now() - lastProgress > 5_000) {
        lastProgress = performance.now();
        log(`  ${results.length}/${options.requests} requests, ${failures.length} failures`);
      }
    }
  };
  try {
    await Promise.all(Array.from({ length: options.concurrency ?? 8 }, worker));
  } finally {
    await client.close();
  }
  failures.sort((a, b) => a.index - b.index);
  return {
    seed: options.seed,
    operations: operations.length,
    requests: results.length,
    failures,
    tally: tally(results),
    durationMs: performance.now() - startedAt,
    readyStatus: await readyStatus(options.url),
  };
}
