import { problems } from '@bazaar/problem';
import { cursorFields, keysetCursor, keysetPage } from '@bazaar/service-host';
import type { PaymentsRepository, StoredPayment } from '../db/payments-repository.js';
import type { DeclineReason } from '../domain/card-provider.js';
import { type PaymentStatus, paymentMoney } from '../domain/payment.js';

/** Who is asking: only the owner of a payment or an admin sees it. */
export interface Caller {
  userId: string;
  role: 'customer' | 'admin';
}

export interface PaymentView {
  orderId: string;
  paymentId: string | null;
  status: PaymentStatus;
  amount: { amount: number; currency: string };
  refunded: { amount: number; currency: string };
  declineReason?: DeclineReason;
  cardLast4?: string;
  createdAt: string;
  updatedAt: string;
}

function toView(payment: StoredPayment): PaymentView {
  return {
    orderId: payment.orderId,
    paymentId: payment.paymentId,
    status: payment.status,
    ...paymentMoney(payment),
    ...(payment.declineReason ? { declineReason: payment.declineReason } : {}),
    ...(payment.cardLast4 ? { cardLast4: payment.cardLast4 } : {}),
    createdAt: payment.createdAt.toISOString(),
    updatedAt: payment.updatedAt.toISOString(),
  };
}

// Someone else's payment is "not found", never "forbidden": its existence is not the caller's business.
const notFound = () => problems.notFound('No payment of yours exists for this order.');

/** Newest first by creation, to the microsecond, then order id. */
const cursor = keysetCursor(cursorFields.microsecondInstant, cursorFields.uuid);

export function paymentQueries(repository: PaymentsRepository) {
  return {
    async get(caller: Caller, orderId: string): Promise<PaymentView> {
      const payment = await repository.find(orderId);
      if (!payment || (caller.role !== 'admin' && payment.userId !== caller.userId)) throw notFound();
      return toView(payment);
    },

    /** The caller's payments, newest first; an admin may name another user. */
    async page(caller: Caller, query: { limit: number; cursor?: string; userId?: string }) {
      const userId = query.userId ?? caller.userId;
      if (userId !== caller.userId && caller.role !== 'admin') throw notFound();
      const after = query.cursor === undefined ? undefined : cursor.decode(query.cursor);
      const rows = await repository.pageOfUser(
        userId,
        query.limit + 1,
        after && { positionKey: after[0], orderId: after[1] },
      );
      const page = keysetPage(rows, query.limit, cursor, (row) => [row.positionKey, row.orderId] as const);
      return { items: page.items.map(toView), nextCursor: page.nextCursor };
    },
  };
}

export type PaymentQueries = ReturnType<typeof paymentQueries>;
