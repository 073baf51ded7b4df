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
        tags: ['catalog'],
        summary: 'Browse or search products, cursor-paginated',
        querystring: ListQuery,
        response: { 200: ProductPage },
      },
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
        tags: ['catalog'],
        summary: 'One product',
        params: ProductParams,
        response: { 200: Product },
      },
    },
    async (request) => toJson(await products.get(request.params.id)),
  );

  app.post(
    '/api/products',
    {
      schema: {
        tags: ['catalog'],
        summary: 'Add a product (admin)',
        security: bearer,
        body: NewProduct,
        response: { 201: Product },
      },
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
        tags: ['catalog'],
        summary: 'Change a product (admin)',
        security: bearer,
        params: ProductParams,
        body: ProductPatch,
        response: { 200: Product },
      },
    },
    async (request) => {
      await auth.admin(request);
      return toJson(await products.update(request.params.id, request.body));
    },
  );
}
