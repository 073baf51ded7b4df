import type { Authenticator, ServiceApp } from '@bazaar/service-host';
import type { PaymentQueries } from '../application/payment-queries.js';
import { ListQuery, Payment, PaymentPage, PaymentParams } from './schemas.js';

const bearer = [{ bearerAuth: [] }];

export function paymentRoutes(app: ServiceApp, auth: Authenticator, payments: PaymentQueries): void {
  app.get(
    '/api/payments',
    {
      schema: {
        tags: ['payments'],
        summary: "The caller's payments, newest first; an admin may ask for another user's",
        security: bearer,
        querystring: ListQuery,
        response: { 200: PaymentPage },
      },
    },
    async (request) => payments.page(await auth.user(request), request.query),
  );

  app.get(
    '/api/payments/:orderId',
    {
      schema: {
        tags: ['payments'],
        summary: "An order's payment (its owner or an admin)",
        security: bearer,
        params: PaymentParams,
        response: { 200: Payment },
      },
    },
    async (request) => payments.get(await auth.user(request), request.params.orderId),
  );
}
