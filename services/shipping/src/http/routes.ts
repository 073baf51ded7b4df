import type { Authenticator, ServiceApp } from '@bazaar/service-host';
import type { ShipmentQueries } from '../application/shipment-queries.js';
import { ListQuery, Shipment, ShipmentPage, ShipmentParams } from './schemas.js';

const bearer = [{ bearerAuth: [] }];

export function shippingRoutes(app: ServiceApp, auth: Authenticator, shipments: ShipmentQueries): void {
  app.get(
    '/api/shipments',
    {
      schema: {
        operationId: 'listShipments',
        summary: "The caller's shipments, newest first; an admin may ask for another user's",
        description:
          "A page of the caller's shipments; an admin may pass userId to see another user's (a customer who does gets a 404).",
        security: bearer,
        querystring: ListQuery,
        response: { 200: ShipmentPage },
      },
      config: { contract: { problems: [404] } },
    },
    async (request) => shipments.page(await auth.user(request), request.query),
  );

  app.get(
    '/api/shipments/:orderId',
    {
      schema: {
        operationId: 'getShipment',
        summary: "An order's shipment (its owner or an admin)",
        description: "The shipment of one order with its carrier status. Someone else's is a 404.",
        security: bearer,
        params: ShipmentParams,
        response: { 200: Shipment },
      },
      config: { contract: { problems: [404] } },
    },
    async (request) => shipments.get(await auth.user(request), request.params.orderId),
  );
}
