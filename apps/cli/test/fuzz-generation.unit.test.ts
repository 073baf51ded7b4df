import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import fc from 'fast-check';
import { invalidBody, malformedJson, toJsonText } from '../src/fuzz/invalid-values.js';
import { type Operation, operationsOf } from '../src/fuzz/operations.js';
import {
  encodeComponent,
  type FuzzContext,
  generateRequest,
  requestArbitrary,
} from '../src/fuzz/requests.js';
import { validValue } from '../src/fuzz/valid-values.js';

// ajv-formats is CommonJS: under NodeNext its function is the default export's default.
const addFormats = (addFormatsModule as unknown as { default: typeof addFormatsModule }).default;
const ajv = new Ajv2020({ strict: false, validateFormats: true });
addFormats.default(ajv);

const document = JSON.parse(
  readFileSync(new URL('../../../packages/client/contract/openapi.json', import.meta.url), 'utf8'),
);
const operations = operationsOf(document);
const withBody = operations.filter(
  (operation): operation is Operation & { body: NonNullable<Operation['body']> } => !!operation.body,
);
const context: FuzzContext = { tokens: { customer: 'a.b.c', admin: 'd.e.f' }, hints: {} };

describe('reading the operations of the document', () => {
  it('given the committed contract, when its operations are read, then each has an id, a method and its parameters', () => {
    assert.ok(operations.length >= 70, `${operations.length} operations`);
    const getOrder = operations.find((operation) => operation.operationId === 'getOrder')!;
    assert.equal(getOrder.method, 'GET');
    assert.equal(getOrder.path, '/api/orders/{id}');
    assert.equal(getOrder.secured, true);
    assert.deepEqual(
      getOrder.parameters
        .map((parameter) => `${parameter.in}:${parameter.name}:${parameter.required}`)
        .sort(),
      ['path:id:true', 'query:asOf:false'],
    );
    assert.equal(operations.find((operation) => operation.operationId === 'listProducts')!.secured, false);
  });
});

describe('valid values from the schemas', () => {
  for (const operation of withBody) {
    it(`given the body schema of ${operation.operationId}, when valid bodies are generated, then every one validates`, () => {
      const validate = ajv.compile(operation.body.schema);
      fc.assert(
        fc.property(validValue(operation.body.schema), (body) => {
          assert.ok(validate(body), `${JSON.stringify(body)}: ${ajv.errorsText(validate.errors)}`);
        }),
        { numRuns: 60, seed: 42 },
      );
    });
  }

  it('given every parameter schema, when valid values are generated, then every one validates', () => {
    for (const parameter of operations.flatMap((operation) => operation.parameters)) {
      const validate = ajv.compile(parameter.schema);
      for (const value of fc.sample(validValue(parameter.schema), { numRuns: 20, seed: 7 }))
        assert.ok(
          validate(value),
          `${parameter.name}=${JSON.stringify(value)}: ${ajv.errorsText(validate.errors)}`,
        );
    }
  });

  it('given hints for a name, when values for that name are generated, then the hinted values come up', () => {
    const values = fc.sample(validValue({ type: 'string', format: 'uuid' }, { id: ['known-id'] }, 'id'), {
      numRuns: 100,
      seed: 1,
    });
    assert.ok(values.includes('known-id'));
  });
});

describe('invalid bodies', () => {
  // Mutations that can never leave a body valid (a nasty string may still be a fine product description).
  const alwaysInvalid = new Set(['wrong-type', 'missing-required', 'extra-property', 'deep-nesting']);
  for (const operation of withBody) {
    it(`given the body schema of ${operation.operationId}, when bodies are made invalid, then the schema refuses them`, () => {
      const validate = ajv.compile(operation.body.schema);
      fc.assert(
        fc.property(invalidBody(operation.body.schema), ({ mutation, value }) => {
          if (!alwaysInvalid.has(mutation)) return;
          const parsed = JSON.parse(toJsonText(value));
          assert.equal(validate(parsed), false, `${mutation} left ${toJsonText(value).slice(0, 200)} valid`);
        }),
        { numRuns: 60, seed: 3 },
      );
    });
  }

  it('given a deep-nesting placeholder, when the body is written, then it is nested arrays that JSON.stringify could not write', () => {
    const text = toJsonText({ a: '\u0001deep-nesting:100000' });
    assert.equal(text.length, '{"a":}'.length + 200_000);
    assert.ok(text.startsWith('{"a":[[['));
  });

  it('given a valid body, when malformed JSON is generated from it, then none of it parses to that body', () => {
    const body = { email: 'a@b.example', password: 'long enough password' };
    for (const malformed of fc.sample(malformedJson(body), { numRuns: 200, seed: 5 })) {
      const text = typeof malformed === 'string' ? malformed : Buffer.from(malformed).toString('latin1');
      let parsed: unknown;
      try {
        parsed = JSON.parse(text);
      } catch {
        continue;
      }
      assert.notDeepEqual(parsed, body);
    }
  });
});

describe('requests', () => {
  it('given the same seed and index, when a request is generated twice, then both are the same request', () => {
    for (let index = 0; index < 50; index++)
      assert.deepEqual(
        generateRequest(operations, context, 1234, index),
        generateRequest(operations, context, 1234, index),
      );
  });

  it('given two seeds, when their first requests are generated, then the runs differ', () => {
    const run = (seed: number) =>
      Array.from({ length: 20 }, (_, index) => generateRequest(operations, context, seed, index));
    assert.notDeepEqual(run(1), run(2));
  });

  it('given many requests, when they are generated, then every caller and many operations and kinds occur', () => {
    const requests = Array.from({ length: 2_000 }, (_, index) =>
      generateRequest(operations, context, 9, index),
    );
    assert.deepEqual(
      new Set(requests.map((request) => request.caller)),
      new Set(['anonymous', 'customer', 'admin']),
    );
    assert.ok(new Set(requests.map((request) => request.operationId)).size > operations.length * 0.9);
    const kinds = new Set(requests.map((request) => request.kind));
    for (const kind of [
      'valid',
      'auth:bad',
      'path:raw',
      'query:repeated',
      'body:malformed-json',
      'body:oversized',
      'body:extra-property',
      'body:content-type',
      'method:wrong',
    ])
      assert.ok(kinds.has(kind), `no ${kind} among ${[...kinds].join(', ')}`);
  });

  it('given a valid request, when it is generated, then its path fills the template with encoded values and it carries its caller token', () => {
    const getOrder = operations.find((operation) => operation.operationId === 'getOrder')!;
    const valid = fc
      .sample(requestArbitrary(getOrder, 'customer', context), { numRuns: 200, seed: 11 })
      .filter((request) => request.kind === 'valid');
    assert.ok(valid.length > 0);
    for (const request of valid) {
      assert.match(request.path, /^\/api\/orders\/[0-9a-f-]{36}(\?asOf=\d+)?$/);
      assert.equal(request.headers.authorization, 'Bearer a.b.c');
    }
  });

  it('given a lone surrogate or U+0000, when it is percent-encoded, then the result is ASCII an HTTP client can send', () => {
    assert.equal(encodeComponent('a\u0000/b'), 'a%00%2Fb');
    assert.equal(encodeComponent('\ud800'), '%EF%BF%BD');
    assert.equal(encodeComponent('é'), '%C3%A9');
  });
});
