import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Type } from '@sinclair/typebox';
import { pino } from 'pino';
import { createServiceApp } from '../src/create-service-app.js';
import {
  checkDocumentedRoute,
  completeServiceDocument,
  type OpenApiDocument,
  type RouteContract,
} from '../src/openapi-contract.js';

const generated = (): OpenApiDocument => ({
  openapi: '3.1.0',
  info: { title: 'Bazaar shop', version: '1' },
  paths: {
    '/api/things': {
      get: {
        operationId: 'listThings',
        summary: 'Things',
        description: 'All of them.',
        parameters: [
          { in: 'query', name: 'limit', required: true, schema: { default: 20 } },
          { in: 'query', name: 'q', required: true, schema: {} },
        ],
        responses: { 200: { description: 'Default Response' } },
      },
      post: {
        operationId: 'createThing',
        summary: 'Add a thing',
        description: 'Adds one.',
        security: [{ bearerAuth: [] }],
        requestBody: { content: { 'application/json': { schema: { examples: [{ name: 'cup' }] } } } },
        responses: { 201: { description: 'Default Response' } },
      },
    },
    '/api/admin/things/{id}': {
      delete: {
        operationId: 'discardThing',
        summary: 'Discard',
        description: 'Gone for good.',
        security: [{ bearerAuth: [] }],
        parameters: [{ in: 'path', name: 'id', required: true, schema: {} }],
        responses: { 204: { description: 'Default Response' } },
      },
    },
  },
});

const complete = (contracts: Record<string, RouteContract> = {}, document = generated()) =>
  completeServiceDocument(
    document,
    { name: 'shop', description: 'Sells things.' },
    new Map(Object.entries(contracts)),
  );

describe('the contract a service documents', () => {
  it('tags each operation with its service, defined once with the service description', () => {
    const document = complete();
    assert.deepEqual(document.tags, [{ name: 'shop', description: 'Sells things.' }]);
    assert.deepEqual(document.paths!['/api/things']!.get!.tags, ['shop']);
  });

  it('marks operations without security as public, and documents 401 only where a token is needed', () => {
    const document = complete();
    const list = document.paths!['/api/things']!.get!;
    const create = document.paths!['/api/things']!.post!;
    assert.deepEqual(list.security, []);
    assert.equal(list.responses!['401'], undefined);
    assert.deepEqual(create.responses!['401'], { $ref: '#/components/responses/Unauthorized' });
    const unauthorized = complete().components!.responses!.Unauthorized as { headers: object };
    assert.ok('WWW-Authenticate' in unauthorized.headers);
  });

  it('derives problems from the inputs: 400 and 503 always, 413 and 415 with a body, 403 for admins', () => {
    const document = complete({ createThing: { problems: [409] } });
    const statuses = (method: 'get' | 'post' | 'delete', path: string) =>
      Object.keys(document.paths![path]![method]!.responses!).sort();
    assert.deepEqual(statuses('get', '/api/things'), ['200', '400', '503']);
    assert.deepEqual(statuses('post', '/api/things'), ['201', '400', '401', '409', '413', '415', '503']);
    assert.deepEqual(statuses('delete', '/api/admin/things/{id}'), ['204', '400', '401', '403', '503']);
    assert.deepEqual(document.paths!['/api/things']!.post!.responses!['409'], {
      $ref: '#/components/responses/Conflict',
    });
    const conflict = document.components!.responses!.Conflict as { content: object };
    assert.deepEqual(conflict.content, {
      'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } },
    });
    assert.ok(document.components?.schemas?.Problem);
    // Only the problem responses some operation uses are defined.
    assert.deepEqual(Object.keys(document.components!.responses!).sort(), [
      'BadRequest',
      'Conflict',
      'Forbidden',
      'PayloadTooLarge',
      'ServiceUnavailable',
      'Unauthorized',
      'UnsupportedMediaType',
    ]);
  });

  it('says admin-only in the description, for admin paths and routes that say so', () => {
    const document = complete({ createThing: { admin: true } });
    assert.match(document.paths!['/api/admin/things/{id}']!.delete!.description!, /Admin only/);
    assert.match(document.paths!['/api/things']!.post!.description!, /Admin only/);
    assert.ok(document.paths!['/api/things']!.post!.responses!['403']);
    assert.doesNotMatch(document.paths!['/api/things']!.get!.description!, /Admin only/);
  });

  it('makes a query parameter with a default optional, and leaves the others as they were', () => {
    const parameters = complete().paths!['/api/things']!.get!.parameters!;
    assert.equal(parameters.find((p) => p.name === 'limit')!.required, false);
    assert.equal(parameters.find((p) => p.name === 'q')!.required, true);
  });

  it('adds the success headers a route names, and names what each success status means', () => {
    const document = complete({ createThing: { headers: { 201: ['Location'] } } });
    const created = document.paths!['/api/things']!.post!.responses!['201']!;
    assert.deepEqual(Object.keys(created.headers!), ['Location']);
    assert.match(created.description!, /Created/);
    assert.throws(
      () => complete({ createThing: { headers: { 200: ['Location'] } } }),
      /headers for undocumented status 200/,
    );
  });

  it('puts the body example on the media type, and refuses a body without one', () => {
    const media = complete().paths!['/api/things']!.post!.requestBody!.content!['application/json']!;
    assert.deepEqual(media.example, { name: 'cup' });
    const withoutExample = generated();
    withoutExample.paths!['/api/things']!.post!.requestBody = {
      content: { 'application/json': { schema: {} } },
    };
    assert.throws(() => complete({}, withoutExample), /createThing: its body schema needs an example/);
  });

  it('leaves the generated document untouched', () => {
    const document = generated();
    complete({}, document);
    assert.deepEqual(document, generated());
  });
});

describe('the rules a documented route follows', () => {
  const route = (schema: Record<string, unknown>) => ({ method: 'GET', url: '/api/things', schema });
  const full = { operationId: 'listThings', summary: 'Things', description: 'All of them.' };

  it('accepts a route with a lowerCamelCase operationId, a summary and a description', () => {
    assert.equal(checkDocumentedRoute(route(full), new Set()), 'listThings');
  });

  it('refuses a route without one of them, or with an id another route has', () => {
    assert.throws(
      () => checkDocumentedRoute(route({ ...full, operationId: undefined }), new Set()),
      /operationId/,
    );
    assert.throws(
      () => checkDocumentedRoute(route({ ...full, operationId: 'list_things' }), new Set()),
      /lowerCamelCase/,
    );
    assert.throws(() => checkDocumentedRoute(route({ ...full, summary: '' }), new Set()), /needs a summary/);
    assert.throws(
      () => checkDocumentedRoute(route({ ...full, description: undefined }), new Set()),
      /description/,
    );
    const known = new Set<string>();
    checkDocumentedRoute(route(full), known);
    assert.throws(() => checkDocumentedRoute(route(full), known), /listThings is taken/);
  });
});

describe('a service app and its document', () => {
  const appFor = () =>
    createServiceApp({
      name: 'shop',
      description: 'Sells things.',
      logger: pino({ level: 'silent' }),
      openApi: 'own',
      readiness: [],
      dependencies: [],
      state: { started: true, stopping: false },
    });

  it('refuses an undocumented public route when it is registered', async () => {
    const { app } = await appFor();
    assert.throws(
      () => app.get('/api/things', async () => []),
      /GET \/api\/things: the route needs an operationId/,
    );
    // Routes outside the public API (a probe, a test's own) are not part of the contract.
    app.get('/internal/ping', async () => 'pong');
    await app.close();
  });

  it('serves the completed document at /openapi.json', async () => {
    const { app } = await appFor();
    app.get(
      '/api/things/:id',
      {
        schema: {
          operationId: 'getThing',
          summary: 'A thing',
          description: 'One thing.',
          params: Type.Object({ id: Type.String() }),
        },
        config: { contract: { problems: [404] } },
      },
      async () => ({}),
    );
    const response = await app.inject({ method: 'GET', url: '/openapi.json' });
    const document = response.json() as OpenApiDocument;
    const operation = document.paths!['/api/things/{id}']!.get!;
    assert.deepEqual(operation.tags, ['shop']);
    assert.deepEqual(Object.keys(operation.responses!).sort(), ['200', '400', '404', '503']);
    await app.close();
  });
});
