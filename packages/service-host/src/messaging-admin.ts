import {
  listPublishedMessages,
  MAX_PUBLISHED_DATA_CHARS,
  MAX_PUBLISHED_PAGE,
  PUBLISHED_SETTLE_MS,
  replayFromOutbox,
  type DeadLetter as StoredDeadLetter,
  type PublishedMessage as StoredPublishedMessage,
} from '@bazaar/messaging';
import type { Pool } from '@bazaar/postgres';
import { ProblemError, problems } from '@bazaar/problem';
import { type Static, Type } from '@sinclair/typebox';
import type { Authenticator, ServiceApp } from './define-service.js';
import type { MessagingRuntime } from './messaging.js';
import { operationNoun } from './openapi-contract.js';

const Group = Type.String({ minLength: 1, maxLength: 200, pattern: '^[a-z][a-z0-9.-]*$' });
const DeadLetterId = Type.String({ minLength: 1, maxLength: 200, pattern: '^[A-Za-z0-9._:-]+$' });
const DeadLetter = Type.Object({
  id: Type.String(),
  group: Type.String(),
  topic: Type.String(),
  attempts: Type.Integer(),
  lastError: Type.String(),
  deadAt: Type.String({ format: 'date-time' }),
  envelope: Type.Record(Type.String(), Type.Unknown()),
});
const DeadLetterParams = Type.Object({ group: Group, id: DeadLetterId });
const ReplayRequest = Type.Object(
  {
    group: Group,
    topic: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
    fromId: Type.Optional(Type.Integer({ minimum: 1, description: 'first outbox id to re-deliver' })),
    since: Type.Optional(Type.String({ format: 'date-time', description: 'first instant to re-deliver' })),
  },
  { additionalProperties: false, examples: [{ group: 'notification.orders', fromId: 1 }] },
);

/** A message as this service's relay put it onto the transport (one row of its outbox). */
export const PublishedMessage = Type.Object({
  outboxId: Type.Integer({ minimum: 1, description: "its position in the service's outbox" }),
  topic: Type.String(),
  publishedAt: Type.String({ format: 'date-time', description: 'when the relay had it confirmed' }),
  id: Type.String({ description: 'CloudEvents id' }),
  type: Type.String({ description: 'CloudEvents type' }),
  source: Type.String({ description: 'CloudEvents source' }),
  subject: Type.Optional(Type.String({ description: 'CloudEvents subject: what the event is about' })),
  time: Type.String({ description: 'CloudEvents time: when the event was created' }),
  traceparent: Type.Optional(Type.String({ description: 'W3C trace context of the publishing request' })),
  data: Type.Unknown({
    description: `the event's data; when its JSON is longer than ${MAX_PUBLISHED_DATA_CHARS} characters, a string holding the first ${MAX_PUBLISHED_DATA_CHARS} of them`,
  }),
  dataTruncated: Type.Boolean({ description: 'whether data was cut (see data)' }),
});
const PublishedQuery = Type.Object(
  {
    after: Type.Optional(
      Type.Integer({
        minimum: 0,
        maximum: Number.MAX_SAFE_INTEGER,
        description: 'outbox id to continue after; omitted: the latest `limit` messages',
      }),
    ),
    limit: Type.Integer({ minimum: 1, maximum: MAX_PUBLISHED_PAGE, default: 50 }),
  },
  { additionalProperties: false },
);

const publishedAsJson = (message: StoredPublishedMessage) => ({
  ...message,
  publishedAt: message.publishedAt.toISOString(),
});

const unknownGroup = (group: string) =>
  new ProblemError(
    'unknown-consumer-group',
    404,
    'Unknown consumer group',
    `No consumer group '${group}' here.`,
  );
const deadLetterNotFound = () => problems.notFound('No such dead letter in this group.');
const noTransport = () =>
  new ProblemError(
    'messaging-unavailable',
    503,
    'Messaging is not running',
    'This instance was started without a transport.',
  );

const asJson = (letter: StoredDeadLetter) => ({
  ...letter,
  deadAt: letter.deadAt.toISOString(),
  envelope: letter.envelope as Record<string, unknown>,
});

/**
 * The operator's view of one service's messaging under /api/admin/messaging/<service>: its outbox and
 * consumer groups with their lag, the dead letters of its groups (inspect, redrive, discard), and replay
 * of what it published to one group. Admins only.
 */
export function messagingAdminRoutes(
  app: ServiceApp,
  auth: Authenticator,
  service: string,
  db: Pool,
  messaging: MessagingRuntime,
): void {
  const base = `/api/admin/messaging/${service}`;
  const noun = operationNoun(service);
  const security = [{ bearerAuth: [] }];
  const transport = () => {
    if (!messaging.transport) throw noTransport();
    return messaging.transport;
  };
  const ownGroup = (group: string) => {
    if (!messaging.groups.some((entry) => entry.group === group)) throw unknownGroup(group);
    return group;
  };

  app.get(
    base,
    {
      schema: {
        security,
        operationId: `get${noun}Messaging`,
        summary: "This service's outbox and consumer groups with their lag",
        description: `The outbox of ${service} (pending, oldest pending) and each of its consumer groups with its lag and dead letters, per transport.`,
        response: {
          200: Type.Object({
            service: Type.String(),
            transport: Type.String(),
            outbox: Type.Object({ pending: Type.Integer(), published: Type.Integer() }),
            publishes: Type.Array(Type.String()),
            consumers: Type.Array(
              Type.Object({
                group: Type.String(),
                topics: Type.Array(Type.String()),
                types: Type.Array(Type.String()),
                waiting: Type.Integer(),
                dead: Type.Integer(),
              }),
            ),
          }),
        },
      },
    },
    async (request) => {
      await auth.admin(request);
      const current = transport();
      const [outbox] = await db<{ pending: number; published: number }[]>`
        SELECT count(*) FILTER (WHERE published_at IS NULL)::int AS pending,
               count(*) FILTER (WHERE published_at IS NOT NULL)::int AS published
        FROM outbox`;
      return {
        service,
        transport: current.name,
        outbox: outbox!,
        publishes: [...messaging.publishedTopics],
        consumers: await Promise.all(
          messaging.groups.map(async ({ group, topics, consumer }) => ({
            group,
            topics: [...topics],
            types: [...consumer.types],
            ...(await current.backlog(group)),
          })),
        ),
      };
    },
  );

  app.get(
    `${base}/published`,
    {
      schema: {
        security,
        operationId: `list${noun}PublishedMessages`,
        summary: 'What this service published onto the transport, in outbox order',
        description: `Messages ${service}'s outbox relay has published (from every instance, on either transport), ascending by outbox id: those after \`after\`, or without it the latest \`limit\`. A read stops before a row not yet published or published less than ${PUBLISHED_SETTLE_MS} ms ago (a row with a smaller id may still commit or be published), so a reader that continues after \`next\` misses none. Data longer than ${MAX_PUBLISHED_DATA_CHARS} characters of JSON is cut (dataTruncated).`,
        querystring: PublishedQuery,
        response: {
          200: Type.Object({
            service: Type.String(),
            items: Type.Array(PublishedMessage),
            next: Type.Integer({
              minimum: 0,
              description:
                'pass it as `after` to continue: the last item’s outboxId, or where this read stopped',
            }),
          }),
        },
      },
    },
    async (request) => {
      await auth.admin(request);
      const { after, limit } = request.query;
      const page = await listPublishedMessages(db, { ...(after === undefined ? {} : { after }), limit });
      return { service, items: page.messages.map(publishedAsJson), next: page.next };
    },
  );

  app.get(
    `${base}/dead-letters`,
    {
      schema: {
        security,
        operationId: `list${noun}DeadLetters`,
        summary: "Dead letters of this service's consumer groups, oldest first",
        description: `Messages that ${service}'s consumer groups gave up on (poison, or out of retries), oldest first, optionally of one group.`,
        querystring: Type.Object(
          {
            group: Type.Optional(Group),
            limit: Type.Integer({ minimum: 1, maximum: 100, default: 50 }),
          },
          { additionalProperties: false },
        ),
        response: { 200: Type.Object({ items: Type.Array(DeadLetter) }) },
      },
      config: { contract: { problems: [404] } },
    },
    async (request) => {
      await auth.admin(request);
      const current = transport();
      const groups = request.query.group
        ? [ownGroup(request.query.group)]
        : messaging.groups.map((entry) => entry.group);
      const lists = await Promise.all(
        groups.map((group) => current.deadLetters(group, { limit: request.query.limit })),
      );
      const items = lists
        .flat()
        .sort((a, b) => a.deadAt.getTime() - b.deadAt.getTime())
        .slice(0, request.query.limit);
      return { items: items.map(asJson) };
    },
  );

  app.get(
    `${base}/dead-letters/:group/:id`,
    {
      schema: {
        security,
        operationId: `get${noun}DeadLetter`,
        summary: 'One dead letter with its envelope, attempts and last error',
        description:
          'The dead letter with its CloudEvents envelope, how often it was tried and the last error.',
        params: DeadLetterParams,
        response: { 200: DeadLetter },
      },
      config: { contract: { problems: [404] } },
    },
    async (request) => {
      await auth.admin(request);
      const group = ownGroup(request.params.group);
      const letters = await transport().deadLetters(group, { limit: 1_000 });
      const letter = letters.find((candidate) => candidate.id === request.params.id);
      if (!letter) throw deadLetterNotFound();
      return asJson(letter);
    },
  );

  app.post(
    `${base}/dead-letters/:group/:id/redrive`,
    {
      schema: {
        security,
        operationId: `redrive${noun}DeadLetter`,
        summary: 'Delivers a dead letter to its group again (after the cause was fixed)',
        description:
          'Moves the dead letter back to its consumer group, which handles it once more (its inbox still drops a duplicate).',
        params: DeadLetterParams,
        response: { 202: Type.Object({ redriven: Type.Literal(true) }) },
      },
      config: { contract: { problems: [404] } },
    },
    async (request, reply) => {
      const admin = await auth.admin(request);
      const group = ownGroup(request.params.group);
      if (!(await transport().redrive(group, request.params.id))) throw deadLetterNotFound();
      request.log.info({ group, deadLetter: request.params.id, by: admin.userId }, 'dead letter redriven');
      return reply.code(202).send({ redriven: true });
    },
  );

  app.delete(
    `${base}/dead-letters/:group/:id`,
    {
      schema: {
        security,
        operationId: `discard${noun}DeadLetter`,
        summary: 'Discards a dead letter for good',
        description: 'Deletes the dead letter; nothing handles it again.',
        params: DeadLetterParams,
        response: { 204: Type.Null() },
      },
      config: { contract: { problems: [404] } },
    },
    async (request, reply) => {
      const admin = await auth.admin(request);
      const group = ownGroup(request.params.group);
      if (!(await transport().discard(group, request.params.id))) throw deadLetterNotFound();
      request.log.info({ group, deadLetter: request.params.id, by: admin.userId }, 'dead letter discarded');
      return reply.code(204).send(null);
    },
  );

  app.post(
    `${base}/replay`,
    {
      schema: {
        security,
        operationId: `replay${noun}Messages`,
        summary:
          'Re-delivers what this service published to one consumer group, from an outbox id or an instant',
        description: `Reads ${service}'s outbox from fromId or since and sends the topics the group subscribes to again, to that group only. Consumers drop what they have already handled.`,
        body: ReplayRequest,
        response: {
          200: Type.Object({
            group: Type.String(),
            topics: Type.Array(Type.String()),
            delivered: Type.Integer(),
          }),
        },
      },
      config: { contract: { problems: [404] } },
    },
    async (request) => {
      const admin = await auth.admin(request);
      const body: Static<typeof ReplayRequest> = request.body;
      const current = transport();
      const subscription = messaging.contract.subscriptions.find((entry) => entry.group === body.group);
      if (!subscription) throw unknownGroup(body.group);
      // Only topics the group receives and this service publishes: replay never widens a subscription.
      const topics = subscription.topics.filter(
        (topic) =>
          messaging.publishedTopics.includes(topic) && (body.topic === undefined || topic === body.topic),
      );
      if (topics.length === 0) {
        throw problems.validation(
          `Group '${body.group}' receives none of the topics ${service} publishes${body.topic ? ` (asked: ${body.topic})` : ''}.`,
        );
      }
      let delivered = 0;
      for (const topic of topics) {
        delivered += await replayFromOutbox(db, current, {
          group: body.group,
          topic,
          ...(body.fromId === undefined ? {} : { fromId: body.fromId }),
          ...(body.since === undefined ? {} : { since: new Date(body.since) }),
        });
      }
      request.log.info(
        { group: body.group, topics, delivered, by: admin.userId },
        'replayed to a consumer group',
      );
      return { group: body.group, topics, delivered };
    },
  );
}
