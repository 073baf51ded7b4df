import { SUBSCRIPTIONS } from '@bazaar/contracts';
import { problems } from '@bazaar/problem';
import { type Authenticator, PublishedMessage, type ServiceApp } from '@bazaar/service-host';
import { type Static, Type } from '@sinclair/typebox';
import { type Upstream, UpstreamStatusError } from '../proxy/upstream.js';

/** Without a position for a service (no cursor yet), the tail starts with its latest few messages. */
const START_PER_SERVICE = 10;
const SERVICE_TIMEOUT_MS = 2_000;
const MAX_CURSOR_LENGTH = 1_000;

type Published = Static<typeof PublishedMessage>;

const TailEvent = Type.Object({
  service: Type.String({ description: 'the service whose outbox relay published it' }),
  ...PublishedMessage.properties,
  subscribers: Type.Array(Type.String(), {
    description: 'the consumer groups subscribed to its topic (each receives it; a group may skip a type)',
  }),
});
type TailEvent = Static<typeof TailEvent>;

/** Each consumer group receives the topics it subscribes to: who gets an event on a topic. */
const SUBSCRIBERS_BY_TOPIC = new Map<string, string[]>();
for (const { group, topics } of SUBSCRIPTIONS)
  for (const topic of topics)
    SUBSCRIBERS_BY_TOPIC.set(topic, [...(SUBSCRIBERS_BY_TOPIC.get(topic) ?? []), group]);

/** Where the tail stands in each service's outbox: the last outbox id it returned (0: from the start). */
type Positions = Partial<Record<string, number>>;

/**
 * The cursor is each service's position as base64url JSON. Anything else — not base64url JSON, not an
 * object, a service that is not here, a position that is not a non-negative integer — is a 400 problem.
 */
function decodeCursor(text: string, services: ReadonlySet<string>): Positions {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
  } catch {
    throw problems.invalidCursor();
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw problems.invalidCursor();
  for (const [service, position] of Object.entries(parsed)) {
    if (!services.has(service))
      throw problems.invalidCursor(`The cursor names '${service}', not a service here.`);
    if (!Number.isSafeInteger(position) || (position as number) < 0) throw problems.invalidCursor();
  }
  return parsed as Positions;
}

const encodeCursor = (positions: Positions) => Buffer.from(JSON.stringify(positions)).toString('base64url');

/**
 * Merges the services' lists (each ascending by outbox id) into at most `limit` events by publishedAt. Each
 * service's part is a prefix of its list, so continuing after its last one skips none of it; the next
 * position of a service is the last of its events taken.
 */
export function mergeByPublishedAt(
  lists: ReadonlyMap<string, readonly Published[]>,
  limit: number,
): { events: { service: string; message: Published }[]; lastTaken: Map<string, number> } {
  const next = new Map([...lists.keys()].map((service) => [service, 0]));
  const events: { service: string; message: Published }[] = [];
  const lastTaken = new Map<string, number>();
  while (events.length < limit) {
    let earliest: { service: string; message: Published } | undefined;
    for (const [service, list] of lists) {
      const message = list[next.get(service)!];
      if (message && (!earliest || message.publishedAt < earliest.message.publishedAt))
        earliest = { service, message };
    }
    if (!earliest) break;
    events.push(earliest);
    next.set(earliest.service, next.get(earliest.service)! + 1);
    lastTaken.set(earliest.service, earliest.message.outboxId);
  }
  return { events, lastTaken };
}

/**
 * A live tail of the events flowing through the transport: every service's outbox keeps what its relay
 * published (on either transport, from every instance), so the gateway asks each service for what it
 * published after the cursor's position and merges them by publishedAt. Polled with the cursor it answers,
 * it returns every event once.
 */
export function eventsRoute(app: ServiceApp, auth: Authenticator, upstreams: readonly Upstream[]): void {
  const services = new Set(upstreams.map((upstream) => upstream.name));
  app.get(
    '/api/admin/events',
    {
      schema: {
        operationId: 'listEvents',
        summary: 'A live tail of the events every service published onto the transport',
        description: `The events the services' outbox relays published after the cursor, merged by publishedAt, oldest first, at most \`limit\`, each with the consumer groups subscribed to its topic. Call again with the cursor answered to get the next ones, each once (each service's read waits for an event published just now, so one whose transaction commits late is not passed over). Without a cursor: the latest ${START_PER_SERVICE} of each service. Services that did not answer within ${SERVICE_TIMEOUT_MS / 1000} s are named in unreachable; the cursor keeps their position. Long data is cut (see data and dataTruncated).`,
        security: [{ bearerAuth: [] }],
        querystring: Type.Object(
          {
            cursor: Type.Optional(
              Type.String({
                minLength: 1,
                maxLength: MAX_CURSOR_LENGTH,
                pattern: '^[A-Za-z0-9_-]+$',
                description: 'the cursor of the previous answer (opaque)',
              }),
            ),
            limit: Type.Integer({ minimum: 1, maximum: 200, default: 100 }),
          },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({
            items: Type.Array(TailEvent, { description: 'oldest first' }),
            cursor: Type.String({ description: 'where to continue: pass it as cursor next time' }),
            unreachable: Type.Array(Type.String(), {
              description: 'services that did not answer: their events come once they do',
            }),
          }),
        },
      },
    },
    async (request) => {
      await auth.admin(request);
      const { cursor, limit } = request.query;
      const positions = cursor === undefined ? {} : decodeCursor(cursor, services);
      const authorization = request.headers.authorization ?? '';
      const unreachable: string[] = [];
      const lists = new Map<string, readonly Published[]>();
      const readTo = new Map<string, number>();
      await Promise.all(
        upstreams.map(async (upstream) => {
          const { name } = upstream;
          const position = positions[name];
          const query =
            position === undefined
              ? `limit=${Math.min(limit, START_PER_SERVICE)}`
              : `after=${position}&limit=${limit}`;
          try {
            const answer = (await upstream.getJson(`/api/admin/messaging/${name}/published?${query}`, {
              headers: { authorization, 'x-request-id': request.id },
              signal: AbortSignal.timeout(SERVICE_TIMEOUT_MS),
            })) as { items: Published[]; next: number };
            lists.set(name, answer.items);
            readTo.set(name, answer.next);
          } catch (error) {
            // 404: a service without messaging publishes nothing; anything else, it did not answer.
            if (!(error instanceof UpstreamStatusError && error.status === 404)) unreachable.push(name);
          }
        }),
      );
      const { events, lastTaken } = mergeByPublishedAt(lists, limit);
      const nextPositions: Positions = { ...positions };
      for (const [service, list] of lists) {
        const taken = lastTaken.get(service);
        // Nothing listed: where its read stopped. Some left out by the limit: after the last one taken, or
        // where it stood (just before its first one when it had no position yet).
        if (list.length === 0) nextPositions[service] = readTo.get(service)!;
        else if (taken !== undefined) nextPositions[service] = taken;
        else nextPositions[service] = positions[service] ?? list[0]!.outboxId - 1;
      }
      const items: TailEvent[] = events.map(({ service, message }) => ({
        service,
        ...message,
        subscribers: SUBSCRIBERS_BY_TOPIC.get(message.topic) ?? [],
      }));
      return { items, cursor: encodeCursor(nextPositions), unreachable: unreachable.sort() };
    },
  );
}
