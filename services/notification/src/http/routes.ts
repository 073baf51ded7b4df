import { problems } from '@bazaar/problem';
import type { Authenticator, ServiceApp } from '@bazaar/service-host';
import { Type } from '@sinclair/typebox';
import type { Mailbox } from '../application/mailbox.js';

const Notification = Type.Object({
  id: Type.String({ format: 'uuid' }),
  kind: Type.String(),
  reference: Type.String(),
  subject: Type.String(),
  body: Type.String(),
  address: Type.String(),
  createdAt: Type.String({ format: 'date-time' }),
});

export function notificationRoutes(app: ServiceApp, auth: Authenticator, mailbox: Mailbox): void {
  app.get(
    '/api/notifications',
    {
      schema: {
        operationId: 'listNotifications',
        summary: "The caller's mailbox, newest first; an admin may ask for another user's",
        description:
          "The messages sent to the caller (a welcome, an order confirmed, an order cancelled with its reason), newest first, a page at a time. An admin may pass userId to read another user's mailbox (a customer who does gets a 404).",
        security: [{ bearerAuth: [] }],
        querystring: Type.Object(
          {
            limit: Type.Integer({ minimum: 1, maximum: 100, default: 20 }),
            cursor: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
            userId: Type.Optional(
              Type.String({ format: 'uuid', description: "admin: another user's mailbox" }),
            ),
          },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({
            items: Type.Array(Notification),
            nextCursor: Type.Union([Type.String(), Type.Null()]),
          }),
        },
      },
      config: { contract: { problems: [404] } },
    },
    async (request) => {
      const caller = await auth.user(request);
      const { userId = caller.userId, ...page } = request.query;
      if (userId !== caller.userId && caller.role !== 'admin')
        throw problems.notFound('No mailbox of yours has this id.');
      return mailbox.page(userId, page);
    },
  );
}
