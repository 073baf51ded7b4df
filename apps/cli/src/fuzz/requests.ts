import fc from 'fast-check';
import { invalidBody, invalidValue, malformedJson, nastyString, toJsonText } from './invalid-values.js';
import type { Operation, Parameter } from './operations.js';
import { type Hints, validValue } from './valid-values.js';

export type CallerName = 'anonymous' | 'customer' | 'admin';

/** Who sends requests: the bearer token of each caller (anonymous has none). */
export interface FuzzContext {
  tokens: Partial<Record<CallerName, string>>;
  hints: Hints;
}

/** One HTTP request, ready to send byte for byte. */
export interface FuzzRequest {
  operationId: string;
  caller: CallerName;
  /** `valid`, or what was made wrong (`body:wrong-type`, `path:invalid`, `auth:garbage`, …). */
  kind: string;
  method: string;
  /** Path and query, percent-encoded. */
  path: string;
  headers: Record<string, string>;
  body?: string | Uint8Array;
}

const UNRESERVED = /[A-Za-z0-9\-._~]/;

/** Percent-encodes a value's UTF-8 bytes (a lone surrogate becomes U+FFFD, as a browser would send it). */
export function encodeComponent(value: string): string {
  let out = '';
  for (const byte of Buffer.from(value, 'utf8')) {
    const char = String.fromCharCode(byte);
    out +=
      byte < 0x80 && UNRESERVED.test(char) ? char : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

const asText = (value: unknown): string =>
  typeof value === 'string' ? value : value === undefined ? '' : JSON.stringify(value);

/** Path segments that are already encoded, and wrong: bad escapes, encoded slashes, dot segments. */
const RAW_SEGMENTS = [
  '%',
  '%zz',
  '%C0%AF',
  '%ED%A0%80',
  '%FF',
  '%00',
  '%2F',
  '..',
  '.',
  '%2e%2e',
  '%25',
  'a%00b',
  '%E2%80%AE',
];

/** Authorization headers that must be refused with 401 (or ignored on public routes). */
function badAuthorization(context: FuzzContext): fc.Arbitrary<string | undefined> {
  const token = context.tokens.customer ?? context.tokens.admin ?? 'eyJhbGciOiJFZERTQSJ9.e30.c2ln';
  const [header = '', payload = '', signature = ''] = token.split('.');
  const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  return fc.oneof(
    fc.constantFrom(
      undefined,
      '',
      'Bearer',
      'Bearer ',
      'Bearer  ',
      'Basic YWRtaW46YWRtaW4=',
      'Token abc',
      `Bearer ${token}x`,
      `Bearer ${header}.${payload}.`,
      `Bearer ${header}.${payload}`,
      `Bearer ${b64({ alg: 'none', typ: 'JWT' })}.${payload}.`,
      `Bearer ${b64({ alg: 'HS256', typ: 'JWT' })}.${payload}.${signature}`,
      `Bearer ${header}.${b64({ sub: '00000000-0000-0000-0000-000000000000', role: 'admin', exp: 4_102_444_800 })}.${signature}`,
      `Bearer ${header}.!!!.${signature}`,
      `Bearer ${token} ${token}`,
      `bearer ${token}`,
      `Bearer ${'a'.repeat(4_000)}`,
      `Bearer ${'a.'.repeat(2_000)}`,
    ),
    fc
      .string({
        unit: fc.integer({ min: 0x21, max: 0x7e }).map((code) => String.fromCharCode(code)),
        maxLength: 60,
      })
      .map((garbage) => `Bearer ${garbage}`),
    fc.string({
      unit: fc.integer({ min: 0x20, max: 0x7e }).map((code) => String.fromCharCode(code)),
      maxLength: 60,
    }),
  );
}

/** Header values (visible ASCII only: anything else the HTTP client itself refuses to send). */
const headerGarbage = fc.oneof(
  fc.string({
    unit: fc.integer({ min: 0x21, max: 0x7e }).map((code) => String.fromCharCode(code)),
    maxLength: 300,
  }),
  fc.constantFrom('', ' ', 'x'.repeat(5_000), '../../', "'; --", '%00'),
);

interface Parts {
  pathValues: Record<string, string>;
  query: string[];
  headers: Record<string, string>;
}

function queryPair(name: string, value: unknown): string[] {
  if (Array.isArray(value))
    return value.map((item) => `${encodeComponent(name)}=${encodeComponent(asText(item))}`);
  return [`${encodeComponent(name)}=${encodeComponent(asText(value))}`];
}

/** Valid values for every required parameter and some optional ones. */
function validParts(operation: Operation, hints: Hints): fc.Arbitrary<Parts> {
  const values = operation.parameters.map((parameter) => {
    const value = validValue(parameter.schema, hints, parameter.name);
    return parameter.required ? value : fc.option(value, { nil: undefined });
  });
  return fc.tuple(...values).map((chosen) => partsOf(operation.parameters, chosen));
}

function partsOf(parameters: readonly Parameter[], chosen: readonly unknown[]): Parts {
  const parts: Parts = { pathValues: {}, query: [], headers: {} };
  parameters.forEach((parameter, index) => {
    const value = chosen[index];
    if (value === undefined) return;
    if (parameter.in === 'path') parts.pathValues[parameter.name] = encodeComponent(asText(value));
    else if (parameter.in === 'query') parts.query.push(...queryPair(parameter.name, value));
    else parts.headers[parameter.name] = asText(value).replace(/[^\x20-\x7e]/g, '?');
  });
  return parts;
}

/** Valid parts, then one parameter made invalid (or an unknown, repeated or odd query parameter added). */
function invalidParts(operation: Operation, hints: Hints): fc.Arbitrary<{ kind: string; parts: Parts }> {
  return validParts(operation, hints).chain((parts) => {
    const options: fc.Arbitrary<{ kind: string; parts: Parts }>[] = [
      fc
        .tuple(
          fc.constantFrom('limit', 'cursor', 'q', 'unknown', '__proto__', 'a[b]', 'limit[]', '', '\u0000'),
          fc.oneof(nastyString, fc.constantFrom('1', '-1', '')),
        )
        .map(([name, value]) => ({
          kind: 'query:extra',
          parts: { ...parts, query: [...parts.query, ...queryPair(name, value)] },
        })),
      fc
        .constantFrom('%', '%zz', '&&&', '=', '==', 'a=%00', '%ED%A0%80=1', `x=${'y'.repeat(9_000)}`)
        .map((raw) => ({
          kind: 'query:raw',
          parts: { ...parts, query: [...parts.query, raw] },
        })),
    ];
    for (const parameter of operation.parameters) {
      if (parameter.in === 'path') {
        options.push(
          invalidValue(parameter.schema).map((value) => ({
            kind: 'path:invalid',
            parts: {
              ...parts,
              pathValues: { ...parts.pathValues, [parameter.name]: encodeComponent(asText(value)) },
            },
          })),
          fc.constantFrom(...RAW_SEGMENTS).map((raw) => ({
            kind: 'path:raw',
            parts: { ...parts, pathValues: { ...parts.pathValues, [parameter.name]: raw } },
          })),
        );
      } else if (parameter.in === 'query') {
        const others = parts.query.filter((pair) => !pair.startsWith(`${encodeComponent(parameter.name)}=`));
        options.push(
          invalidValue(parameter.schema).map((value) => ({
            kind: 'query:invalid',
            parts: { ...parts, query: [...others, ...queryPair(parameter.name, value)] },
          })),
          fc
            .tuple(validValue(parameter.schema, hints, parameter.name), invalidValue(parameter.schema))
            .map(([a, b]) => ({
              kind: 'query:repeated',
              parts: {
                ...parts,
                query: [...others, ...queryPair(parameter.name, a), ...queryPair(parameter.name, b)],
              },
            })),
        );
      } else {
        options.push(
          headerGarbage.map((value) => ({
            kind: 'header:invalid',
            parts: { ...parts, headers: { ...parts.headers, [parameter.name]: value } },
          })),
        );
      }
    }
    return fc.oneof(...options);
  });
}

function pathOf(operation: Operation, parts: Parts): string {
  const path = operation.path.replace(/\{([^}]+)\}/g, (_, name: string) => parts.pathValues[name] ?? '');
  return parts.query.length > 0 ? `${path}?${parts.query.join('&')}` : path;
}

const JSON_TYPE = { 'content-type': 'application/json' };

interface BodyChoice {
  kind: string;
  body?: string | Uint8Array;
  headers: Record<string, string>;
}

function validBody(operation: Operation, hints: Hints): fc.Arbitrary<BodyChoice> {
  if (!operation.body) return fc.constant({ kind: 'valid', headers: {} });
  return validValue(operation.body.schema, hints).map((value) => ({
    kind: 'valid',
    body: JSON.stringify(value),
    headers: JSON_TYPE,
  }));
}

function invalidBodies(operation: Operation, hints: Hints): fc.Arbitrary<BodyChoice> {
  const schema = operation.body?.schema ?? { type: 'object' };
  const valid = validValue(schema, hints);
  return fc.oneof(
    {
      weight: 5,
      arbitrary: invalidBody(schema, hints).map(({ mutation, value }) => ({
        kind: `body:${mutation}`,
        body: toJsonText(value),
        headers: JSON_TYPE,
      })),
    },
    {
      weight: 2,
      arbitrary: valid
        .chain(malformedJson)
        .map((body) => ({ kind: 'body:malformed-json', body, headers: JSON_TYPE })),
    },
    { weight: 1, arbitrary: fc.constant({ kind: 'body:absent', headers: JSON_TYPE }) },
    {
      weight: 2,
      arbitrary: fc
        .tuple(
          valid,
          fc.constantFrom(
            'text/plain',
            'application/x-www-form-urlencoded',
            'multipart/form-data',
            'multipart/form-data; boundary=x',
            'application/xml',
            'application/json; charset=utf-16',
            'application/json; charset=latin1',
            'application/jsonx',
            'application/problem+json',
            'application/vnd.api+json',
            '*/*',
            '',
            'application/json, text/plain',
            ';;;',
          ),
        )
        .map(([value, type]) => ({
          kind: 'body:content-type',
          body: JSON.stringify(value),
          headers: { 'content-type': type },
        })),
    },
    {
      weight: 1,
      arbitrary: valid.map((value) => ({
        kind: 'body:no-content-type',
        body: JSON.stringify(value),
        headers: {},
      })),
    },
    {
      weight: 1,
      arbitrary: fc.constantFrom(17 * 1024, 65 * 1024, 1024 * 1024 + 1, 3 * 1024 * 1024).map((size) => ({
        kind: 'body:oversized',
        body: JSON.stringify({ padding: 'x'.repeat(size) }),
        headers: JSON_TYPE,
      })),
    },
  );
}

function authHeader(caller: CallerName, context: FuzzContext): Record<string, string> {
  const token = context.tokens[caller];
  return token ? { authorization: `Bearer ${token}` } : {};
}

const OTHER_METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'];

/** Requests for one operation sent by one caller: valid ones and every kind of wrong one. */
export function requestArbitrary(
  operation: Operation,
  caller: CallerName,
  context: FuzzContext,
): fc.Arbitrary<FuzzRequest> {
  const { hints } = context;
  const build = (
    kind: string,
    parts: Parts,
    body: BodyChoice,
    extraHeaders: Record<string, string | undefined> = {},
    method = operation.method,
  ): FuzzRequest => {
    const headers: Record<string, string> = {
      ...authHeader(caller, context),
      ...parts.headers,
      ...body.headers,
    };
    for (const [name, value] of Object.entries(extraHeaders)) {
      if (value === undefined) delete headers[name];
      else headers[name] = value;
    }
    return {
      operationId: operation.operationId,
      caller,
      kind,
      method,
      path: pathOf(operation, parts),
      headers,
      ...(body.body !== undefined ? { body: body.body } : {}),
    };
  };
  const options: { weight: number; arbitrary: fc.Arbitrary<FuzzRequest> }[] = [
    {
      weight: 5,
      arbitrary: fc
        .tuple(validParts(operation, hints), validBody(operation, hints))
        .map(([parts, body]) => build('valid', parts, body)),
    },
    {
      weight: 2,
      arbitrary: fc
        .tuple(validParts(operation, hints), validBody(operation, hints), badAuthorization(context))
        .map(([parts, body, authorization]) => build('auth:bad', parts, body, { authorization })),
    },
    {
      weight: 1,
      arbitrary: fc
        .tuple(
          validParts(operation, hints),
          validBody(operation, hints),
          fc.constantFrom(
            'x-request-id',
            'idempotency-key',
            'accept',
            'accept-encoding',
            'if-none-match',
            'origin',
            'x-forwarded-for',
            'cookie',
            'range',
          ),
          headerGarbage,
        )
        .map(([parts, body, name, value]) => build('header:garbage', parts, body, { [name]: value })),
    },
    {
      weight: 1,
      arbitrary: fc
        .tuple(
          validParts(operation, hints),
          validBody(operation, hints),
          fc.constantFrom(...OTHER_METHODS.filter((method) => method !== operation.method)),
        )
        .map(([parts, body, method]) => build('method:wrong', parts, body, {}, method)),
    },
  ];
  if (operation.parameters.length > 0 || operation.method === 'GET')
    options.push({
      weight: 3,
      arbitrary: fc
        .tuple(invalidParts(operation, hints), validBody(operation, hints))
        .map(([{ kind, parts }, body]) => build(kind, parts, body)),
    });
  if (operation.body)
    options.push({
      weight: 5,
      arbitrary: fc
        .tuple(validParts(operation, hints), invalidBodies(operation, hints))
        .map(([parts, body]) => build(body.kind, parts, body)),
    });
  else
    options.push({
      weight: 1,
      arbitrary: fc
        .tuple(
          validParts(operation, hints),
          fc.oneof(fc.constant('{"unexpected":true}'), fc.constant('not json')),
        )
        .map(([parts, body]) =>
          build('body:unexpected', parts, { kind: 'body:unexpected', body, headers: JSON_TYPE }),
        ),
    });
  return fc.oneof(...options);
}

/** Mixes a run's seed and a request's index into the seed of that one request. */
export function requestSeed(seed: number, index: number): number {
  let h = (seed ^ Math.imul(index + 1, 0x9e3779b1)) >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b) >>> 0;
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35) >>> 0;
  return (h ^ (h >>> 16)) | 0;
}

/**
 * Request number `index` of the run with `seed`: the operation and caller are drawn first (every caller
 * the context has a token for, and anonymous), then the request. The same seed, index, operations and
 * context give the same request.
 */
export function generateRequest(
  operations: readonly Operation[],
  context: FuzzContext,
  seed: number,
  index: number,
): FuzzRequest {
  const callers: CallerName[] = [
    'anonymous',
    ...(['customer', 'admin'] as const).filter((caller) => context.tokens[caller]),
  ];
  const arbitrary = fc
    .tuple(fc.noBias(fc.nat({ max: operations.length - 1 })), fc.constantFrom(...callers))
    .chain(([at, caller]) => requestArbitrary(operations[at]!, caller, context));
  const [request] = fc.sample(arbitrary, { seed: requestSeed(seed, index), numRuns: 1 });
  return request!;
}
