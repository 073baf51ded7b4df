/**
 * The operations of an OpenAPI 3.1 document in the shape the fuzzer needs: method, path template, the
 * parameters and the JSON body schema, with local `$ref`s resolved.
 */

/** A JSON Schema as the document writes it (the subset TypeBox emits). */
export type JsonSchema = { [keyword: string]: unknown };

export interface Parameter {
  name: string;
  in: 'path' | 'query' | 'header';
  required: boolean;
  schema: JsonSchema;
}

export interface Operation {
  operationId: string;
  method: string;
  /** The path template, e.g. `/api/orders/{id}`. */
  path: string;
  parameters: Parameter[];
  /** The `application/json` request body, when the operation takes one. */
  body?: { schema: JsonSchema; required: boolean };
  /** True when the operation needs a bearer token (its `security` is not `[]`). */
  secured: boolean;
}

const METHODS = ['get', 'put', 'post', 'delete', 'patch'] as const;

interface Document {
  paths?: Record<string, Record<string, unknown>>;
  components?: Record<string, Record<string, unknown>>;
  security?: unknown[];
}

/** Follows `#/components/...` references (recursively, for nested schemas too). */
export function resolveRefs(
  value: unknown,
  document: Document,
  seen: ReadonlySet<string> = new Set(),
): unknown {
  if (Array.isArray(value)) return value.map((item) => resolveRefs(item, document, seen));
  if (!value || typeof value !== 'object') return value;
  const ref = (value as { $ref?: unknown }).$ref;
  if (typeof ref === 'string') {
    if (seen.has(ref) || !ref.startsWith('#/')) return {};
    const target = ref
      .slice(2)
      .split('/')
      .reduce<unknown>(
        (node, key) =>
          (node as Record<string, unknown> | undefined)?.[key.replace(/~1/g, '/').replace(/~0/g, '~')],
        document,
      );
    return resolveRefs(target, document, new Set([...seen, ref]));
  }
  return Object.fromEntries(
    Object.entries(value).map(([key, item]) => [key, resolveRefs(item, document, seen)]),
  );
}

/** Every operation of the document, in document order. */
export function operationsOf(document: Document): Operation[] {
  const operations: Operation[] = [];
  for (const [path, item] of Object.entries(document.paths ?? {})) {
    const shared = (item.parameters as unknown[] | undefined) ?? [];
    for (const method of METHODS) {
      const raw = item[method] as Record<string, unknown> | undefined;
      if (!raw) continue;
      const operation = resolveRefs(raw, document) as {
        operationId?: string;
        parameters?: { name: string; in: string; required?: boolean; schema?: JsonSchema }[];
        requestBody?: { required?: boolean; content?: Record<string, { schema?: JsonSchema }> };
        security?: unknown[];
      };
      const parameters = [
        ...(resolveRefs(shared, document) as typeof operation.parameters & {}),
        ...(operation.parameters ?? []),
      ]
        .filter(
          (parameter) => parameter.in === 'path' || parameter.in === 'query' || parameter.in === 'header',
        )
        .map((parameter) => ({
          name: parameter.name,
          in: parameter.in as Parameter['in'],
          required: parameter.in === 'path' || parameter.required === true,
          schema: parameter.schema ?? { type: 'string' },
        }));
      const json = operation.requestBody?.content?.['application/json']?.schema;
      const security = operation.security ?? document.security ?? [];
      operations.push({
        operationId: operation.operationId ?? `${method} ${path}`,
        method: method.toUpperCase(),
        path,
        parameters,
        ...(json ? { body: { schema: json, required: operation.requestBody?.required === true } } : {}),
        secured: security.some((requirement) => Object.keys(requirement as object).length > 0),
      });
    }
  }
  return operations;
}
