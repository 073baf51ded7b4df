import { createHash } from 'node:crypto';
import { ConfigError } from '@bazaar/config';

/**
 * The rate-limit policies of the gateway and which requests count against which. Pure: no clock, no
 * store, no I/O.
 */
export const POLICY_NAMES = ['default', 'auth', 'login', 'login-email', 'orders'] as const;
export type PolicyName = (typeof POLICY_NAMES)[number];

export interface Policy {
  /** Requests allowed per window and key (the `q` of RateLimit-Policy). */
  limit: number;
  /** The window in seconds (the `w` of RateLimit-Policy). */
  windowSeconds: number;
}
export type Policies = Record<PolicyName, Policy>;

/** What a deployment gets without RATE_LIMITS; each entry can be overridden on its own. */
export const DEFAULT_POLICIES: Policies = {
  // Every other call, per user (the token's `sub`) or, anonymous, per client address: 5 per second on average.
  default: { limit: 300, windowSeconds: 60 },
  // The rest of /api/auth/* (refresh, logout): per caller.
  auth: { limit: 60, windowSeconds: 60 },
  // POST /api/auth/login and /api/auth/register, per client address…
  login: { limit: 20, windowSeconds: 60 },
  // …and per e-mail address in the body (lower-case), against guessing one account's password from many hosts.
  'login-email': { limit: 5, windowSeconds: 300 },
  // POST /api/orders, per user.
  orders: { limit: 30, windowSeconds: 60 },
};

const MAX_LIMIT = 1_000_000_000;
const MAX_WINDOW_SECONDS = 86_400;

/**
 * RATE_LIMITS: a JSON object from policy name to `{ "limit": n, "windowSeconds": s }` (either member may be
 * left out and keeps its default). Unset or empty keeps every default. Throws a ConfigError naming
 * RATE_LIMITS and what is wrong, which the CLI turns into exit code 2.
 */
export function parsePolicies(text: string | undefined, variable = 'RATE_LIMITS'): Policies {
  const policies = structuredClone(DEFAULT_POLICIES);
  if (text === undefined || text.trim() === '') return policies;
  const fail = (what: string): never => {
    throw new ConfigError([
      `${variable}: ${what} (got ${JSON.stringify(text)}) — a JSON object such as {"default":{"limit":300,"windowSeconds":60}} with policies ${POLICY_NAMES.join(', ')}`,
    ]);
  };
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return fail('is not JSON');
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
    return fail('must be a JSON object');
  for (const [name, value] of Object.entries(parsed)) {
    if (!(POLICY_NAMES as readonly string[]).includes(name)) fail(`unknown policy '${name}'`);
    if (typeof value !== 'object' || value === null || Array.isArray(value))
      fail(`policy '${name}' must be an object`);
    const policy = policies[name as PolicyName];
    for (const [member, given] of Object.entries(value as Record<string, unknown>)) {
      const max =
        member === 'limit' ? MAX_LIMIT : member === 'windowSeconds' ? MAX_WINDOW_SECONDS : undefined;
      if (max === undefined)
        fail(`policy '${name}' has an unknown member '${member}' (limit, windowSeconds)`);
      if (typeof given !== 'number' || !Number.isInteger(given) || given < 1 || given > max!)
        fail(`${name}.${member} must be an integer from 1 to ${max}`);
      policy[member as keyof Policy] = given as number;
    }
  }
  return policies;
}

/** Whose counter a request is charged to. */
export type KeyKind = 'caller' | 'address' | 'email';

export interface Charge {
  policy: PolicyName;
  key: KeyKind;
}

const CREDENTIAL_PATHS = new Set(['/api/auth/login', '/api/auth/register']);

/**
 * The counters a request is charged to, from its method and path (without query): login and
 * registration per address and per e-mail, the rest of /api/auth per caller, order placement per caller,
 * everything else the default per caller. A caller is the verified user, or the address when anonymous.
 */
export function chargesFor(method: string, path: string): readonly Charge[] {
  if (method === 'POST' && CREDENTIAL_PATHS.has(path))
    return [
      { policy: 'login', key: 'address' },
      { policy: 'login-email', key: 'email' },
    ];
  if (path === '/api/auth' || path.startsWith('/api/auth/')) return [{ policy: 'auth', key: 'caller' }];
  if (method === 'POST' && path === '/api/orders') return [{ policy: 'orders', key: 'caller' }];
  return [{ policy: 'default', key: 'caller' }];
}

/** Only the public API is limited: not health, metrics or the documents. */
export function isLimitedPath(path: string): boolean {
  return path.startsWith('/api/') || path === '/api' || path.startsWith('/.well-known/');
}

/** The e-mail of a login or registration body, trimmed and lower-case; undefined when there is none. */
export function emailFromBody(body: unknown): string | undefined {
  let value: unknown = body;
  if (Buffer.isBuffer(body)) {
    try {
      value = JSON.parse(body.toString('utf8'));
    } catch {
      return undefined;
    }
  }
  if (typeof value !== 'object' || value === null) return undefined;
  const email = (value as { email?: unknown }).email;
  if (typeof email !== 'string') return undefined;
  const normalised = email.trim().toLowerCase();
  return normalised === '' ? undefined : normalised;
}

/** The counter's name in a store: e-mail addresses are hashed so they are not stored in plain text. */
export function counterKey(policy: PolicyName, kind: 'user' | 'address' | 'email', id: string): string {
  const shown = kind === 'email' ? createHash('sha256').update(id).digest('base64url').slice(0, 22) : id;
  return `${policy}:${kind}:${shown}`;
}

export interface Count {
  /** Requests counted in the current window, this one included. */
  count: number;
  /** Milliseconds until the window ends. */
  resetMs: number;
}

export interface Decision {
  policy: PolicyName;
  limit: number;
  windowSeconds: number;
  remaining: number;
  /** Seconds until the quota is reset (rounded up, at least 1 when exhausted). */
  resetSeconds: number;
  allowed: boolean;
}

export function decide(policy: PolicyName, settings: Policy, count: Count): Decision {
  const allowed = count.count <= settings.limit;
  const resetSeconds = Math.max(allowed ? 0 : 1, Math.ceil(Math.max(0, count.resetMs) / 1000));
  return {
    policy,
    limit: settings.limit,
    windowSeconds: settings.windowSeconds,
    remaining: Math.max(0, settings.limit - count.count),
    resetSeconds,
    allowed,
  };
}

/**
 * The IETF RateLimit-Policy and RateLimit fields (draft-ietf-httpapi-ratelimit-headers, structured-field
 * lists): `"default";q=100;w=60` and `"default";r=42;t=17`, one list member per policy charged.
 */
export function rateLimitHeaders(decisions: readonly Decision[]): {
  'ratelimit-policy': string;
  ratelimit: string;
} {
  return {
    'ratelimit-policy': decisions.map((d) => `"${d.policy}";q=${d.limit};w=${d.windowSeconds}`).join(', '),
    ratelimit: decisions.map((d) => `"${d.policy}";r=${d.remaining};t=${d.resetSeconds}`).join(', '),
  };
}

/** Seconds a refused caller must wait: until every exhausted quota is reset. */
export function retryAfterSeconds(decisions: readonly Decision[]): number {
  return Math.max(1, ...decisions.filter((d) => !d.allowed).map((d) => d.resetSeconds));
}
