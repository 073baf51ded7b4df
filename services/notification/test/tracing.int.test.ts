import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { identityService } from '@bazaar/identity';
import {
  dropDatabasesWithPrefix,
  eventually,
  startTestService,
  testDatabaseServerUrl,
  uniqueDatabasePrefix,
} from '@bazaar/testing';
import { notificationService } from '../src/service.js';

// identity and notification in one process, as in solo mode, sharing one bus database: a registration's trace
// goes from identity's request through its outbox and relay to notification's handling.
const serverUrl = testDatabaseServerUrl();
const prefix = uniqueDatabasePrefix('trace');
const TRACE = '5c1a7e0f9b2d4e8aa6f3c0d1e2b4a597';
const CALLER_SPAN = '1111222233334444';
let identity: Awaited<ReturnType<typeof startTestService>>;
let notification: Awaited<ReturnType<typeof startTestService>>;

before(async () => {
  const options = { prefix, serverUrl, transport: true as const };
  identity = await startTestService(identityService, options);
  notification = await startTestService(notificationService, { ...options, tokens: identity.auth.tokens });
});
after(async () => {
  await notification?.stop();
  await identity?.stop();
  await dropDatabasesWithPrefix(serverUrl, prefix);
});

describe('a trace across the outbox (identity → notification)', () => {
  it("given a registration sent with a caller's traceparent, then identity's request, outbox write and relay publish and notification's handling are in the caller's trace, each under its own service", async () => {
    const registered = await identity.app.inject({
      method: 'POST',
      url: '/api/auth/register',
      headers: { traceparent: `00-${TRACE}-${CALLER_SPAN}-01` },
      payload: { email: `tracy-${Date.now()}@example.com`, password: 'a traced passphrase', name: 'Tracy' },
    });
    assert.equal(registered.statusCode, 201, registered.body);
    const handled = await eventually(async () => {
      const spans = notification.context.tracing.recent.find({ traceIds: [TRACE] });
      return spans.find((span) => span.name === 'process identity.user-registered');
    }, 'notification handled the registration in the same trace');
    const identitySpans = identity.context.tracing.recent.find({ traceIds: [TRACE] });
    const byName = (name: string) => identitySpans.find((span) => span.name === name);
    const request = byName('POST /api/auth/register');
    const write = byName('outbox write');
    assert.equal(request?.parentSpanId, CALLER_SPAN);
    assert.equal(request?.attributes['http.response.status_code'], 201);
    assert.ok(write, identitySpans.map((span) => span.name).join(', '));
    assert.equal(handled.service, 'notification');
    assert.equal(
      handled.parentSpanId,
      write.spanId,
      'the consumer continues from the envelope’s traceparent',
    );
    assert.equal(handled.attributes['messaging.consumer.group.name'], 'notification.user-events');
    await eventually(
      async () =>
        identity.context.tracing.recent
          .find({ traceIds: [TRACE] })
          .find((span) => span.name === 'publish identity.users'),
      'the relay published in the same trace',
    );
    assert.ok(identitySpans.every((span) => span.service === 'identity'));
  });
});
