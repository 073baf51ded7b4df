export const UPSTREAMS = [
  'identity',
  'catalog',
  'inventory',
  'ordering',
  'payment',
  'shipping',
  'notification',
  'analytics',
] as const;
export type UpstreamName = (typeof UPSTREAMS)[number];

export interface RouteRule {
  upstream: UpstreamName;
  /** Matches this exact path, or this path followed by `/…`. */
  path: string;
  /** Only these methods reach the upstream through this rule. */
  methods: readonly string[];
  /** Methods that need no token (DESIGN.md §5); everything else needs `Authorization: Bearer`. */
  publicMethods: readonly string[];
  /**
   * The control plane of a sick service (clearing its injected faults): forwarded around the upstream's
   * breaker and bulkhead, or an open breaker would lock out the very call that heals it.
   */
  aroundPolicy?: boolean;
}

const READ = ['GET', 'HEAD'] as const;
const ALL = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;

/** The public surface: which upstream owns which paths, and which calls are anonymous. */
export const ROUTES: readonly RouteRule[] = [
  { upstream: 'identity', path: '/api/auth', methods: ['POST'], publicMethods: ['POST'] },
  { upstream: 'identity', path: '/.well-known/jwks.json', methods: READ, publicMethods: READ },
  { upstream: 'identity', path: '/api/users', methods: ALL, publicMethods: [] },
  { upstream: 'catalog', path: '/api/products', methods: ALL, publicMethods: READ },
  { upstream: 'ordering', path: '/api/orders', methods: ALL, publicMethods: [] },
  { upstream: 'ordering', path: '/api/admin/projections', methods: ALL, publicMethods: [] },
  { upstream: 'ordering', path: '/api/admin/sagas', methods: ALL, publicMethods: [] },
  { upstream: 'inventory', path: '/api/inventory', methods: READ, publicMethods: READ },
  { upstream: 'inventory', path: '/api/admin/inventory', methods: ALL, publicMethods: [] },
  { upstream: 'payment', path: '/api/payments', methods: READ, publicMethods: [] },
  { upstream: 'shipping', path: '/api/shipments', methods: READ, publicMethods: [] },
  { upstream: 'notification', path: '/api/notifications', methods: READ, publicMethods: [] },
  { upstream: 'analytics', path: '/api/admin/analytics', methods: READ, publicMethods: [] },
  // Each service administers its own outbox, consumer groups and dead letters, and its injected faults.
  ...['messaging', 'faults'].flatMap((area) =>
    UPSTREAMS.map((upstream) => ({
      upstream,
      path: `/api/admin/${area}/${upstream}`,
      methods: ALL,
      publicMethods: [],
      ...(area === 'faults' ? { aroundPolicy: true } : {}),
    })),
  ),
];

export type RouteDecision =
  | { kind: 'forward'; upstream: UpstreamName; requiresToken: boolean; rule: string; aroundPolicy?: true }
  | { kind: 'not-found' }
  | { kind: 'method-not-allowed'; allowed: readonly string[] }
  | { kind: 'bad-path' };

// Dot segments, empty segments and encoded slashes or dots could make an upstream resolve a different
// path than the one the gateway authorised; such paths are refused outright.
const UNSAFE_PATH = /(^|\/)\.\.?(\/|$)|\/\/|%2f|%5c|%2e|\\/i;

/** Decides where a request goes, from its method and path (without query). Pure. */
export function decideRoute(method: string, path: string): RouteDecision {
  if (UNSAFE_PATH.test(path)) return { kind: 'bad-path' };
  const rule = ROUTES.find((candidate) => path === candidate.path || path.startsWith(`${candidate.path}/`));
  if (!rule) return { kind: 'not-found' };
  if (!rule.methods.includes(method)) return { kind: 'method-not-allowed', allowed: rule.methods };
  return {
    kind: 'forward',
    upstream: rule.upstream,
    requiresToken: !rule.publicMethods.includes(method),
    rule: rule.path,
    ...(rule.aroundPolicy ? { aroundPolicy: true as const } : {}),
  };
}
