import type { Authenticator, ServiceApp } from '@bazaar/service-host';
import type { Products } from '../application/products.js';
import type { Product as ProductRecord } from '../domain/product.js';
import { ListQuery, NewProduct, Product, ProductPage, ProductParams, ProductPatch } from './schemas.js';

const bearer = [{ bearerAuth: [] }];

function toJson(product: ProductRecord) {
  return {
    ...product,
    createdAt: product.createdAt.toISOString(),
    updatedAt: product.updatedAt.toISOString(),
  };
}

export function catalogRoutes(app: ServiceApp, auth: Authenticator, products: Products): void {
  app.get(
    '/api/products',
    {
      schema: {
        operationId: 'listProducts',
        summary: 'Browse or search products, cursor-paginated',
        description:
          'Products sorted by name (or by relevance with q), a page at a time: pass nextCursor back as cursor for the next page. Anyone may browse.',
        querystring: ListQuery,
        response: { 200: ProductPage },
      },
      config: { contract: { problems: [] } },
    },
    async (request) => {
      const page = await products.list(request.query);
      return { items: page.items.map(toJson), nextCursor: page.nextCursor };
    },
  );

  app.get(
    '/api/products/:id',
    {
      schema: {
        operationId: 'getProduct',
        summary: 'One product',
        description: 'One product with its current price. Anyone may read it.',
        params: ProductParams,
        response: { 200: Product },
      },
      config: { contract: { problems: [404] } },
    },
    async (request) => toJson(await products.get(request.params.id)),
  );

  app.post(
    '/api/products',
    {
      schema: {
        operationId: 'createProduct',
        summary: 'Add a product (admin)',
        description:
          'Adds a product to the catalogue and publishes ProductCreated; inventory opens its stock from that event.',
        security: bearer,
        body: NewProduct,
        response: { 201: Product },
      },
      config: { contract: { admin: true, headers: { 201: ['Location'] } } },
    },
    async (request, reply) => {
      await auth.admin(request);
      const { description = '', imageUrl = null, ...rest } = request.body;
      const product = await products.create({ ...rest, description, imageUrl });
      return reply.code(201).header('location', `/api/products/${product.id}`).send(toJson(product));
    },
  );

  app.patch(
    '/api/products/:id',
    {
      schema: {
        operationId: 'updateProduct',
        summary: 'Change a product (admin)',
        description:
          'Changes the fields given; a new price publishes PriceChanged with the old price. Orders placed before keep the price they were placed at.',
        security: bearer,
        params: ProductParams,
        body: ProductPatch,
        response: { 200: Product },
      },
      config: { contract: { admin: true, problems: [404] } },
    },
    async (request) => {
      await auth.admin(request);
      return toJson(await products.update(request.params.id, request.body));
    },
  );
}
