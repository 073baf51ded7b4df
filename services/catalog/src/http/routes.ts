import type { Authenticator, ServiceApp } from '@bazaar/service-host';
import type { Products } from '../application/products.js';
import type { Product as ProductRecord } from '../domain/product.js';
import { cacheControlFor, etagOf, noneMatchHits, wantsFreshRead } from './http-caching.js';
import {
  ListQuery,
  NewProduct,
  NotModified,
  Product,
  ProductPageRead,
  ProductParams,
  ProductPatch,
  ProductRead,
  ProductReadHeaders,
} from './schemas.js';

const bearer = [{ bearerAuth: [] }];

function toJson({ version: _version, ...product }: ProductRecord) {
  return {
    ...product,
    createdAt: product.createdAt.toISOString(),
    updatedAt: product.updatedAt.toISOString(),
  };
}

export function catalogRoutes(
  app: ServiceApp,
  auth: Authenticator,
  products: Products,
  options: { maxAgeSeconds: number },
): void {
  const cacheControl = cacheControlFor(options.maxAgeSeconds);

  app.get(
    '/api/products',
    {
      schema: {
        operationId: 'listProducts',
        summary: 'Browse or search products, cursor-paginated',
        description:
          'Products sorted by name (or by relevance with q), a page at a time: pass nextCursor back as cursor for the next page. Anyone may browse.',
        querystring: ListQuery,
        response: { 200: ProductPageRead },
      },
      config: { contract: { problems: [] } },
    },
    async (request, reply) => {
      const page = await products.list(request.query);
      reply.header('cache-control', cacheControl);
      return { items: page.items.map(toJson), nextCursor: page.nextCursor };
    },
  );

  app.get(
    '/api/products/:id',
    {
      schema: {
        operationId: 'getProduct',
        summary: 'One product',
        description:
          "One product with its current price. Anyone may read it. Served from the catalog's cache unless Cache-Control: no-cache asks for a database read; with If-None-Match naming the current ETag the answer is 304 without a body.",
        params: ProductParams,
        headers: ProductReadHeaders,
        response: { 200: ProductRead, 304: NotModified },
      },
      config: { contract: { problems: [404] } },
    },
    async (request, reply) => {
      const fresh = wantsFreshRead(request.headers['cache-control'], request.headers.pragma);
      const product = await products.get(request.params.id, { fresh });
      const etag = etagOf(product);
      reply.header('etag', etag).header('cache-control', cacheControl);
      if (noneMatchHits(request.headers['if-none-match'], etag)) return reply.code(304).send();
      return toJson(product);
    },
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
