import { EVENT_TYPES } from '@bazaar/contracts';
import { type RunningService, requireDb, requireMessaging } from '@bazaar/service-host';

/** The sum of a counter's values whose labels include `labels`. */
export async function counted(
  service: RunningService,
  name: string,
  labels: Record<string, string> = {},
): Promise<number> {
  const metric = service.context.metrics.getSingleMetric(name);
  if (!metric) return 0;
  const { values } = await metric.get();
  return values
    .filter((value) => Object.entries(labels).every(([key, wanted]) => value.labels[key] === wanted))
    .reduce((sum, value) => sum + value.value, 0);
}

/**
 * Commits a new price with its PriceChanged the way another catalog instance would: straight in the
 * database and outbox, so this instance's cache learns of it only from the event.
 */
export async function changePriceElsewhere(service: RunningService, id: string, amount: number) {
  const db = requireDb(service.context);
  const messaging = requireMessaging(service.context);
  await db.begin(async (tx) => {
    const [before] = await tx<{ amount: number; currency: string }[]>`
      SELECT price_amount::int AS amount, currency FROM products WHERE id = ${id} FOR UPDATE`;
    await tx`UPDATE products SET price_amount = ${amount}, version = version + 1, updated_at = now()
             WHERE id = ${id}`;
    await messaging.publish(tx, [
      {
        type: EVENT_TYPES.priceChanged,
        subject: id,
        data: {
          productId: id,
          previousPrice: { amount: before!.amount, currency: before!.currency },
          price: { amount, currency: before!.currency },
        },
      },
    ]);
  });
}

/** Retries `check` until it stops throwing (an effect that arrives by event), failing after `timeoutMs`. */
export async function until(check: () => Promise<void>, options: { timeoutMs?: number } = {}) {
  const deadline = Date.now() + (options.timeoutMs ?? 15_000);
  for (;;) {
    try {
      return await check();
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
}
