import { problems } from '@bazaar/problem';
import type { Authenticator, ServiceApp } from '@bazaar/service-host';
import { Type } from '@sinclair/typebox';
import type { Upstream } from '../proxy/upstream.js';
import { UPSTREAMS, type UpstreamName } from '../routing/route-table.js';

/**
 * The most text relayed from one instance. A service's metrics are a few to a few dozen kB (RED metrics per
 * route pattern, messaging, process); far more means a label set ran away, which is refused, not relayed.
 */
export const METRICS_MAX_BYTES = 512 * 1024;
/** An admin read waits this long for every instance; one that has not answered by then is reported. */
const DEADLINE_MS = 2_000;

const FAMILY_NAME = '[a-zA-Z_:][a-zA-Z0-9_:]*';

const Instance = Type.String({ format: 'uri', description: 'the instance’s base URL' });
const State = Type.Union(
  ['healthy', 'unhealthy', 'ejected'].map((state) => Type.Literal(state)),
  { description: 'the instance as the gateway’s balancer saw it when asked' },
);
const ServiceMetrics = Type.Object({
  service: Type.String(),
  instances: Type.Array(
    Type.Union([
      Type.Object({
        instance: Instance,
        state: State,
        metrics: Type.String({
          description: `Prometheus text format 0.0.4, as the instance serves it at /metrics (only the families named in \`names\`, when given); at most ${METRICS_MAX_BYTES} bytes`,
        }),
      }),
      Type.Object({
        instance: Instance,
        state: State,
        error: Type.String({
          description:
            'why the instance gave no metrics: no connection, no answer in time, another status than 200, or more text than the limit',
        }),
      }),
    ]),
    { description: 'every instance the gateway balances the service over, in its order' },
  ),
});

/** The base name of a sample: a histogram's `_bucket`, `_sum` and `_count` belong to their family. */
const familyOf = (sample: string) => sample.replace(/_(bucket|sum|count)$/, '');

/**
 * Prometheus text reduced to the named metric families: their `# HELP` and `# TYPE` lines and samples
 * (a histogram's `_bucket`, `_sum`, `_count` too), in their order. Pure.
 */
export function keepFamilies(text: string, families: readonly string[]): string {
  const wanted = new Set(families);
  const kept = text.split('\n').filter((line) => {
    const name = line.startsWith('#')
      ? /^# (?:HELP|TYPE) (\S+)/.exec(line)?.[1]
      : new RegExp(`^${FAMILY_NAME}`).exec(line)?.[0];
    return name !== undefined && (wanted.has(name) || wanted.has(familyOf(name)));
  });
  return kept.length > 0 ? `${kept.join('\n')}\n` : '';
}

const isUpstream = (name: string): name is UpstreamName => (UPSTREAMS as readonly string[]).includes(name);

/**
 * GET /api/admin/metrics/:service: the service's own Prometheus metrics from every instance (services'
 * /metrics are internal; the gateway's own are public at /metrics), for the console's per-service charts.
 * Each instance is asked at once and answers or is reported with the reason; the gateway never sums them
 * (a reader needs each instance's counters to see a restart). Admins only.
 */
export function metricsRoute(
  app: ServiceApp,
  auth: Authenticator,
  upstreams: Readonly<Record<UpstreamName, Upstream>>,
): void {
  app.get(
    '/api/admin/metrics/:service',
    {
      schema: {
        operationId: 'getServiceMetrics',
        summary: 'A service’s Prometheus metrics, from each of its instances',
        description: `The Prometheus text each instance of the service serves at its /metrics (not reachable from outside), one entry per instance the gateway balances over, with its state; an instance that does not answer within ${DEADLINE_MS} ms is listed with the reason instead. \`service\` is one of ${UPSTREAMS.join(', ')} (anything else is 404; the gateway’s own metrics are at GET /metrics). \`names\` keeps only those metric families (a histogram with its _bucket, _sum and _count). Admins only.`,
        security: [{ bearerAuth: [] }],
        params: Type.Object({
          service: Type.String({
            minLength: 1,
            maxLength: 64,
            description: `one of ${UPSTREAMS.join(', ')}`,
            examples: ['ordering'],
          }),
        }),
        querystring: Type.Object({
          names: Type.Optional(
            Type.String({
              pattern: `^${FAMILY_NAME}(,${FAMILY_NAME})*$`,
              maxLength: 1_000,
              description: 'comma-separated metric family names, as on their # TYPE lines',
              examples: ['http_requests_total,http_request_duration_seconds'],
            }),
          ),
        }),
        response: { 200: ServiceMetrics },
      },
      config: { contract: { problems: [404] } },
    },
    async (request) => {
      await auth.admin(request);
      const { service } = request.params;
      if (!isUpstream(service))
        throw problems.notFound(`No service '${service}': one of ${UPSTREAMS.join(', ')}.`);
      const families = request.query.names?.split(',');
      const results = await upstreams[service].getTextFromEach('/metrics', {
        signal: AbortSignal.timeout(DEADLINE_MS),
        maxBytes: METRICS_MAX_BYTES,
      });
      return {
        service,
        instances: results.map(({ instance, state, value, error }) =>
          error
            ? { instance, state, error: error.message }
            : { instance, state, metrics: families ? keepFamilies(value, families) : value },
        ),
      };
    },
  );
}
