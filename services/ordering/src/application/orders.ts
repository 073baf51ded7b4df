import { randomUUID } from 'node:crypto';
import {
  type AggregateRepository,
  ConcurrencyConflictError,
  type EventStore,
  TransactionOrderConflictError,
} from '@bazaar/event-store';
import type { Pool } from '@bazaar/postgres';
import { ProblemError } from '@bazaar/problem';
import { cursorFields, keysetCursor, keysetPage } from '@bazaar/service-host';
import type postgres from 'postgres';
import type { PriceList } from '../clients/catalog-client.js';
import { idempotencyKeys, type RecordedResponse } from '../db/idempotency-keys.js';
import type {
  OrderCommand,
  OrderEvent,
  OrderLine,
  OrderState,
  PlacedOrder,
  ShippingAddress,
} from '../domain/order.js';
import { parseCardNumber, toPaymentMethod } from '../domain/payment-card.js';
import { requestHash } from './request-hash.js';

export interface Caller {
  userId: string;
  role: 'customer' | 'admin';
}

export interface PlaceOrderInput {
  items: { productId: string; quantity: number }[];
  shippingAddress: ShippingAddress;
  paymentMethod: { type: 'card'; number: string };
}

export interface Accepted {
  statusCode: number;
  body: { orderId: string; status: 'PENDING' };
  location: string;
  replayed: boolean;
}

// Orders are newest first by placing time (stored to the millisecond, from the domain's clock), then id.
const listCursor = keysetCursor(cursorFields.millisecondInstant, cursorFields.uuid);

// A cancel races the saga's own appends only for the moment a step lands; a few fresh tries settle it.
const CANCEL_ATTEMPTS = 5;

const notFound = () => new ProblemError('not-found', 404, 'Not found', 'No such order.');
const keyReused = () =>
  new ProblemError(
    'idempotency-key-reused',
    422,
    'Idempotency key reused',
    'This Idempotency-Key was used with a different request body; use a new key for a new request.',
  );

export interface OrderSummary {
  id: string;
  status: string;
  reason: string | null;
  total: { amount: number; currency: string };
  itemCount: number;
  version: number;
  createdAt: Date;
  updatedAt: Date;
}

/** What happens to an order after it is accepted: its fulfilment (the saga) starts and can be stopped. */
export interface Fulfilment {
  /** In the placing transaction: announce the order and start fulfilling it. */
  start(tx: postgres.TransactionSql, order: PlacedOrder): Promise<void>;
  /** In the cancelling transaction: stop fulfilment and compensate; false when it is no longer running. */
  cancel(tx: postgres.TransactionSql, orderId: string, reason: string): Promise<boolean>;
}

/** The ordering service's use cases: place, cancel, read (now, as of a version, as events) and list. */
export function orders(deps: {
  db: Pool;
  store: EventStore;
  repository: AggregateRepository<OrderState, OrderCommand, OrderEvent>;
  priceList: PriceList;
  fulfilment: Fulfilment;
  now?: () => Date;
}) {
  const { db, store, repository, priceList } = deps;
  const now = deps.now ?? (() => new Date());
  const keys = idempotencyKeys(db);

  function replay(recorded: RecordedResponse, hash: string): Accepted {
    if (recorded.requestHash !== hash) throw keyReused();
    return {
      statusCode: recorded.statusCode,
      body: recorded.response as Accepted['body'],
      location: recorded.location ?? '',
      replayed: true,
    };
  }

  async function visibleOrder(
    caller: Caller,
    id: string,
    toVersion?: number,
  ): Promise<{ order: PlacedOrder; version: number }> {
    const loaded = await repository.load(id, toVersion === undefined ? {} : { toVersion });
    // Another user's order and a missing one look the same from outside.
    if (!loaded.state.exists || (caller.role !== 'admin' && loaded.state.userId !== caller.userId))
      throw notFound();
    if (toVersion !== undefined && loaded.version < toVersion) {
      throw new ProblemError('version-not-found', 404, 'Not found', `The order has no version ${toVersion}.`);
    }
    return { order: loaded.state, version: loaded.version };
  }

  return {
    async place(caller: Caller, input: PlaceOrderInput, idempotencyKey?: string): Promise<Accepted> {
      const hash = requestHash(input);
      if (idempotencyKey) {
        const recorded = await keys.find(caller.userId, idempotencyKey);
        if (recorded) return replay(recorded, hash);
      }
      const cardNumber = parseCardNumber(input.paymentMethod.number);
      if (!cardNumber)
        throw new ProblemError(
          'invalid-card',
          400,
          'Card number is invalid',
          'A card number has 12 to 19 digits.',
        );

      const prices = await priceList.prices(input.items.map((item) => item.productId));
      const unknown = input.items.map((item) => item.productId).filter((id) => !prices.has(id));
      if (unknown.length > 0) {
        throw new ProblemError(
          'unknown-product',
          400,
          'Unknown product',
          `No product with id ${unknown.join(', ')}.`,
          {
            productIds: unknown,
          },
        );
      }
      const items: OrderLine[] = input.items.map((item) => ({
        ...item,
        unitPrice: prices.get(item.productId)!,
      }));
      const orderId = randomUUID();
      const command: OrderCommand = {
        type: 'PlaceOrder',
        orderId,
        userId: caller.userId,
        items,
        shippingAddress: input.shippingAddress,
        paymentMethod: toPaymentMethod(cardNumber),
        at: now().toISOString(),
      };
      const accepted: Accepted = {
        statusCode: 202,
        body: { orderId, status: 'PENDING' },
        location: `/api/orders/${orderId}`,
        replayed: false,
      };

      return db.begin(async (tx) => {
        if (idempotencyKey && !(await keys.claim(tx, caller.userId, idempotencyKey, hash))) {
          const recorded = await keys.find(caller.userId, idempotencyKey, tx);
          if (!recorded) throw new Error('idempotency key claimed but no response recorded');
          return replay(recorded, hash);
        }
        const placed = await repository.handle(orderId, command, { sql: tx, expectedVersion: 'no-stream' });
        if (!placed.state.exists) throw new Error('a placed order must exist');
        await deps.fulfilment.start(tx, placed.state);
        if (idempotencyKey) {
          await keys.complete(tx, caller.userId, idempotencyKey, {
            statusCode: accepted.statusCode,
            response: accepted.body,
            location: accepted.location,
          });
        }
        return accepted;
      });
    },

    get: (caller: Caller, id: string, asOfVersion?: number) => visibleOrder(caller, id, asOfVersion),

    /**
     * The customer (or an admin) asks to cancel: refused once the order has shipped or closed; otherwise the
     * saga compensates what ran and the order ends CANCELLED_BY_CUSTOMER. Asking again changes nothing.
     */
    async cancel(caller: Caller, id: string): Promise<{ orderId: string; status: 'PENDING' }> {
      await visibleOrder(caller, id);
      // The saga may be writing the order's stream at this very moment (its append then wins the version, or
      // took a newer transaction id): the request is decided again on the stream as it now stands, in a fresh
      // transaction, rather than reported to the customer as a conflict they can do nothing about.
      for (let attempt = 1; ; attempt++) {
        try {
          await db.begin(async (tx) => {
            const result = await repository.handle(
              id,
              { type: 'RequestCancellation', at: now().toISOString() },
              { sql: tx },
            );
            if (result.events.length > 0) await deps.fulfilment.cancel(tx, id, 'CANCELLED_BY_CUSTOMER');
          });
          return { orderId: id, status: 'PENDING' };
        } catch (error) {
          const raced =
            error instanceof TransactionOrderConflictError || error instanceof ConcurrencyConflictError;
          if (!raced || attempt === CANCEL_ATTEMPTS) throw error;
        }
      }
    },

    async events(caller: Caller, id: string) {
      await visibleOrder(caller, id);
      return store.readStream(repository.streamOf(id));
    },

    async list(caller: Caller, options: { limit: number; cursor?: string; userId?: string }) {
      const owner = options.userId ?? caller.userId;
      // A customer asking for someone else's orders learns nothing, not even that they exist.
      if (owner !== caller.userId && caller.role !== 'admin') throw notFound();
      const after = options.cursor === undefined ? undefined : listCursor.decode(options.cursor);
      const rows = await db<OrderSummary[]>`
        SELECT order_id AS id, status, reason, json_build_object('amount', total_amount, 'currency', currency) AS total,
               item_count AS "itemCount", version, created_at AS "createdAt", updated_at AS "updatedAt"
        FROM order_summaries
        WHERE user_id = ${owner}
          ${after ? db`AND (created_at, order_id) < (${after[0]}::timestamptz, ${after[1]}::uuid)` : db``}
        ORDER BY created_at DESC, order_id DESC
        LIMIT ${options.limit + 1}`;
      return keysetPage(
        rows,
        options.limit,
        listCursor,
        (row) => [row.createdAt.toISOString(), row.id] as const,
      );
    },
  };
}

export type Orders = ReturnType<typeof orders>;
