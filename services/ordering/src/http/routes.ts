import { formatPosition, type ProjectionRunner } from '@bazaar/event-store';
import type { Authenticator, ServiceApp } from '@bazaar/service-host';
import { Type } from '@sinclair/typebox';
import type { Orders } from '../application/orders.js';
import type { PlacedOrder } from '../domain/order.js';
import {
  Accepted,
  IdempotencyHeaders,
  ListQuery,
  Order,
  OrderEvents,
  OrderPage,
  OrderParams,
  OrderQuery,
  PlaceOrderBody,
  ProjectionParams,
  ProjectionStatus,
} from './schemas.js';

const bearer = [{ bearerAuth: [] }];

function toJson(order: PlacedOrder, version: number) {
  const { exists: _exists, ...fields } = order;
  return { ...fields, version };
}

export function orderingRoutes(
  app: ServiceApp,
  auth: Authenticator,
  orders: Orders,
  projections: ProjectionRunner,
): void {
  app.post(
    '/api/orders',
    {
      schema: {
        tags: ['orders'],
        summary: 'Place an order; it is accepted as PENDING and fulfilled asynchronously',
        security: bearer,
        headers: IdempotencyHeaders,
        body: PlaceOrderBody,
        response: { 202: Accepted },
      },
    },
    async (request, reply) => {
      const caller = await auth.user(request);
      const accepted = await orders.place(caller, request.body, request.headers['idempotency-key']);
      if (accepted.replayed) reply.header('idempotent-replayed', 'true');
      return reply
        .code(accepted.statusCode as 202)
        .header('location', accepted.location)
        .send(accepted.body);
    },
  );

  app.get(
    '/api/orders',
    {
      schema: {
        tags: ['orders'],
        summary: "The caller's orders, newest first (read model)",
        security: bearer,
        querystring: ListQuery,
        response: { 200: OrderPage },
      },
    },
    async (request) => {
      const page = await orders.list(await auth.user(request), request.query);
      return {
        items: page.items.map((item) => ({
          ...item,
          createdAt: item.createdAt.toISOString(),
          updatedAt: item.updatedAt.toISOString(),
        })),
        nextCursor: page.nextCursor,
      };
    },
  );

  app.get(
    '/api/orders/:id',
    {
      schema: {
        tags: ['orders'],
        summary: 'An order from its event stream; with asOf, as it was at that version',
        security: bearer,
        params: OrderParams,
        querystring: OrderQuery,
        response: { 200: Order },
      },
    },
    async (request) => {
      const { order, version } = await orders.get(
        await auth.user(request),
        request.params.id,
        request.query.asOf,
      );
      return toJson(order, version);
    },
  );

  app.post(
    '/api/orders/:id/cancel',
    {
      schema: {
        tags: ['orders'],
        summary: 'Cancel an order that has not shipped; what ran is compensated, then it ends CANCELLED',
        security: bearer,
        params: OrderParams,
        response: { 202: Accepted },
      },
    },
    async (request, reply) => {
      const accepted = await orders.cancel(await auth.user(request), request.params.id);
      return reply.code(202).header('location', `/api/orders/${accepted.orderId}`).send(accepted);
    },
  );

  app.get(
    '/api/orders/:id/events',
    {
      schema: {
        tags: ['orders'],
        summary: "The order's event stream",
        security: bearer,
        params: OrderParams,
        response: { 200: OrderEvents },
      },
    },
    async (request) => {
      const events = await orders.events(await auth.user(request), request.params.id);
      return {
        items: events.map((event) => ({
          id: event.id,
          version: event.version,
          type: event.type,
          schemaVersion: event.schemaVersion,
          data: event.data,
          recordedAt: event.recordedAt.toISOString(),
          position: formatPosition(event.globalPosition),
        })),
      };
    },
  );

  app.get(
    '/api/admin/projections',
    {
      schema: {
        tags: ['admin'],
        summary: 'Read models: position, lag and any rebuild in progress',
        security: bearer,
        response: { 200: Type.Object({ items: Type.Array(ProjectionStatus) }) },
      },
    },
    async (request) => {
      await auth.admin(request);
      return { items: await projections.statuses() };
    },
  );

  app.post(
    '/api/admin/projections/:name/rebuild',
    {
      schema: {
        tags: ['admin'],
        summary: 'Rebuild a read model from position 0 beside the serving one, then switch',
        security: bearer,
        params: ProjectionParams,
        response: { 202: ProjectionStatus },
      },
    },
    async (request, reply) => {
      await auth.admin(request);
      return reply.code(202).send(await projections.rebuild(request.params.name));
    },
  );
}
