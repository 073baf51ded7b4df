import { ProblemError, problems } from '@bazaar/problem';
import type { SagaEngine, SagaRecord, SagaStatus } from '@bazaar/saga';
import {
  type Authenticator,
  cursorFields,
  keysetCursor,
  keysetPage,
  type ServiceApp,
} from '@bazaar/service-host';
import { Type } from '@sinclair/typebox';
import type { FulfilmentData } from '../application/fulfilment.js';

const Status = Type.Union(
  ['RUNNING', 'COMPENSATING', 'COMPLETED', 'COMPENSATED', 'NEEDS_ATTENTION'].map((status) =>
    Type.Literal(status),
  ),
);
const Saga = Type.Object({
  id: Type.String({ format: 'uuid' }),
  saga: Type.String(),
  status: Status,
  currentStep: Type.Union([Type.String(), Type.Null()]),
  attempt: Type.Integer(),
  deadline: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  failureReason: Type.Union([Type.String(), Type.Null()]),
  data: Type.Record(Type.String(), Type.Unknown()),
  createdAt: Type.String({ format: 'date-time' }),
  updatedAt: Type.String({ format: 'date-time' }),
});
const HistoryEntry = Type.Object({
  at: Type.String({ format: 'date-time' }),
  kind: Type.String(),
  step: Type.Union([Type.String(), Type.Null()]),
  detail: Type.Union([Type.Record(Type.String(), Type.Unknown()), Type.Null()]),
});
const Params = Type.Object({ id: Type.String({ format: 'uuid' }) });

/** Most recently changed first: the change time to the microsecond, then the saga id. */
const sagaCursor = keysetCursor(cursorFields.microsecondInstant, cursorFields.uuid);

const toJson = (saga: SagaRecord<FulfilmentData>) => ({
  ...saga,
  deadline: saga.deadline?.toISOString() ?? null,
  data: saga.data as unknown as Record<string, unknown>,
  createdAt: saga.createdAt.toISOString(),
  updatedAt: saga.updatedAt.toISOString(),
});

/** Operators' view of the fulfilment sagas: find the stuck ones, read their history, retry a parked one. */
export function sagaAdminRoutes(
  app: ServiceApp,
  auth: Authenticator,
  saga: SagaEngine<FulfilmentData>,
): void {
  const security = [{ bearerAuth: [] }];

  app.get(
    '/api/admin/sagas',
    {
      schema: {
        security,
        operationId: 'listSagas',
        summary: 'Sagas, most recently changed first; filter by status (e.g. NEEDS_ATTENTION)',
        description: 'Order-fulfilment sagas with their status and current step, a page at a time.',
        querystring: Type.Object(
          {
            status: Type.Optional(Status),
            limit: Type.Integer({ minimum: 1, maximum: 100, default: 20 }),
            cursor: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
          },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({
            items: Type.Array(Saga),
            counts: Type.Record(Type.String(), Type.Integer()),
            nextCursor: Type.Union([Type.String(), Type.Null()]),
          }),
        },
      },
    },
    async (request) => {
      await auth.admin(request);
      const { status, limit, cursor } = request.query;
      const after = cursor ? sagaCursor.decode(cursor) : undefined;
      const rows = await saga.list({
        limit: limit + 1,
        ...(status ? { status: status as SagaStatus } : {}),
        ...(after ? { after: { position: after[0], id: after[1] } } : {}),
      });
      const page = keysetPage(rows, limit, sagaCursor, (row) => [row.position, row.id] as const);
      return {
        items: page.items.map(toJson),
        counts: await saga.countByStatus(),
        nextCursor: page.nextCursor,
      };
    },
  );

  app.get(
    '/api/admin/sagas/:id',
    {
      schema: {
        security,
        operationId: 'getSaga',
        summary: 'One saga with its full history',
        description:
          'One saga with every step it took, every reply it received and every compensation it ran.',
        params: Params,
        response: { 200: Type.Object({ saga: Saga, history: Type.Array(HistoryEntry) }) },
      },
      config: { contract: { problems: [404] } },
    },
    async (request) => {
      await auth.admin(request);
      const found = await saga.get(request.params.id);
      if (!found) throw problems.notFound('No such saga.');
      return {
        saga: toJson(found.saga),
        history: found.history.map((entry) => ({ ...entry, at: entry.at.toISOString() })),
      };
    },
  );

  app.post(
    '/api/admin/sagas/:id/retry',
    {
      schema: {
        security,
        operationId: 'retrySaga',
        summary: 'Resume the compensation of a saga parked as NEEDS_ATTENTION',
        description:
          'A saga whose compensation failed too often is parked as NEEDS_ATTENTION; after the cause is fixed, this resumes its compensation. Any other saga is a 409.',
        params: Params,
        response: { 202: Type.Object({ id: Type.String(), status: Status }) },
      },
      config: { contract: { problems: [404, 409] } },
    },
    async (request, reply) => {
      const admin = await auth.admin(request);
      const found = await saga.get(request.params.id);
      if (!found) throw problems.notFound('No such saga.');
      const result = await saga.retry(request.params.id);
      if (!result.applied || !result.status) {
        throw new ProblemError(
          'saga-not-parked',
          409,
          'Saga is not waiting for an operator',
          `Only a NEEDS_ATTENTION saga can be retried; this one is ${found.saga.status}.`,
        );
      }
      request.log.info({ sagaId: request.params.id, by: admin.userId }, 'parked saga retried');
      return reply.code(202).send({ id: request.params.id, status: result.status });
    },
  );
}
