import { ProblemError } from '@bazaar/problem';
import type { Authenticator, ServiceApp } from '@bazaar/service-host';
import { type Static, Type } from '@sinclair/typebox';

const Count = Type.Integer({ minimum: 0 });

export const InvariantResult = Type.Object({
  id: Type.Integer({ minimum: 1, maximum: 5, description: 'the number of the invariant in DESIGN.md §6' }),
  name: Type.String(),
  ok: Type.Boolean(),
  counts: Type.Record(Type.String(), Type.Number(), { description: 'the figures the verdict rests on' }),
  violations: Type.Array(Type.String(), { description: 'the first few offenders, when it does not hold' }),
});
export type InvariantResult = Static<typeof InvariantResult>;

const InvariantReport = Type.Object({
  ok: Type.Boolean({ description: 'every invariant holds' }),
  checkedAt: Type.String({ format: 'date-time' }),
  durationMs: Count,
  results: Type.Array(InvariantResult),
});

/**
 * Runs the checker of DESIGN.md §6 over every service's database. The gateway owns no database, so it
 * runs one only when its host hands it a checker (solo mode and the local cluster do, from the server they
 * started the databases on); a deployment that keeps the databases' credentials away from the edge has none.
 */
export type InvariantChecker = () => Promise<InvariantResult[]>;

const unavailable = () =>
  new ProblemError(
    'invariants-unavailable',
    503,
    'Invariant checker not available here',
    "This gateway was started without access to the services' databases (solo mode and the local cluster have it). Run `npm run check-invariants` with DATABASE_URL instead.",
  );

/**
 * POST /api/admin/invariants: checks the invariants now and answers with each verdict. A check reads whole
 * tables, so concurrent requests share the one that is running instead of starting another.
 */
export function invariantsRoute(app: ServiceApp, auth: Authenticator, check: InvariantChecker | undefined) {
  let running: Promise<Static<typeof InvariantReport>> | undefined;
  const runOnce = async () => {
    const started = performance.now();
    const results = await check!();
    return {
      ok: results.every((result) => result.ok),
      checkedAt: new Date().toISOString(),
      durationMs: Math.round(performance.now() - started),
      results,
    };
  };
  app.post(
    '/api/admin/invariants',
    {
      schema: {
        operationId: 'checkInvariants',
        summary: 'Check the invariants that define “nothing lost”',
        description:
          'Runs the checker of DESIGN.md §6 against every service’s database: every order settled, no stock leaks, money adds up, one shipment and one confirmation per confirmed order, the read model agrees with the streams. Meant for a quiet system: an order still in flight counts against 1 and 2 until it settles. Answers 503 invariants-unavailable where the gateway has no access to the databases (outside solo mode and the local cluster). Admins only.',
        security: [{ bearerAuth: [] }],
        response: { 200: InvariantReport },
      },
    },
    async (request) => {
      await auth.admin(request);
      if (!check) throw unavailable();
      running ??= runOnce().finally(() => {
        running = undefined;
      });
      return running;
    },
  );
}
