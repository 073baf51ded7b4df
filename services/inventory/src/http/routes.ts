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
        operationId: 'listStockLevels',
        summary: 'Stock levels of several products; unknown products are left out',
        description:
          'Available, held and sold units of each product asked for; a product with no stock record is left out rather than failing the call.',
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
        operationId: 'getStockLevel',
        summary: "One product's stock level",
        description: 'Available, held and sold units of one product.',
        params: ProductParams,
        response: { 200: StockLevel },
      },
      config: { contract: { problems: [404] } },
    },
    async (request) => toJson(await stock.get(request.params.productId)),
  );

  app.post(
    '/api/admin/inventory/:productId/restock',
    {
      schema: {
        operationId: 'restockProduct',
        summary: 'Add received units to a product (admin)',
        description: 'Adds received units to the available stock, up to the stock limit (409 past it).',
        security: bearer,
        params: ProductParams,
        body: Adjustment,
        response: { 200: StockLevel },
      },
      config: { contract: { admin: true, problems: [404, 409] } },
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
        operationId: 'writeOffStock',
        summary: 'Remove lost or damaged units from the available stock (admin)',
        description:
          'Removes units from the available stock; units held or sold for orders cannot be written off (409).',
        security: bearer,
        params: ProductParams,
        body: Adjustment,
        response: { 200: StockLevel },
      },
      config: { contract: { admin: true, problems: [404, 409] } },
    },
    async (request) => {
      await auth.admin(request);
      return toJson(await stock.writeOff(request.params.productId, request.body.quantity));
    },
  );
}
