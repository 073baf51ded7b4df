import { createPool, databaseUrlFor, type Pool } from '@bazaar/postgres';

/** One invariant of DESIGN.md §6 with its verdict, the counts behind it and the first few offenders. */
export interface InvariantResult {
  id: number;
  name: string;
  ok: boolean;
  counts: Record<string, number>;
  violations: string[];
}

interface OrderFacts {
  orderId: string;
  version: number;
  status: 'PENDING' | 'CONFIRMED' | 'CANCELLED';
  reason: string | null;
  total: { amount: number; currency: string };
  lines: { productId: string; quantity: number }[];
}

const SAMPLE = 10;

/**
 * Checks the invariants that define "nothing lost" against the live databases of one system (prefix): the
 * order event streams are the truth, and every other service's records must agree with them. Meant for a
 * quiet system (after a test or chaos run), where nothing is legitimately in flight.
 */
export async function checkInvariants(serverUrl: string, prefix: string): Promise<InvariantResult[]> {
  const open = (service: string) =>
    createPool(databaseUrlFor(serverUrl, `${prefix}_${service}`), {
      max: 2,
      applicationName: 'bazaar-invariants',
    });
  const ordering = open('ordering');
  const inventory = open('inventory');
  const payment = open('payment');
  const shipping = open('shipping');
  const notification = open('notification');
  try {
    const orders = await orderFacts(ordering);
    const confirmed = orders.filter((order) => order.status === 'CONFIRMED');
    const confirmedIds = new Set(confirmed.map((order) => order.orderId));
    return [
      everyOrderSettled(orders),
      await noStockLeaks(inventory, confirmed),
      await moneyAddsUp(payment, confirmed, confirmedIds),
      await oneShipmentAndConfirmationEach(shipping, notification, orders, confirmedIds),
      await readModelAgrees(ordering, orders),
    ];
  } finally {
    await Promise.all([ordering, inventory, payment, shipping, notification].map((db) => db.end()));
  }
}

async function orderFacts(db: Pool): Promise<OrderFacts[]> {
  const rows = await db<
    {
      orderId: string;
      version: number;
      placed: { total: OrderFacts['total']; items: OrderFacts['lines'] };
      confirmed: boolean;
      cancelledReason: string | null;
      cancelled: boolean;
    }[]
  >`
    SELECT substr(stream_id, 7) AS "orderId", max(stream_version)::int AS version,
           (array_agg(data) FILTER (WHERE event_type = 'OrderPlaced'))[1] AS placed,
           bool_or(event_type = 'OrderConfirmed') AS confirmed,
           bool_or(event_type = 'OrderCancelled') AS cancelled,
           (array_agg(data->>'reason') FILTER (WHERE event_type = 'OrderCancelled'))[1] AS "cancelledReason"
    FROM es_events WHERE stream_id LIKE 'order-%'
    GROUP BY stream_id`;
  return rows
    .filter((row) => row.placed)
    .map((row) => ({
      orderId: row.orderId,
      version: row.version,
      status: row.confirmed ? 'CONFIRMED' : row.cancelled ? 'CANCELLED' : 'PENDING',
      reason: row.cancelledReason,
      total: row.placed.total,
      lines: row.placed.items.map(({ productId, quantity }) => ({ productId, quantity })),
    }));
}

function everyOrderSettled(orders: OrderFacts[]): InvariantResult {
  const pending = orders.filter((order) => order.status === 'PENDING');
  const both = orders.filter((order) => order.status === 'CONFIRMED' && order.reason !== null);
  return {
    id: 1,
    name: 'every accepted order is CONFIRMED or CANCELLED; none stays PENDING',
    ok: pending.length === 0 && both.length === 0,
    counts: {
      orders: orders.length,
      confirmed: orders.filter((order) => order.status === 'CONFIRMED').length,
      cancelled: orders.filter((order) => order.status === 'CANCELLED').length,
      pending: pending.length,
    },
    violations: [
      ...pending.slice(0, SAMPLE).map((order) => `order ${order.orderId} is still PENDING`),
      ...both.slice(0, SAMPLE).map((order) => `order ${order.orderId} is both confirmed and cancelled`),
    ],
  };
}

async function noStockLeaks(db: Pool, confirmed: OrderFacts[]): Promise<InvariantResult> {
  const stock = await db<
    { productId: string; received: number; available: number; reserved: number; committed: number }[]
  >`SELECT product_id AS "productId", received, available, reserved, committed FROM stock`;
  const [held] = await db<{ n: number }[]>`SELECT count(*)::int AS n FROM reservations WHERE status = 'HELD'`;
  const sold = new Map<string, number>();
  for (const order of confirmed)
    for (const line of order.lines) sold.set(line.productId, (sold.get(line.productId) ?? 0) + line.quantity);
  const violations: string[] = [];
  for (const row of stock) {
    const expected = sold.get(row.productId) ?? 0;
    if (row.received !== row.available + row.committed + row.reserved || row.reserved !== 0)
      violations.push(
        `product ${row.productId}: received ${row.received} ≠ available ${row.available} + sold ${row.committed} (reserved ${row.reserved})`,
      );
    if (row.committed !== expected)
      violations.push(
        `product ${row.productId}: ${row.committed} sold in inventory, ${expected} in confirmed orders`,
      );
    if (row.available < 0) violations.push(`product ${row.productId}: negative stock ${row.available}`);
  }
  for (const productId of sold.keys())
    if (!stock.some((row) => row.productId === productId))
      violations.push(`product ${productId} was sold but has no stock row`);
  return {
    id: 2,
    name: 'for every product: initial stock = available + sold to confirmed orders (no stock leaks)',
    ok: violations.length === 0 && held!.n === 0,
    counts: {
      products: stock.length,
      unitsSold: [...sold.values()].reduce((a, b) => a + b, 0),
      reservationsStillHeld: held!.n,
    },
    violations: [
      ...(held!.n > 0 ? [`${held!.n} reservations are still HELD`] : []),
      ...violations.slice(0, SAMPLE),
    ],
  };
}

async function moneyAddsUp(
  db: Pool,
  confirmed: OrderFacts[],
  confirmedIds: Set<string>,
): Promise<InvariantResult> {
  const payments = await db<
    { orderId: string; status: string; amount: number; refunded: number; currency: string | null }[]
  >`SELECT order_id AS "orderId", status, amount::bigint AS amount, refunded_amount::bigint AS refunded, currency FROM payments`;
  const net = new Map<string, number>();
  const expected = new Map<string, number>();
  for (const payment of payments) {
    if (payment.status !== 'CAPTURED' && payment.status !== 'REFUNDED') continue;
    const currency = payment.currency ?? '?';
    net.set(currency, (net.get(currency) ?? 0) + payment.amount - payment.refunded);
  }
  for (const order of confirmed)
    expected.set(order.total.currency, (expected.get(order.total.currency) ?? 0) + order.total.amount);
  const violations: string[] = [];
  for (const currency of new Set([...net.keys(), ...expected.keys()])) {
    if ((net.get(currency) ?? 0) !== (expected.get(currency) ?? 0))
      violations.push(
        `${currency}: captured − refunded = ${net.get(currency) ?? 0}, confirmed totals = ${expected.get(currency) ?? 0}`,
      );
  }
  const byOrder = new Map(payments.map((payment) => [payment.orderId, payment]));
  for (const order of confirmed) {
    const payment = byOrder.get(order.orderId);
    if (payment?.status !== 'CAPTURED' || payment.amount !== order.total.amount)
      violations.push(
        `confirmed order ${order.orderId} has no capture of its total (${payment?.status ?? 'none'})`,
      );
  }
  for (const payment of payments) {
    if (payment.status === 'CAPTURED' && !confirmedIds.has(payment.orderId))
      violations.push(`order ${payment.orderId} is charged but not confirmed`);
  }
  return {
    id: 3,
    name: 'captured − refunded = sum of confirmed order totals; no order charged twice',
    ok: violations.length === 0,
    counts: {
      payments: payments.length,
      captured: payments.filter((payment) => payment.status === 'CAPTURED').length,
      refunded: payments.filter((payment) => payment.status === 'REFUNDED').length,
    },
    violations: violations.slice(0, SAMPLE),
  };
}

async function oneShipmentAndConfirmationEach(
  shipping: Pool,
  notification: Pool,
  orders: OrderFacts[],
  confirmedIds: Set<string>,
): Promise<InvariantResult> {
  const shipments = await shipping<{ orderId: string }[]>`
    SELECT order_id AS "orderId" FROM shipments WHERE status = 'CREATED'`;
  const confirmations = await notification<{ reference: string; n: number }[]>`
    SELECT reference, count(*)::int AS n FROM notifications WHERE kind = 'order-confirmed' GROUP BY reference`;
  const shipped = new Set(shipments.map((row) => row.orderId));
  const confirmedMail = new Map(confirmations.map((row) => [row.reference, row.n]));
  const violations: string[] = [];
  for (const order of orders) {
    const isConfirmed = confirmedIds.has(order.orderId);
    if (isConfirmed && !shipped.has(order.orderId))
      violations.push(`confirmed order ${order.orderId} has no shipment`);
    if (!isConfirmed && shipped.has(order.orderId))
      violations.push(`${order.status.toLowerCase()} order ${order.orderId} has a live shipment`);
    const mails = confirmedMail.get(order.orderId) ?? 0;
    if (isConfirmed && mails !== 1)
      violations.push(`confirmed order ${order.orderId} has ${mails} confirmation notifications`);
    if (!isConfirmed && mails > 0)
      violations.push(`${order.status.toLowerCase()} order ${order.orderId} has a confirmation notification`);
  }
  return {
    id: 4,
    name: 'every confirmed order has exactly one shipment and one confirmation notification',
    ok: violations.length === 0,
    counts: {
      shipments: shipped.size,
      confirmationNotifications: confirmations.length,
      confirmed: confirmedIds.size,
    },
    violations: violations.slice(0, SAMPLE),
  };
}

async function readModelAgrees(db: Pool, orders: OrderFacts[]): Promise<InvariantResult> {
  const rows = await db<{ orderId: string; status: string; reason: string | null; version: number }[]>`
    SELECT order_id AS "orderId", status, reason, version FROM order_summaries`;
  const model = new Map(rows.map((row) => [row.orderId, row]));
  const violations: string[] = [];
  for (const order of orders) {
    const row = model.get(order.orderId);
    if (!row) violations.push(`order ${order.orderId} is missing from the read model`);
    else if (
      row.status !== order.status ||
      row.version !== order.version ||
      (row.reason ?? null) !== order.reason
    )
      violations.push(
        `order ${order.orderId}: read model ${row.status} v${row.version}, stream ${order.status} v${order.version}`,
      );
  }
  const streams = new Set(orders.map((order) => order.orderId));
  for (const row of rows)
    if (!streams.has(row.orderId)) violations.push(`read model has order ${row.orderId} without a stream`);
  return {
    id: 5,
    name: 'the ordering read model agrees with the event streams',
    ok: violations.length === 0,
    counts: { streams: orders.length, readModelRows: rows.length },
    violations: violations.slice(0, SAMPLE),
  };
}

/** A report a person can read: one line per invariant with its counts, then the offenders. */
export function formatInvariants(results: readonly InvariantResult[]): string {
  const lines: string[] = [];
  for (const result of results) {
    const counts = Object.entries(result.counts)
      .map(([key, value]) => `${key}=${value}`)
      .join(' ');
    lines.push(`${result.ok ? 'PASS' : 'FAIL'}  ${result.id}. ${result.name}  [${counts}]`);
    for (const violation of result.violations) lines.push(`        - ${violation}`);
  }
  const failed = results.filter((result) => !result.ok).length;
  lines.push(failed === 0 ? 'all invariants hold' : `${failed} invariant(s) violated`);
  return lines.join('\n');
}
