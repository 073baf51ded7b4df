import { problems } from '@bazaar/problem';
import type { Authenticator, ServiceApp } from '@bazaar/service-host';
import { Type } from '@sinclair/typebox';
import { type Upstream, UpstreamStatusError } from '../proxy/upstream.js';

export interface DashboardUpstreams {
  identity: Upstream;
  ordering: Upstream;
  payment: Upstream;
  notification: Upstream;
}

const PART_NAMES = ['user', 'orders', 'payments', 'notifications'] as const;
type PartName = (typeof PART_NAMES)[number];

/**
 * Backend for the front end: one call returns a user's page — profile, recent orders, payments and
 * notifications — fetched from four services in parallel, each with its own deadline and each under its
 * upstream's resilience policy. A part that fails or
 * is late comes back as null and is named in `degraded`; the rest is still served.
 */
export function dashboardRoute(
  app: ServiceApp,
  auth: Authenticator,
  upstreams: DashboardUpstreams,
  options: { partTimeoutMs: number; recent: number },
): void {
  app.get(
    '/api/dashboard/:userId',
    {
      schema: {
        operationId: 'getDashboard',
        summary: "A user's profile, recent orders, payments and notifications in one call",
        description:
          "Backend for the front end: the profile, recent orders, payments and notifications of a user in one call, fetched from four services in parallel. A part that fails or is late comes back as null and is named in degraded. A customer sees only their own dashboard (anyone else's is a 404).",
        security: [{ bearerAuth: [] }],
        params: Type.Object({ userId: Type.String({ format: 'uuid' }) }),
        response: {
          200: Type.Object({
            user: Type.Union([Type.Record(Type.String(), Type.Unknown()), Type.Null()]),
            orders: Type.Union([Type.Array(Type.Unknown()), Type.Null()]),
            payments: Type.Union([Type.Array(Type.Unknown()), Type.Null()]),
            notifications: Type.Union([Type.Array(Type.Unknown()), Type.Null()]),
            degraded: Type.Array(Type.String()),
          }),
        },
      },
      config: { contract: { problems: [404] } },
    },
    async (request) => {
      const caller = await auth.user(request);
      const { userId } = request.params;
      // Someone else's dashboard does not exist for a customer (no hint that the user does).
      if (caller.role !== 'admin' && caller.userId !== userId) throw problems.notFound('No such dashboard.');
      const headers = { authorization: request.headers.authorization ?? '', 'x-request-id': request.id };
      const forUser = caller.userId === userId ? '' : `&userId=${userId}`;
      // One deadline per part, across its retries: the upstream's policy (breaker, bulkhead, budget) applies
      // within it, so a sick service costs the page one fast null instead of a slow one.
      const get = (upstream: Upstream, path: string) =>
        upstream.getJson(path, { headers, signal: AbortSignal.timeout(options.partTimeoutMs) });
      const items = async (upstream: Upstream, path: string) =>
        ((await get(upstream, path)) as { items: unknown[] }).items;

      const parts: Record<PartName, Promise<unknown>> = {
        user: get(upstreams.identity, `/api/users/${userId}`),
        orders: items(upstreams.ordering, `/api/orders?limit=${options.recent}${forUser}`),
        payments: items(upstreams.payment, `/api/payments?limit=${options.recent}${forUser}`),
        notifications: items(upstreams.notification, `/api/notifications?limit=${options.recent}${forUser}`),
      };
      const settled = await Promise.allSettled(PART_NAMES.map((name) => parts[name]));
      const degraded: string[] = [];
      const result = Object.fromEntries(
        PART_NAMES.map((name, index) => {
          const outcome = settled[index]!;
          if (outcome.status === 'fulfilled') return [name, outcome.value];
          degraded.push(name);
          request.log.warn({ part: name, err: outcome.reason }, 'dashboard part failed');
          return [name, null];
        }),
      );
      // The profile decides whether there is a dashboard at all: a 404 from identity is a 404 here.
      const profile = settled[0]!;
      if (
        profile.status === 'rejected' &&
        profile.reason instanceof UpstreamStatusError &&
        profile.reason.status === 404
      )
        throw problems.notFound('No such dashboard.');
      return { ...result, degraded } as {
        user: Record<string, unknown> | null;
        orders: unknown[] | null;
        payments: unknown[] | null;
        notifications: unknown[] | null;
        degraded: string[];
      };
    },
  );
}
