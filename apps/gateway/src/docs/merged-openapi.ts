import {
  type OpenApiDocument,
  operationsOf,
  PROBLEM_RESPONSE_NAMES,
  problemResponse,
  problemResponseRef,
} from '@bazaar/service-host';
import type { Upstream } from '../proxy/upstream.js';
import { ROUTES } from '../routing/route-table.js';

const CACHE_MS = 30_000;

/** The IETF rate-limit fields every answer of the public API carries (see src/rate-limit/policy.ts). */
export const RATE_LIMIT_HEADERS = {
  'RateLimit-Policy': {
    description:
      'The quotas this request was charged to (draft-ietf-httpapi-ratelimit-headers): a list of `"<policy>";q=<requests>;w=<seconds>`, for example `"default";q=300;w=60`',
    schema: { type: 'string', example: '"default";q=300;w=60' },
  },
  RateLimit: {
    description:
      'What is left of each quota: a list of `"<policy>";r=<remaining>;t=<seconds until reset>`, for example `"default";r=299;t=60`',
    schema: { type: 'string', example: '"default";r=299;t=60' },
  },
} as const;

type OpenApiResponse = NonNullable<
  NonNullable<OpenApiDocument['paths']>[string][string]['responses']
>[string];

const headerRefs = () =>
  Object.fromEntries(
    Object.keys(RATE_LIMIT_HEADERS).map((name) => [name, { $ref: `#/components/headers/${name}` }]),
  );

/** Paths the gateway rate-limits: every proxied operation and its own public ones. */
const limited = (path: string) => path.startsWith('/api/') || path.startsWith('/.well-known/');

/**
 * Documents the rate limits on a merged document: a 429 problem on each limited operation, and the
 * RateLimit-Policy and RateLimit headers on each of its answers (inline ones, and every shared problem
 * response, which the limited operations refer to).
 */
export function documentRateLimits(document: OpenApiDocument): void {
  for (const { path, operation } of operationsOf(document)) {
    if (!limited(path)) continue;
    operation.responses ??= {};
    operation.responses['429'] ??= problemResponseRef(429);
    for (const response of Object.values(operation.responses)) {
      if (response.$ref) continue;
      response.headers = { ...headerRefs(), ...response.headers };
    }
  }
  document.components ??= {};
  const components = document.components;
  components.responses ??= {};
  components.responses[PROBLEM_RESPONSE_NAMES[429]] = problemResponse(
    429,
    'Too many requests: a rate limit of the gateway is used up (`urn:bazaar:problem:rate-limited`); retry after Retry-After seconds',
  );
  for (const response of Object.values(components.responses) as OpenApiResponse[]) {
    response.headers = { ...headerRefs(), ...response.headers };
  }
  components.headers = { ...(components.headers as object | undefined), ...RATE_LIMIT_HEADERS };
}

/**
 * One OpenAPI 3.1 document for the public API: the gateway's own operations, then each upstream's own
 * document (generated from its route schemas and completed by its host), keeping only the paths the
 * gateway routes to that upstream; a proxied operation can also time out at the gateway (504) and be
 * refused by its rate limits (429, with the RateLimit headers on every answer). Cached
 * briefly; an upstream that cannot be reached is listed under `x-unavailable` instead of failing the
 * whole document.
 */
export function mergedOpenApi(own: () => OpenApiDocument, upstreams: readonly Upstream[], version: string) {
  let cached: { at: number; document: OpenApiDocument } | undefined;
  let inFlight: Promise<OpenApiDocument> | undefined;

  async function build(): Promise<OpenApiDocument> {
    const merged: OpenApiDocument = {
      openapi: '3.1.0',
      info: {
        title: 'Bazaar API',
        version,
        description:
          'The public HTTP API of Bazaar, as served by the gateway. Errors are RFC 9457 problem details ' +
          '(`application/problem+json`, one Problem schema). Send `Authorization: Bearer <accessToken>` ' +
          'from `logIn` to every operation that is not public.',
        license: { name: 'MIT', identifier: 'MIT' },
        contact: { name: 'The Bazaar maintainers' },
      },
      servers: [{ url: '/' }],
      paths: {},
      components: {
        schemas: {},
        responses: {},
        securitySchemes: { bearerAuth: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } },
      },
      tags: [],
    };
    const unavailable: string[] = [];
    const documents = await Promise.all(
      upstreams.map(async (upstream) => {
        try {
          return { upstream, document: (await upstream.getJson('/openapi.json')) as OpenApiDocument };
        } catch {
          unavailable.push(upstream.name);
          return undefined;
        }
      }),
    );
    const include = (document: OpenApiDocument, routed: (path: string) => boolean) => {
      for (const [path, item] of Object.entries(document.paths ?? {})) {
        if (routed(path)) merged.paths![path] = item;
      }
      Object.assign(merged.components!.schemas!, document.components?.schemas ?? {});
      Object.assign(merged.components!.responses!, document.components?.responses ?? {});
      for (const tag of document.tags ?? []) {
        if (!merged.tags!.some((known) => known.name === tag.name)) merged.tags!.push(tag);
      }
    };
    include(structuredClone(own()), () => true);
    for (const entry of documents) {
      if (!entry) continue;
      const prefixes = ROUTES.filter((rule) => rule.upstream === entry.upstream.name).map(
        (rule) => rule.path,
      );
      const proxied = structuredClone(entry.document);
      for (const { operation } of operationsOf(proxied)) {
        operation.responses ??= {};
        operation.responses['504'] ??= problemResponseRef(504);
      }
      include(proxied, (path) => prefixes.some((prefix) => path === prefix || path.startsWith(`${prefix}/`)));
    }
    merged.components!.responses![PROBLEM_RESPONSE_NAMES[504]] = problemResponse(504);
    documentRateLimits(merged);
    merged.tags!.sort((a, b) => a.name.localeCompare(b.name));
    if (unavailable.length > 0) merged['x-unavailable'] = unavailable.sort();
    return merged;
  }

  return {
    async document(): Promise<OpenApiDocument> {
      if (cached && Date.now() - cached.at < CACHE_MS) return cached.document;
      inFlight ??= build().finally(() => {
        inFlight = undefined;
      });
      const document = await inFlight;
      // A partial document is served but not kept, so the missing part appears as soon as it is back.
      if (!document['x-unavailable']) cached = { at: Date.now(), document };
      return document;
    },
    /** The last complete document, for synchronous consumers (Swagger UI's transform hook). */
    latest(): OpenApiDocument | undefined {
      return cached?.document;
    },
  };
}
