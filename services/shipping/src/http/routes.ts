import type { Authenticator, ServiceApp } from '@bazaar/service-host';
import type { ShipmentQueries } from '../application/shipment-queries.js';
import { ListQuery, Shipment, ShipmentPage, ShipmentParams } from './schemas.js';

const bearer = [{ bearerAuth: [] }];

export function shippingRoutes(app: ServiceApp, auth: Authenticator, shipments: ShipmentQueries): void {
  app.get(
    '/api/shipments',
    {
      schema: {
        tags: ['shipments'],
        summary: "The caller's shipments, newest first; an admin may ask for another user's",
        security: bearer,
        querystring: ListQuery,
        response: { 200: ShipmentPage },
      },
    },
    async (request) => shipments.page(await auth.user(request), request.query),
  );

  app.get(
    '/api/shipments/:orderId',
    {
      schema: {
        tags: ['shipments'],
        summary: "An order's shipment (its owner or an admin)",
        security: bearer,
        params: ShipmentParams,
        response: { 200: Shipment },
      },
    },
    async (request) => shipments.get(await auth.user(request), request.params.orderId),
  );
}
