import type { Authenticator, ServiceApp } from '@bazaar/service-host';
import type { StockLevels } from '../application/stock.js';
import type { StockLevel as StockRecord } from '../domain/stock-level.js';
import { Adjustment, ProductParams, StockLevel, StockLevelList, StockQuery } from './schemas.js';

const bearer = [{ bearerAuth: [] }];

const toJson = (level: StockRecord) => ({
  productId: level.productId,
  available: level.available,
  reserved: level.reserved,
  committed: level.committed,
  received: level.received,
});

export function inventoryRoutes(app: ServiceApp, auth: Authenticator, stock: StockLevels): void {
  app.get(
    '/api/inventory',
    {
      schema: {
        tags: ['inventory'],
        summary: 'Stock levels of several products; unknown products are left out',
        querystring: StockQuery,
        response: { 200: StockLevelList },
      },
    },
    async (request) => ({
      items: (await stock.getMany(request.query.productIds.split(','))).map(toJson),
    }),
  );

  app.get(
    '/api/inventory/:productId',
    {
      schema: {
        tags: ['inventory'],
        summary: "One product's stock level",
        params: ProductParams,
        response: { 200: StockLevel },
      },
    },
    async (request) => toJson(await stock.get(request.params.productId)),
  );

  app.post(
    '/api/admin/inventory/:productId/restock',
    {
      schema: {
        tags: ['inventory'],
        summary: 'Add received units to a product (admin)',
        security: bearer,
        params: ProductParams,
        body: Adjustment,
        response: { 200: StockLevel },
      },
    },
    async (request) => {
      await auth.admin(request);
      return toJson(await stock.restock(request.params.productId, request.body.quantity));
    },
  );

  app.post(
    '/api/admin/inventory/:productId/write-off',
    {
      schema: {
        tags: ['inventory'],
        summary: 'Remove lost or damaged units from the available stock (admin)',
        security: bearer,
        params: ProductParams,
        body: Adjustment,
        response: { 200: StockLevel },
      },
    },
    async (request) => {
      await auth.admin(request);
      return toJson(await stock.writeOff(request.params.productId, request.body.quantity));
    },
  );
}
