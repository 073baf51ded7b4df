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
        summary: "The caller's mailbox, newest first",
        description:
          'The messages sent to the caller (a welcome, an order confirmed, an order cancelled with its reason), newest first, a page at a time.',
        security: [{ bearerAuth: [] }],
        querystring: Type.Object(
          {
            limit: Type.Integer({ minimum: 1, maximum: 100, default: 20 }),
            cursor: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
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
    },
    async (request) => {
      const caller = await auth.user(request);
      return mailbox.page(caller.userId, request.query);
    },
  );
}
