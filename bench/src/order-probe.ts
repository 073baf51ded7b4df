import { type Buyer, type HttpClient, openLoop, percentile, placeOrder, type ShopSetup } from '@bazaar/cli';
import type postgres from 'postgres';

/** One open-loop step of orders and what became of them. */
export interface Probe {
  rate: number;
  sent: number;
  accepted: number;
  errors: number;
  settled: boolean;
  /** POST latencies from the intended send time. */
  post: number[];
  /** Placed → CONFIRMED, from the saga's own row. */
  saga: number[];
  sustained: boolean;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Open-loop order steps against a running system, judged from ordering's database (not through the
 * system's API): a rate is sustained when every order is accepted, all have settled within `drainMs` of the
 * last send, and the saga's p99 stays under `sustainedSagaP99Ms`.
 */
export function orderProber(options: {
  client: HttpClient;
  shop: ShopSetup;
  /** A connection to the system's ordering database. */
  ordering: postgres.Sql;
  drainMs: number;
  sustainedSagaP99Ms: number;
  log: (line: string) => void;
}) {
  const { client, shop, ordering, drainMs, log } = options;
  const settledOf = async (ids: readonly string[]) => {
    const [row] = await ordering<{ settled: number }[]>`
      SELECT count(*)::int AS settled FROM saga_instances
      WHERE id = ANY(${ids as string[]}::uuid[]) AND status IN ('COMPLETED', 'COMPENSATED', 'NEEDS_ATTENTION')`;
    return row?.settled ?? 0;
  };

  /** Runs one open-loop step at `rate` and waits for its orders to settle. */
  return async function probe(rate: number, seconds: number): Promise<Probe> {
    const samples = await openLoop({
      rate,
      durationMs: seconds * 1000,
      request: (index) =>
        placeOrder(
          client,
          shop.buyers[index % shop.buyers.length] as Buyer,
          shop.productIds[index % shop.productIds.length]!,
        ),
    });
    const accepted = samples.filter((sample) => sample.value?.status === 202);
    const ids = accepted.map((sample) => sample.value!.orderId!);
    const drainUntil = performance.now() + drainMs;
    let settled = false;
    for (;;) {
      settled = (await settledOf(ids)) >= ids.length;
      if (settled || performance.now() > drainUntil) break;
      await sleep(100);
    }
    // Anything still running (an overloaded probe) finishes before the next one starts.
    const calmUntil = performance.now() + 300_000;
    while ((await settledOf(ids)) < ids.length && performance.now() < calmUntil) await sleep(250);
    // The saga's own row: created in the placing transaction, last updated by the one that confirmed.
    const rows = await ordering<{ status: string; sagaMs: number }[]>`
      SELECT status, extract(epoch FROM updated_at - created_at) * 1000 AS "sagaMs"
      FROM saga_instances WHERE id = ANY(${ids}::uuid[])`;
    const saga = rows.filter((row) => row.status === 'COMPLETED').map((row) => Number(row.sagaMs));
    const errors = samples.length - accepted.length;
    const result: Probe = {
      rate,
      sent: samples.length,
      accepted: accepted.length,
      errors,
      settled,
      post: samples.map((sample) => sample.latencyMs),
      saga,
      sustained:
        errors === 0 &&
        settled &&
        percentile(saga, 99) <= options.sustainedSagaP99Ms &&
        saga.length === ids.length,
    };
    log(
      `${rate.toFixed(0)}/s for ${seconds} s: ${result.accepted}/${result.sent} accepted, ${settled ? 'settled' : 'NOT settled'} within ${drainMs} ms, ` +
        `POST p99 ${percentile(result.post, 99).toFixed(0)} ms, saga p50/p99 ${percentile(saga, 50).toFixed(0)}/${percentile(saga, 99).toFixed(0)} ms → ${result.sustained ? 'sustained' : 'not sustained'}`,
    );
    return result;
  };
}
