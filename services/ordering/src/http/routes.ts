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
        operationId: 'placeOrder',
        summary: 'Place an order; it is accepted as PENDING and fulfilled asynchronously',
        description:
          'Checks the lines and prices against the catalogue, records OrderPlaced and answers 202 at once; the fulfilment saga then reserves stock, charges the card and books a shipment, and the order ends CONFIRMED or CANCELLED with a reason. Send an Idempotency-Key to retry safely: the same key with the same body answers with the stored response (Idempotent-Replayed), with another body 422.',
        security: bearer,
        headers: IdempotencyHeaders,
        body: PlaceOrderBody,
        response: { 202: Accepted },
      },
      config: {
        contract: { problems: [409, 422, 502, 504], headers: { 202: ['Location', 'Idempotent-Replayed'] } },
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
        operationId: 'listOrders',
        summary: "The caller's orders, newest first (read model)",
        description:
          "A page of the caller's orders from the order-summaries read model, which follows the event store within moments; an admin may ask for another user's.",
        security: bearer,
        querystring: ListQuery,
        response: { 200: OrderPage },
      },
      config: { contract: { problems: [404] } },
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
        operationId: 'getOrder',
        summary: 'An order from its event stream; with asOf, as it was at that version',
        description:
          "The order as its event stream says now, or as it was at version asOf. Someone else's order is a 404.",
        security: bearer,
        params: OrderParams,
        querystring: OrderQuery,
        response: { 200: Order },
      },
      config: { contract: { problems: [404] } },
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
        operationId: 'cancelOrder',
        summary: 'Cancel an order that has not shipped; what ran is compensated, then it ends CANCELLED',
        description:
          'Asks for the order to be cancelled: the saga releases stock and refunds the payment it took, then the order ends CANCELLED. A shipped or already closed order cannot be cancelled (409).',
        security: bearer,
        params: OrderParams,
        response: { 202: Accepted },
      },
      config: { contract: { problems: [404, 409], headers: { 202: ['Location'] } } },
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
        operationId: 'listOrderEvents',
        summary: "The order's event stream",
        description:
          'Every event of the order in version order, with its global position in the event store.',
        security: bearer,
        params: OrderParams,
        response: { 200: OrderEvents },
      },
      config: { contract: { problems: [404] } },
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
        operationId: 'listProjections',
        summary: 'Read models: position, lag and any rebuild in progress',
        description:
          'Each read model with the event-store position it has reached, its lag behind the head, and the progress of any rebuild.',
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
        operationId: 'rebuildProjection',
        summary: 'Rebuild a read model from position 0 beside the serving one, then switch',
        description:
          'Starts a rebuild of the named read model into a shadow table beside the serving one; reads switch to it when it has caught up, so the model keeps serving meanwhile.',
        security: bearer,
        params: ProjectionParams,
        response: { 202: ProjectionStatus },
      },
      config: { contract: { problems: [404, 409] } },
    },
    async (request, reply) => {
      await auth.admin(request);
      return reply.code(202).send(await projections.rebuild(request.params.name));
    },
  );
}
