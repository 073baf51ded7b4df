import { bearer } from '@bazaar/client';
import {
  type LoadArgs,
  ORDER_KIND_PAYLOAD,
  ORDER_KINDS,
  type OrderKind,
  pickKind,
  seededRandom,
} from './args.js';
import type { HttpClient } from './http-client.js';
import { openLoop, percentile, type Sample } from './open-loop.js';
import { formatProgress, type LoadReport, type ProgressSnapshot } from './report.js';
import { type Buyer, type PlacedOrder, placeOrder, prepareShop, type ShopSetup } from './shop.js';

const FINAL = new Set(['CONFIRMED', 'CANCELLED']);

interface OrderPage {
  items: { id: string; status: string; reason: string | null }[];
  nextCursor: string | null;
}

/** One accepted order as the load follows it through the read model. */
export interface TrackedOrder {
  id: string;
  buyer: number;
  kind: OrderKind;
  acceptedAt: number;
  status: string;
  reason: string | null;
  /** Seen in the read model at least once. */
  seen: boolean;
  settledAt?: number;
}

/**
 * The accepted orders of a run and what the read model says of them, refreshed by polling each buyer's
 * newest-first order list only as deep as that buyer's oldest unsettled order.
 */
export class OrderTracker {
  readonly orders = new Map<string, TrackedOrder>();
  private readonly unsettledByBuyer = new Map<number, Set<string>>();

  constructor(
    private readonly client: HttpClient,
    private readonly buyers: readonly Buyer[],
  ) {}

  add(order: Omit<TrackedOrder, 'status' | 'reason' | 'seen'>): void {
    this.orders.set(order.id, { ...order, status: 'PENDING', reason: null, seen: false });
    const set = this.unsettledByBuyer.get(order.buyer) ?? new Set<string>();
    this.unsettledByBuyer.set(order.buyer, set);
    set.add(order.id);
  }

  /** Ids of the accepted orders not settled yet. */
  unsettled(): string[] {
    return [...this.unsettledByBuyer.values()].flatMap((set) => [...set]);
  }

  isSettled(id: string): boolean {
    return FINAL.has(this.orders.get(id)?.status ?? '');
  }

  counts(): { confirmed: number; cancelled: Record<string, number> } {
    let confirmed = 0;
    const cancelled: Record<string, number> = {};
    for (const order of this.orders.values()) {
      if (order.status === 'CONFIRMED') confirmed++;
      else if (order.status === 'CANCELLED') {
        const reason = order.reason ?? 'no reason';
        cancelled[reason] = (cancelled[reason] ?? 0) + 1;
      }
    }
    return { confirmed, cancelled };
  }

  /** One refresh; a failing list (the system is down, say) is left for the next one. */
  async poll(): Promise<void> {
    const work = [...this.unsettledByBuyer.entries()].filter(([, set]) => set.size > 0);
    for (let from = 0; from < work.length; from += 8) {
      await Promise.all(work.slice(from, from + 8).map(([buyer, set]) => this.pollBuyer(buyer, set)));
    }
  }

  private async pollBuyer(buyer: number, unsettled: Set<string>): Promise<void> {
    const waiting = new Set(unsettled);
    try {
      for (let cursor: string | null = null; waiting.size > 0; ) {
        const { data, response }: { data?: OrderPage; response: Response } = await this.client.api.GET(
          '/api/orders',
          {
            params: { query: { limit: 100, ...(cursor ? { cursor } : {}) } },
            headers: bearer(this.buyers[buyer]!.token),
          },
        );
        if (response.status !== 200 || !data) return;
        for (const item of data.items) {
          if (!waiting.delete(item.id)) continue;
          this.update(item.id, item.status, item.reason, unsettled);
        }
        cursor = data.nextCursor;
        if (!cursor) return;
      }
    } catch {
      // the system is not answering; the next poll tries again
    }
  }

  update(id: string, status: string, reason: string | null | undefined, unsettled?: Set<string>): void {
    const order = this.orders.get(id);
    if (!order) return;
    order.seen = true;
    order.status = status;
    order.reason = reason ?? null;
    if (FINAL.has(status) && order.settledAt === undefined) {
      order.settledAt = performance.now();
      (unsettled ?? this.unsettledByBuyer.get(order.buyer))?.delete(id);
    }
  }
}

/** Where the load writes: a live status line, and lines that stay. */
export interface LoadOutput {
  /** The progress line (rewritten in place on a terminal). */
  status(line: string): void;
  /** A line that stays (clears the status line first on a terminal). */
  line(text: string): void;
}

/**
 * On a TTY the status line is rewritten with \r about once a second; elsewhere (a log, a pipe) a status
 * line is printed every `everyMs` (5 s) only.
 */
export function terminalOutput(stream: NodeJS.WriteStream = process.stdout, everyMs = 5_000): LoadOutput {
  const tty = Boolean(stream.isTTY);
  let shown = false;
  let lastPrinted = 0;
  return {
    status(line) {
      if (tty) {
        const width = stream.columns ?? 200;
        stream.write(`\r\x1b[2K${line.length > width - 1 ? `${line.slice(0, width - 2)}…` : line}`);
        shown = true;
      } else if (performance.now() - lastPrinted >= everyMs) {
        lastPrinted = performance.now();
        stream.write(`${line}\n`);
      }
    },
    line(text) {
      if (tty && shown) stream.write('\r\x1b[2K');
      shown = false;
      stream.write(`${text}\n`);
    },
  };
}

export interface RunLoadOptions extends LoadArgs {
  admin: { email: string; password: string };
  client: HttpClient;
  output: LoadOutput;
  /** Read-model refresh interval (ms). */
  pollMs?: number;
  /** Called once the shop is ready and the load is about to start. */
  onStart?(run: { tracker: OrderTracker; shop: ShopSetup; startedAt: number }): void;
}

const PRODUCTS = 10;

function errorKey(sample: Sample<PlacedOrder>): string | undefined {
  if (sample.value?.status === 202 && sample.value.orderId) return undefined;
  if (sample.value) {
    const type = sample.value.problemType?.replace(/^urn:bazaar:problem:/, '') ?? 'no problem type';
    return `${sample.value.status} ${type}`;
  }
  const error = sample.error as { code?: string; cause?: { code?: string }; name?: string; message?: string };
  const code = error?.cause?.code ?? error?.code ?? error?.name ?? 'error';
  return `transport ${code}`;
}

/**
 * One open-loop run: buyers and stock first, then orders at the fixed rate with the mix, a live progress
 * line, and afterwards a wait (up to the deadline) for every accepted order to settle; each order still
 * unsettled or missing from the read model is then asked for by GET /api/orders/:id.
 */
export async function runLoad(options: RunLoadOptions): Promise<LoadReport> {
  const { client, output } = options;
  const total = Math.floor((options.rate * options.durationMs) / 1000);
  output.line(
    `preparing: ${options.buyers} buyers, restocking ${PRODUCTS} products at ${options.url} (${total} orders to send)`,
  );
  const shop = await prepareShop(client, {
    admin: options.admin,
    buyers: options.buyers,
    products: PRODUCTS,
    unitsPerProduct: Math.ceil(total / PRODUCTS) * 2 + 100,
  });
  const tracker = new OrderTracker(client, shop.buyers);
  const random = seededRandom(options.seed);
  const kinds = Array.from({ length: total }, () => pickKind(options.mix, random()));
  const latencies: number[] = [];
  const errors: Record<string, number> = {};
  let sent = 0;
  let accepted = 0;
  const startedAt = performance.now();
  let settling: { pending: number } | undefined;
  let firstSentAt: number | undefined;
  let lastSentAt = 0;

  const snapshot = (): ProgressSnapshot => ({
    elapsedMs: performance.now() - startedAt,
    sent,
    accepted,
    ...tracker.counts(),
    errors: Object.values(errors).reduce((a, b) => a + b, 0),
    p50Ms: percentile(latencies, 50),
    p99Ms: percentile(latencies, 99),
    ...(settling ? { settling } : {}),
  });
  const progress = setInterval(() => output.status(formatProgress(snapshot())), 1_000);
  let polling = true;
  const poller = (async () => {
    while (polling) {
      await tracker.poll();
      await new Promise((resolve) => setTimeout(resolve, options.pollMs ?? 1_000));
    }
  })();

  options.onStart?.({ tracker, shop, startedAt });
  output.line(
    `load: ${options.rate}/s for ${(options.durationMs / 1000).toFixed(0)} s, mix ${Object.entries(
      options.mix,
    )
      .filter(([, w]) => w > 0)
      .map(([k, w]) => `${k}=${w}`)
      .join(',')}, seed ${options.seed}`,
  );
  let samples: Sample<PlacedOrder>[];
  try {
    samples = await openLoop({
      rate: options.rate,
      durationMs: options.durationMs,
      request: (index) => {
        sent++;
        firstSentAt ??= performance.now();
        lastSentAt = performance.now();
        const buyer = index % shop.buyers.length;
        const { card, country } = ORDER_KIND_PAYLOAD[kinds[index]!];
        return placeOrder(
          client,
          shop.buyers[buyer]!,
          shop.productIds[index % shop.productIds.length]!,
          card,
          country,
        );
      },
      onSample: (sample) => {
        latencies.push(sample.latencyMs);
        const key = errorKey(sample);
        if (key) errors[key] = (errors[key] ?? 0) + 1;
        else {
          accepted++;
          tracker.add({
            id: sample.value!.orderId!,
            buyer: sample.index % shop.buyers.length,
            kind: kinds[sample.index]!,
            acceptedAt: performance.now(),
          });
        }
      },
    });
  } catch (error) {
    clearInterval(progress);
    polling = false;
    throw error;
  }
  const loadEndedAt = performance.now();
  // The achieved rate is over the time the sends really took, plus one interval (n sends span n intervals).
  const sendSpanMs = firstSentAt === undefined ? 0 : lastSentAt - firstSentAt + 1000 / options.rate;

  // Settle: until every accepted order is final in the read model, or the deadline.
  while (tracker.unsettled().length > 0 && performance.now() - loadEndedAt < options.deadlineMs) {
    settling = { pending: tracker.unsettled().length };
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  polling = false;
  await poller;
  await tracker.poll();
  clearInterval(progress);
  output.line(formatProgress({ ...snapshot(), settling: { pending: tracker.unsettled().length } }));

  // The truth for what the read model does not show as settled: the order's own stream.
  const lost: string[] = [];
  const pending: string[] = [];
  let readModelBehind = 0;
  const unsure = [...tracker.orders.values()].filter((order) => !tracker.isSettled(order.id));
  for (let from = 0; from < unsure.length; from += 16) {
    await Promise.all(
      unsure.slice(from, from + 16).map(async (order) => {
        try {
          const { data, response } = await client.api.GET('/api/orders/{id}', {
            params: { path: { id: order.id } },
            headers: bearer(shop.buyers[order.buyer]!.token),
          });
          if (response.status === 404) {
            if (order.seen) pending.push(order.id);
            else lost.push(order.id);
          } else if (response.status === 200 && data && FINAL.has(data.status)) {
            readModelBehind++;
            tracker.update(order.id, data.status, data.reason ?? null);
          } else pending.push(order.id);
        } catch {
          pending.push(order.id);
        }
      }),
    );
  }
  const settledAts = [...tracker.orders.values()].map((order) => order.settledAt);
  const lastSettled = Math.max(loadEndedAt, ...settledAts.map((at) => at ?? 0));
  const byKind: Record<string, Record<string, number>> = {};
  const orders = [...tracker.orders.values()].sort(
    (a, b) => ORDER_KINDS.indexOf(a.kind) - ORDER_KINDS.indexOf(b.kind),
  );
  for (const order of orders) {
    const outcome = order.status === 'CANCELLED' ? (order.reason ?? 'CANCELLED') : order.status;
    const kind = `${order.kind} (expect ${ORDER_KIND_PAYLOAD[order.kind].expect})`;
    byKind[kind] ??= {};
    byKind[kind][outcome] = (byKind[kind][outcome] ?? 0) + 1;
  }
  const { confirmed, cancelled } = tracker.counts();
  return {
    target: { rate: options.rate, durationMs: options.durationMs },
    sendSpanMs,
    sent: samples.length,
    accepted,
    confirmed,
    cancelled,
    errors,
    lost,
    pending,
    readModelBehind,
    deadlineMs: options.deadlineMs,
    settledAfterMs:
      lost.length === 0 && pending.length === 0 ? Math.max(0, lastSettled - loadEndedAt) : undefined,
    byKind,
    latenciesMs: samples.map((sample) => sample.latencyMs),
  };
}
