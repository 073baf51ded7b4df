import { type Static, Type } from '@sinclair/typebox';

/** The statuses a Bazaar route may answer with a problem (RFC 9457); each has one documented meaning. */
export const PROBLEM_STATUSES = {
  400: 'The request is invalid: a field, parameter or header breaks its schema (the problem lists each under `errors`), or the body is not JSON',
  401: 'No valid bearer token (missing, malformed, expired or revoked)',
  403: 'The caller is authenticated but not allowed to do this',
  404: 'No such resource, or not one the caller may see',
  409: 'The request conflicts with the current state of the resource',
  413: 'The body is larger than the limit',
  415: 'The body is not application/json',
  422: 'The request is well-formed but cannot be carried out',
  429: 'Too many requests; retry after the time given',
  502: 'An upstream service answered with something unusable',
  503: 'Not available now (starting, draining, shedding load, or a dependency is down or refused by its breaker or bulkhead); retry after Retry-After',
  504: 'An upstream service did not answer in time',
} as const;
export type ProblemStatus = keyof typeof PROBLEM_STATUSES;

/** The name of each problem response under components.responses, where operations refer to it. */
export const PROBLEM_RESPONSE_NAMES: Record<ProblemStatus, string> = {
  400: 'BadRequest',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'NotFound',
  409: 'Conflict',
  413: 'PayloadTooLarge',
  415: 'UnsupportedMediaType',
  422: 'UnprocessableContent',
  429: 'TooManyRequests',
  502: 'BadGateway',
  503: 'ServiceUnavailable',
  504: 'GatewayTimeout',
};

/** Response headers a route may promise; documented once here, named by the routes that send them. */
export const RESPONSE_HEADERS = {
  Location: {
    description: 'Where the created or accepted resource can be read',
    schema: { type: 'string', format: 'uri-reference' },
  },
  'Idempotent-Replayed': {
    description:
      'Present (`true`) when this is the stored answer to an earlier request with the same Idempotency-Key',
    schema: { type: 'string', enum: ['true'] },
  },
  'WWW-Authenticate': {
    description: 'The bearer challenge (RFC 6750)',
    schema: { type: 'string' },
  },
  'Retry-After': {
    description: 'Seconds to wait before retrying',
    schema: { type: 'string', pattern: '^[0-9]+$' },
  },
} as const;
export type ResponseHeaderName = keyof typeof RESPONSE_HEADERS;

/** What a route's schema cannot say about its contract; given as the route's `config.contract`. */
export interface RouteContract {
  /** Problems this route answers with beyond those the host derives from its schema. */
  problems?: readonly ProblemStatus[];
  /** Only admins may call it: documents 403 and says so in the description (implied under /api/admin/). */
  admin?: boolean;
  /** Headers its success responses carry, by status. */
  headers?: Readonly<Partial<Record<200 | 201 | 202 | 204, readonly ResponseHeaderName[]>>>;
}

declare module 'fastify' {
  interface FastifyContextConfig {
    contract?: RouteContract;
  }
}

/** The one problem shape every error response of the API has (RFC 9457, with Bazaar's extensions). */
export const ProblemSchema = Type.Object(
  {
    type: Type.String({
      description: 'A stable URN naming the problem type, for example urn:bazaar:problem:validation',
    }),
    title: Type.String({ description: 'A short, human summary of the problem type' }),
    status: Type.Integer({ minimum: 400, maximum: 599, description: 'The HTTP status code' }),
    detail: Type.Optional(Type.String({ description: 'What went wrong with this request' })),
    instance: Type.Optional(Type.String({ description: 'The request path this problem occurred at' })),
    errors: Type.Optional(
      Type.Array(
        Type.Object({
          pointer: Type.String({ description: 'JSON pointer to the field, for example /items/0/quantity' }),
          detail: Type.String(),
        }),
        { description: 'Each invalid field (validation problems)' },
      ),
    ),
  },
  {
    additionalProperties: true,
    description: 'RFC 9457 problem details; extension members (such as `upstream`) may sit beside these',
  },
);
export type ProblemBody = Static<typeof ProblemSchema>;

export const PROBLEM_SCHEMA_NAME = 'Problem';
export const PROBLEM_MEDIA_TYPE = 'application/problem+json';

export interface OpenApiOperation {
  operationId?: string;
  summary?: string;
  description?: string;
  tags?: string[];
  security?: Record<string, string[]>[];
  parameters?: { in: string; name: string; required?: boolean; schema?: { default?: unknown } }[];
  requestBody?: {
    content?: Record<
      string,
      { schema?: { examples?: unknown[] }; example?: unknown; examples?: Record<string, unknown> }
    >;
  };
  responses?: Record<string, OpenApiResponse>;
  [extension: string]: unknown;
}

export interface OpenApiResponse {
  description?: string;
  $ref?: string;
  headers?: Record<string, unknown>;
  content?: Record<string, unknown>;
}

export interface OpenApiDocument {
  openapi: string;
  info: Record<string, unknown>;
  paths?: Record<string, Record<string, OpenApiOperation>>;
  components?: {
    schemas?: Record<string, unknown>;
    responses?: Record<string, unknown>;
    securitySchemes?: Record<string, unknown>;
    [key: string]: unknown;
  };
  tags?: { name: string; description?: string }[];
  [key: string]: unknown;
}

// Fastify names every response 'Default Response'; these say what a success status means here.
const SUCCESS_DESCRIPTIONS: Record<string, string> = {
  200: 'The result',
  201: 'Created; Location names the new resource',
  202: 'Accepted; the work goes on asynchronously',
  204: 'Done; there is no body',
};

const HTTP_METHODS = new Set(['get', 'put', 'post', 'delete', 'patch', 'head', 'options']);

export function operationsOf(
  document: OpenApiDocument,
): { path: string; method: string; operation: OpenApiOperation }[] {
  return Object.entries(document.paths ?? {}).flatMap(([path, item]) =>
    Object.entries(item)
      .filter(([method]) => HTTP_METHODS.has(method))
      .map(([method, operation]) => ({ path, method, operation })),
  );
}

/** A reference to the shared problem response of a status; its definition is problemResponse(status). */
export function problemResponseRef(status: ProblemStatus): { $ref: string } {
  return { $ref: `#/components/responses/${PROBLEM_RESPONSE_NAMES[status]}` };
}

export function problemResponse(status: ProblemStatus, description: string = PROBLEM_STATUSES[status]) {
  const headers =
    status === 401
      ? { 'WWW-Authenticate': RESPONSE_HEADERS['WWW-Authenticate'] }
      : status === 429 || status === 503
        ? { 'Retry-After': RESPONSE_HEADERS['Retry-After'] }
        : undefined;
  return {
    description,
    ...(headers ? { headers } : {}),
    content: {
      [PROBLEM_MEDIA_TYPE]: { schema: { $ref: `#/components/schemas/${PROBLEM_SCHEMA_NAME}` } },
    },
  };
}

/**
 * Completes the document Fastify generates from a service's route schemas into its public contract: one
 * tag (the service), `security: []` on public operations, the problem responses each operation really
 * answers with (derived from its inputs and security, plus the ones its route names), its success
 * headers, optional parameters where a default applies, and request-body examples on the media type.
 * Pure: the same routes give the same document.
 */
export function completeServiceDocument(
  generated: OpenApiDocument,
  service: { name: string; description: string },
  contracts: ReadonlyMap<string, RouteContract>,
): OpenApiDocument {
  const document = structuredClone(generated);
  const used = new Set<ProblemStatus>();
  for (const { path, operation } of operationsOf(document)) {
    const contract = contracts.get(operation.operationId ?? '') ?? {};
    const admin = contract.admin ?? path.startsWith('/api/admin/');
    operation.tags = [service.name];
    operation.security ??= [];
    if (admin && operation.description && !operation.description.includes('Admin only'))
      operation.description = `${operation.description} Admin only: any other caller gets 403.`;

    for (const parameter of operation.parameters ?? []) {
      if (parameter.in !== 'path' && parameter.schema?.default !== undefined) parameter.required = false;
    }
    for (const media of Object.values(operation.requestBody?.content ?? {})) {
      const examples = media.schema?.examples;
      if (media.example === undefined && Array.isArray(examples) && examples.length > 0)
        media.example = examples[0];
      // Named examples ('x-examples' on the schema: { name: { summary, value } }) document the body as well.
      if (media.example === undefined && Object.keys(media.examples ?? {}).length === 0)
        throw new Error(
          `${operation.operationId}: its body schema needs an example (examples: [...] or 'x-examples')`,
        );
    }

    operation.responses ??= {};
    const responses = operation.responses;
    for (const [status, response] of Object.entries(responses)) {
      if (response.description === 'Default Response' || response.description === undefined)
        response.description = SUCCESS_DESCRIPTIONS[status] ?? response.description;
    }
    for (const [status, names] of Object.entries(contract.headers ?? {})) {
      const response = responses[status];
      if (!response) throw new Error(`${operation.operationId}: headers for undocumented status ${status}`);
      response.headers = {
        ...response.headers,
        ...Object.fromEntries((names ?? []).map((name) => [name, RESPONSE_HEADERS[name]])),
      };
    }
    const statuses = new Set<ProblemStatus>(contract.problems ?? []);
    // Every route can refuse its input (U+0000 anywhere, a malformed query) and is unavailable while draining.
    statuses.add(400);
    statuses.add(503);
    if (operation.security.length > 0) statuses.add(401);
    if (admin) statuses.add(403);
    if (operation.requestBody) {
      statuses.add(413);
      statuses.add(415);
    }
    for (const status of [...statuses].sort((a, b) => a - b)) {
      responses[status] ??= problemResponseRef(status);
      used.add(status);
    }
  }
  document.components = {
    ...document.components,
    schemas: { ...document.components?.schemas, [PROBLEM_SCHEMA_NAME]: ProblemSchema },
    responses: {
      ...document.components?.responses,
      ...Object.fromEntries(
        [...used]
          .sort((a, b) => a - b)
          .map((status) => [PROBLEM_RESPONSE_NAMES[status], problemResponse(status)]),
      ),
    },
  };
  document.tags = [{ name: service.name, description: service.description }];
  return document;
}

/**
 * The service name as it sits inside the operation ids of routes every service has (identity → Identity,
 * so listIdentityDeadLetters), which keeps them unique across the gateway's merged document.
 */
export const operationNoun = (service: string): string =>
  service.replace(/(^|-)([a-z])/g, (_match, _dash: string, letter: string) => letter.toUpperCase());

const OPERATION_ID = /^[a-z][A-Za-z0-9]*$/;

/** The rules every documented route follows; the host refuses to start a service whose route breaks one. */
export function checkDocumentedRoute(
  route: { method: string | string[]; url: string; schema?: Record<string, unknown> },
  knownOperationIds: Set<string>,
): string {
  const where = `${String(route.method)} ${route.url}`;
  const schema = route.schema ?? {};
  const operationId = schema.operationId;
  if (typeof operationId !== 'string' || !OPERATION_ID.test(operationId))
    throw new Error(`${where}: the route needs an operationId in lowerCamelCase (verbNoun, e.g. placeOrder)`);
  if (knownOperationIds.has(operationId)) throw new Error(`${where}: operationId ${operationId} is taken`);
  for (const field of ['summary', 'description'] as const) {
    if (typeof schema[field] !== 'string' || (schema[field] as string).length === 0)
      throw new Error(`${where}: the route needs a ${field}`);
  }
  knownOperationIds.add(operationId);
  return operationId;
}
