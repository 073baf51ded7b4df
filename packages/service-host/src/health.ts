import type { Pool } from '@bazaar/postgres';
import { Type } from '@sinclair/typebox';
import type { ServiceApp } from './define-service.js';

export interface HealthState {
  /** True once migrations ran and start hooks finished. */
  started: boolean;
  /** True from the moment shutdown begins, so load balancers stop sending traffic first. */
  stopping: boolean;
}

export interface ReadinessCheck {
  name: string;
  check: () => Promise<void>;
}

const CheckResult = Type.Object({
  name: Type.String(),
  ok: Type.Boolean(),
  detail: Type.Optional(Type.String()),
});
const HealthReport = Type.Object({
  status: Type.Union([Type.Literal('up'), Type.Literal('degraded'), Type.Literal('down')]),
  service: Type.String(),
  checks: Type.Array(CheckResult),
  dependencies: Type.Optional(Type.Array(CheckResult)),
});

export function databaseCheck(db: Pool, timeoutMs = 1_000): ReadinessCheck {
  return {
    name: 'database',
    check: async () => {
      const query = db`SELECT 1`;
      const timer = setTimeout(() => query.cancel(), timeoutMs);
      try {
        await query;
      } finally {
        clearTimeout(timer);
      }
    },
  };
}

/**
 * Kubernetes semantics: live = the process can serve (restart it if not); ready = it should get
 * traffic (its database answers, migrations ran, it is not shutting down). `/health` summarises, with
 * the services this one depends on; their failure never makes this one unready (no cascading restarts).
 */
export function registerHealthRoutes(
  app: ServiceApp,
  service: string,
  state: HealthState,
  checks: readonly ReadinessCheck[],
  dependencies: readonly ReadinessCheck[],
): void {
  const run = (list: readonly ReadinessCheck[]) =>
    Promise.all(
      list.map(async ({ name, check }) => {
        try {
          await check();
          return { name, ok: true };
        } catch (error) {
          return { name, ok: false, detail: error instanceof Error ? error.message : String(error) };
        }
      }),
    );

  async function report() {
    const results = await run(checks);
    const lifecycle = state.stopping
      ? { name: 'lifecycle', ok: false, detail: 'shutting down' }
      : state.started
        ? { name: 'lifecycle', ok: true }
        : { name: 'lifecycle', ok: false, detail: 'starting' };
    const all = [lifecycle, ...results];
    return { status: all.every((r) => r.ok) ? ('up' as const) : ('down' as const), service, checks: all };
  }

  /** Readiness plus the services this one calls: a dependency that is down degrades, it does not fail. */
  async function summary() {
    const own = await report();
    if (dependencies.length === 0) return own;
    const results = await run(dependencies);
    const status =
      own.status === 'down'
        ? own.status
        : results.every((r) => r.ok)
          ? ('up' as const)
          : ('degraded' as const);
    return { ...own, status, dependencies: results };
  }

  const hide = { hide: true };
  app.get(
    '/health/live',
    { schema: { ...hide, response: { 200: Type.Object({ status: Type.Literal('up') }) } } },
    async () => ({
      status: 'up' as const,
    }),
  );
  app.get(
    '/health/ready',
    { schema: { ...hide, response: { 200: HealthReport, 503: HealthReport } } },
    async (_request, reply) => {
      const result = await report();
      return reply.code(result.status === 'up' ? 200 : 503).send(result);
    },
  );
  app.get(
    '/health',
    { schema: { ...hide, response: { 200: HealthReport, 503: HealthReport } } },
    async (_request, reply) => {
      const result = await summary();
      return reply.code(result.status === 'down' ? 503 : 200).send(result);
    },
  );
}
