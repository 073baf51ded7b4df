import type { Authenticator, ServiceApp } from '@bazaar/service-host';
import type { PaymentQueries } from '../application/payment-queries.js';
import { ListQuery, Payment, PaymentPage, PaymentParams } from './schemas.js';

const bearer = [{ bearerAuth: [] }];

export function paymentRoutes(app: ServiceApp, auth: Authenticator, payments: PaymentQueries): void {
  app.get(
    '/api/payments',
    {
      schema: {
        operationId: 'listPayments',
        summary: "The caller's payments, newest first; an admin may ask for another user's",
        description:
          "A page of the caller's payments; an admin may pass userId to see another user's (a customer who does gets a 404).",
        security: bearer,
        querystring: ListQuery,
        response: { 200: PaymentPage },
      },
      config: { contract: { problems: [404] } },
    },
    async (request) => payments.page(await auth.user(request), request.query),
  );

  app.get(
    '/api/payments/:orderId',
    {
      schema: {
        operationId: 'getPayment',
        summary: "An order's payment (its owner or an admin)",
        description: "The payment of one order with its status and any refund. Someone else's is a 404.",
        security: bearer,
        params: PaymentParams,
        response: { 200: Payment },
      },
      config: { contract: { problems: [404] } },
    },
    async (request) => payments.get(await auth.user(request), request.params.orderId),
  );
}
