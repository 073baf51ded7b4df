import type { BatchProjection, StoredEvent } from '@bazaar/event-store';
import type { OrderEvent } from '../domain/order.js';

export const ORDER_STREAM_PREFIX = 'order-';

type Placed = Extract<OrderEvent, { type: 'OrderPlaced' }>['data'];

/** What a run of events after the placement changes on an order's row (the last write of each column wins). */
interface Changes {
  version: number;
  updatedAt: string;
  /** null: unchanged. */
  status: 'CONFIRMED' | 'CANCELLED' | null;
  /** Set by a cancellation only; `reasonSet` tells "no cancellation" from a cancellation without a reason. */
  reasonSet: boolean;
  reason: string | null;
}

/** One order's events in a batch, folded. */
interface OrderFold {
  /** The first OrderPlaced of the batch (a later one would do nothing, as its insert would conflict). */
  placed?: { data: Placed; version: number };
  /** Every other event, for a row that existed before the batch. */
  all?: Changes;
  /** The other events after `placed`, for the row `placed` inserts. */
  afterPlaced?: Changes;
}

function change(
  changes: Changes | undefined,
  event: Exclude<OrderEvent, { type: 'OrderPlaced' }>,
  version: number,
): Changes {
  const next: Changes = changes
    ? { ...changes, version, updatedAt: event.data.at }
    : { version, updatedAt: event.data.at, status: null, reasonSet: false, reason: null };
  if (event.type === 'OrderConfirmed') next.status = 'CONFIRMED';
  if (event.type === 'OrderCancelled') {
    next.status = 'CANCELLED';
    next.reasonSet = true;
    next.reason = event.data.reason;
  }
  return next;
}

/** Folds a batch per order, in the order the events come. */
function foldBatch(events: readonly StoredEvent[]): Map<string, OrderFold> {
  const orders = new Map<string, OrderFold>();
  for (const stored of events) {
    if (!stored.streamId.startsWith(ORDER_STREAM_PREFIX)) continue;
    const orderId = stored.streamId.slice(ORDER_STREAM_PREFIX.length);
    const event = { type: stored.type, data: stored.data } as OrderEvent;
    let fold = orders.get(orderId);
    if (!fold) {
      fold = {};
      orders.set(orderId, fold);
    }
    switch (event.type) {
      case 'OrderPlaced':
        fold.placed ??= { data: event.data, version: stored.version };
        break;
      case 'OrderStepRecorded':
      case 'OrderCancellationRequested':
      case 'OrderConfirmed':
      case 'OrderCancelled':
        fold.all = change(fold.all, event, stored.version);
        if (fold.placed) fold.afterPlaced = change(fold.afterPlaced, event, stored.version);
        break;
    }
  }
  return orders;
}

/**
 * The read model behind `GET /api/orders`: one row per order, newest first per user. Rebuilt from the
 * event streams whenever its version changes.
 *
 * Applied a batch at a time: the batch is folded per order, then one UPDATE moves the orders whose row
 * existed before the batch and one INSERT adds the orders placed in it (with what later events of the same
 * batch changed). The UPDATE runs first, so it cannot touch a row the INSERT adds; the INSERT skips orders
 * that already have a row, like the per-event `ON CONFLICT DO NOTHING` did. Events of an order not placed
 * (yet) change nothing, as an UPDATE of a missing row did.
 */
export const orderSummaries: BatchProjection = {
  name: 'order_summaries',
  version: 1,
  tables: ['order_summaries'],

  async create(tx, tables) {
    const table = tables.order_summaries!;
    await tx.unsafe(`
      CREATE TABLE "${table}" (
        order_id      uuid PRIMARY KEY,
        user_id       uuid NOT NULL,
        status        text NOT NULL,
        reason        text,
        total_amount  bigint NOT NULL,
        currency      char(3) NOT NULL,
        item_count    integer NOT NULL,
        version       integer NOT NULL,
        created_at    timestamptz NOT NULL,
        updated_at    timestamptz NOT NULL
      )`);
    await tx.unsafe(
      `CREATE INDEX "${table}_user_newest_idx" ON "${table}" (user_id, created_at DESC, order_id DESC)`,
    );
  },

  async handleBatch(tx, events, tables) {
    const table = tables.order_summaries!;
    // In key order: the index is then walked once from left to right instead of at random places.
    const orders = [...foldBatch(events)].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    // One array per column, unnested into rows: one statement however many orders. Booleans go through
    // tx.array, which types the array as boolean[] (a plain array would be sent as a single boolean).
    const changed = orders.flatMap(([orderId, { all }]) => (all ? [{ orderId, ...all }] : []));
    if (changed.length > 0) {
      await tx`
        UPDATE ${tx(table)} AS s
        SET version = c.version, updated_at = c.updated_at, status = coalesce(c.status, s.status),
            reason = CASE WHEN c.reason_set THEN c.reason ELSE s.reason END
        FROM unnest(${changed.map((c) => c.orderId)}::uuid[], ${changed.map((c) => c.version)}::integer[],
                    ${changed.map((c) => c.updatedAt)}::timestamptz[], ${changed.map((c) => c.status)}::text[],
                    ${tx.array(changed.map((c) => c.reasonSet))}::boolean[], ${changed.map((c) => c.reason)}::text[])
          AS c (order_id, version, updated_at, status, reason_set, reason)
        WHERE s.order_id = c.order_id`;
    }

    const placed = orders.flatMap(([orderId, { placed, afterPlaced: after }]) => {
      if (!placed) return [];
      const { data } = placed;
      return [
        {
          orderId,
          userId: data.userId,
          status: after?.status ?? 'PENDING',
          reason: after?.reasonSet ? after.reason : null,
          total: data.total.amount,
          currency: data.total.currency,
          itemCount: data.items.reduce((count, item) => count + item.quantity, 0),
          version: after?.version ?? placed.version,
          createdAt: data.placedAt,
          updatedAt: after?.updatedAt ?? data.placedAt,
        },
      ];
    });
    if (placed.length > 0) {
      await tx`
        INSERT INTO ${tx(table)} (order_id, user_id, status, reason, total_amount, currency, item_count, version,
                                  created_at, updated_at)
        SELECT * FROM unnest(${placed.map((r) => r.orderId)}::uuid[], ${placed.map((r) => r.userId)}::uuid[],
                             ${placed.map((r) => r.status)}::text[], ${placed.map((r) => r.reason)}::text[],
                             ${placed.map((r) => r.total)}::bigint[], ${placed.map((r) => r.currency)}::char(3)[],
                             ${placed.map((r) => r.itemCount)}::integer[], ${placed.map((r) => r.version)}::integer[],
                             ${placed.map((r) => r.createdAt)}::timestamptz[], ${placed.map((r) => r.updatedAt)}::timestamptz[])
        ON CONFLICT (order_id) DO NOTHING`;
    }
  },
};
