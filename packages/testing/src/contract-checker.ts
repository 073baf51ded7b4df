import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';

// ajv-formats is CommonJS with a default export; under NodeNext its default sits one level down.
const addFormats =
  (addFormatsModule as unknown as { default?: typeof addFormatsModule }).default ?? addFormatsModule;

/** One HTTP exchange as a test saw it. */
export interface Exchange {
  method: string;
  /** The path without the query string, as sent. */
  path: string;
  status: number;
  contentType: string | null;
  /** The raw body text ('' when there is none). */
  text: string;
}

interface Operation {
  operationId?: string;
  responses?: Record<string, { $ref?: string; content?: Record<string, { schema?: unknown }> }>;
}
interface Document {
  paths: Record<string, Record<string, Operation>>;
  components?: { responses?: Record<string, unknown> };
}

const DOCUMENT_ID = 'bazaar-openapi';
// Paths under these prefixes are the public API; anything else (health, metrics, docs) is not in it.
const API_PREFIXES = ['/api/', '/.well-known/'];

/** Turns `#/components/...` references into references into the document registered with Ajv. */
function anchored(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(anchored);
  if (schema && typeof schema === 'object') {
    return Object.fromEntries(
      Object.entries(schema).map(([key, value]) => [
        key,
        key === '$ref' && typeof value === 'string' && value.startsWith('#/')
          ? `${DOCUMENT_ID}${value}`
          : anchored(value),
      ]),
    );
  }
  return schema;
}

/**
 * Checks responses against an OpenAPI 3.1 document: the operation is found from method and path, the
 * status must be documented for it, the content type must be one it documents, and the body must
 * validate against the schema of that status and media type. A path under /api/ that no operation
 * matches must be answered with a 4xx problem. Returns what is wrong, or [] when the exchange conforms.
 */
export function contractChecker(document: Document) {
  const ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats: true });
  // ajv-formats is CommonJS: under NodeNext its function is the default export's default.
  addFormats.default(ajv);
  ajv.addSchema({ $id: DOCUMENT_ID, components: anchored(document.components ?? {}) });
  const compiled = new Map<string, ValidateFunction>();

  const templates = Object.keys(document.paths)
    .map((template) => ({
      template,
      params: (template.match(/\{[^}]+\}/g) ?? []).length,
      pattern: new RegExp(
        `^${template.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{[^}]+\}/g, '[^/]+')}$`,
      ),
    }))
    // A literal segment wins over a parameter: /api/users/me before /api/users/{id}.
    .sort((a, b) => a.params - b.params);

  const resolveResponse = (response: { $ref?: string; content?: Record<string, { schema?: unknown }> }) => {
    if (!response.$ref) return response;
    const name = response.$ref.replace('#/components/responses/', '');
    return (document.components?.responses?.[name] ?? {}) as {
      content?: Record<string, { schema?: unknown }>;
    };
  };

  const validatorFor = (key: string, schema: unknown) => {
    let validate = compiled.get(key);
    if (!validate) {
      validate = ajv.compile(anchored(schema) as object);
      compiled.set(key, validate);
    }
    return validate;
  };

  function problemSchema() {
    return { $ref: '#/components/schemas/Problem' };
  }

  return {
    check(exchange: Exchange): string[] {
      const { path, status } = exchange;
      if (!API_PREFIXES.some((prefix) => path.startsWith(prefix))) return [];
      const method = exchange.method.toLowerCase() === 'head' ? 'get' : exchange.method.toLowerCase();
      const where = `${exchange.method} ${path} → ${status}`;
      const mediaType = exchange.contentType?.split(';')[0]?.trim().toLowerCase() ?? null;
      const match = templates.find(
        (entry) => entry.pattern.test(path) && document.paths[entry.template]?.[method],
      );
      let content: Record<string, { schema?: unknown }> | undefined;
      let key: string;
      if (!match) {
        // Not an operation: the gateway refuses it (404 no route, 405 method, 400 bad path) with a problem.
        if (status < 400 || status >= 500) return [`${where}: no documented operation, yet not a 4xx`];
        content = { 'application/problem+json': { schema: problemSchema() } };
        key = `unrouted ${status}`;
      } else {
        const operation = document.paths[match.template]![method]!;
        const response = operation.responses?.[String(status)];
        if (!response) {
          const documented = Object.keys(operation.responses ?? {}).join(', ');
          return [
            `${where}: status ${status} is not documented for ${operation.operationId} (documents ${documented})`,
          ];
        }
        content = resolveResponse(response).content;
        key = `${match.template} ${method} ${status}`;
      }
      if (exchange.method.toUpperCase() === 'HEAD') return [];
      if (!content || Object.keys(content).length === 0) {
        return exchange.text === '' ? [] : [`${where}: documented without a body, yet one came`];
      }
      if (!mediaType || !content[mediaType]) {
        return [
          `${where}: content type ${mediaType ?? 'none'} is not one of ${Object.keys(content).join(', ')}`,
        ];
      }
      let body: unknown;
      try {
        body = JSON.parse(exchange.text);
      } catch {
        return [`${where}: the body is not JSON`];
      }
      const validate = validatorFor(`${key} ${mediaType}`, content[mediaType]!.schema ?? {});
      if (validate(body)) return [];
      return (validate.errors ?? []).map(
        (error) =>
          `${where}: body${error.instancePath || ''} ${error.message ?? 'is invalid'} (${error.schemaPath})`,
      );
    },
  };
}

export type ContractChecker = ReturnType<typeof contractChecker>;

let committed: ContractChecker | undefined;

/** The checker of the committed contract (packages/client/contract/openapi.json), built once per process. */
export function committedContract(): ContractChecker {
  if (!committed) {
    const file = createRequire(import.meta.url).resolve('@bazaar/client/contract/openapi.json');
    committed = contractChecker(JSON.parse(readFileSync(file, 'utf8')) as Document);
  }
  return committed;
}

/** Fails (throws) when the exchange breaks the committed contract, naming every way it does. */
export function assertConformsToContract(
  exchange: Exchange,
  checker: ContractChecker = committedContract(),
): void {
  const problems = checker.check(exchange);
  if (problems.length > 0) {
    const body = exchange.text.length > 500 ? `${exchange.text.slice(0, 500)}…` : exchange.text;
    throw new Error(`response breaks the API contract:\n  ${problems.join('\n  ')}\n  body: ${body}`);
  }
}

/**
 * openapi-fetch middleware that checks every response against the committed contract, so a suite that
 * calls Bazaar through the typed client cannot pass on a response the document does not describe.
 */
export function contractCheckingMiddleware(checker: ContractChecker = committedContract()) {
  return {
    async onResponse({ request, response }: { request: Request; response: Response }) {
      const text = await response.clone().text();
      assertConformsToContract(
        {
          method: request.method,
          path: new URL(request.url).pathname,
          status: response.status,
          contentType: response.headers.get('content-type'),
          text,
        },
        checker,
      );
      return response;
    },
  };
}
