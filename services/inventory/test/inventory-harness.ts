import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import {
  EVENT_TYPES,
  FULFILMENT_TYPES,
  type ProductCreated,
  type ReserveStock,
  TOPICS,
} from '@bazaar/contracts';
import { createEnvelope, type Envelope } from '@bazaar/messaging';
import type { Pool } from '@bazaar/postgres';
import { createTestTokenIssuer, eventually, startTestService, testDatabaseServerUrl } from '@bazaar/testing';
import { inventoryService } from '../src/service.js';

export type Running = Awaited<ReturnType<typeof startTestService>>;

/**
 * Starts an inventory on the test server in the databases of `prefix`, with the PostgreSQL message store;
 * instances started with one prefix share their databases, as instances of one system do.
 */
export async function startInventory(prefix: string, initialStock: number): Promise<Running> {
  return startTestService(inventoryService, {
    prefix,
    serverUrl: testDatabaseServerUrl(),
    transport: true,
    tokens: (await createTestTokenIssuer()).verifier,
    env: { INVENTORY_INITIAL_STOCK: String(initialStock) },
  });
}

export interface StockRow {
  productId: string;
  received: number;
  available: number;
  reserved: number;
  committed: number;
}

export interface Reply {
  type: string;
  data: Record<string, unknown>;
}

/** Talks to a running inventory the way the rest of the system does: through the transport and its tables. */
export function inventoryHarness(inventory: Running) {
  const db = inventory.context.db as Pool;
  const transport = () => inventory.messaging!.transport!;

  function command<Data extends { orderId: string }>(type: string, data: Data): Envelope {
    return createEnvelope({ type, source: '/bazaar/ordering', data, subject: data.orderId });
  }

  const harness = {
    db,

    /** Sends saga commands at once, each a new message (as the saga's retries are). */
    async send(...envelopes: Envelope[]): Promise<Envelope[]> {
      await transport().publish(envelopes.map((envelope) => ({ topic: TOPICS.inventoryCommands, envelope })));
      return envelopes;
    },
    reserve: (orderId: string, lines: ReserveStock['lines']) =>
      command(FULFILMENT_TYPES.reserveStock, { orderId, lines }),
    release: (orderId: string) => command(FULFILMENT_TYPES.releaseStock, { orderId }),
    commit: (orderId: string) => command(FULFILMENT_TYPES.commitStock, { orderId }),

    /** Announces a product as the catalog does. */
    async announceProduct(productId: string): Promise<Envelope> {
      const [envelope] = await harness.announceProducts(productId);
      return envelope!;
    },

    /** Announces products in one publish, as the catalog's relay does with what its outbox holds. */
    async announceProducts(...productIds: string[]): Promise<Envelope[]> {
      const envelopes = productIds.map((productId) => {
        const data: ProductCreated = {
          productId,
          name: `Test product ${productId.slice(0, 8)}`,
          category: 'testing',
          price: { amount: 1000, currency: 'EUR' },
        };
        return createEnvelope({
          type: EVENT_TYPES.productCreated,
          source: '/bazaar/catalog',
          data,
          subject: productId,
        });
      });
      await transport().publish(envelopes.map((envelope) => ({ topic: TOPICS.products, envelope })));
      return envelopes;
    },

    /** A product inventory has just opened stock for. */
    async newProduct(): Promise<string> {
      const productId = randomUUID();
      await harness.announceProduct(productId);
      await eventually(() => harness.stock(productId), `inventory keeps stock for ${productId}`);
      return productId;
    },

    async stock(productId: string): Promise<StockRow | undefined> {
      const [row] = await db<StockRow[]>`
        SELECT product_id AS "productId", received, available, reserved, committed
        FROM stock WHERE product_id = ${productId}`;
      return row;
    },

    async reservation(orderId: string) {
      const [row] = await db<{ status: string; reason: string | null; lines: unknown }[]>`
        SELECT status, reason, lines FROM reservations WHERE order_id = ${orderId}`;
      return row;
    },

    /** What inventory answered about an order, oldest first: its outbox is the truth of what it sent. */
    async replies(orderId: string): Promise<Reply[]> {
      const rows = await db<{ envelope: Envelope<Record<string, unknown>> }[]>`
        SELECT envelope FROM outbox WHERE envelope->>'subject' = ${orderId} ORDER BY id`;
      return rows.map(({ envelope }) => ({ type: envelope.type, data: envelope.data }));
    },

    /** Waits until the order has this many replies and returns them. */
    repliesOnce: (orderId: string, count: number) =>
      eventually(async () => {
        const replies = await harness.replies(orderId);
        assert.ok(replies.length <= count, `more replies than expected: ${JSON.stringify(replies)}`);
        return replies.length === count ? replies : undefined;
      }, `${count} replies for order ${orderId}`),

    /** Waits until inventory has handled these commands (their ids are in its inbox with the effect). */
    handled: (...envelopes: Envelope[]) => harness.handledBy('inventory.commands', envelopes),

    handledBy: (group: string, envelopes: readonly Envelope[]) =>
      eventually(async () => {
        const ids = envelopes.map((envelope) => envelope.id);
        const [row] = await db<{ count: number }[]>`
          SELECT count(*)::int AS count FROM inbox
          WHERE consumer = ${group} AND message_id = ANY(${ids}::text[])`;
        return row?.count === ids.length ? true : undefined;
      }, `${group} handled ${envelopes.length} message(s)`),
  };
  return harness;
}
