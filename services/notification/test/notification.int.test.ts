import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { identityService } from '@bazaar/identity';
import { createEnvelope } from '@bazaar/messaging';
import { createPool, databaseUrlFor, type Pool } from '@bazaar/postgres';
import {
  dropDatabasesWithPrefix,
  eventually,
  injectJson,
  startTestService,
  testDatabaseServerUrl,
  uniqueDatabasePrefix,
} from '@bazaar/testing';
import { notificationService } from '../src/service.js';

// identity and notification share one bus database, as in solo mode: a registration in identity becomes a
// welcome message in notification's mailbox through the outbox, the PostgreSQL message store and the inbox.
const serverUrl = testDatabaseServerUrl();
const prefix = uniqueDatabasePrefix('notify');
const GROUP = 'notification.user-events';
let identity: Awaited<ReturnType<typeof startTestService>>;
let notification: Awaited<ReturnType<typeof startTestService>>;
let notificationDb: Pool;
let adminToken: string;

type Method = Parameters<ReturnType<typeof injectJson>>[0];
type CallOptions = { token?: string; body?: unknown };
const identityCall = (method: Method, url: string, options: CallOptions = {}) =>
  injectJson(identity.app)(method, url, options.body, options.token);
const call = (method: Method, url: string, options: CallOptions = {}) =>
  injectJson(notification.app)(method, url, options.body, options.token);

async function register(name: string) {
  const account = {
    email: `${name.toLowerCase()}-${Date.now()}@example.com`,
    password: 'a welcome passphrase',
    name,
  };
  const registered = await identityCall('POST', '/api/auth/register', { body: account });
  assert.equal(registered.status, 201, JSON.stringify(registered.body));
  const login = await identityCall('POST', '/api/auth/login', {
    body: { email: account.email, password: account.password },
  });
  return { id: registered.body.id as string, email: account.email, token: login.body.accessToken as string };
}

const mailbox = async (token: string, query = '') => {
  const response = await call('GET', `/api/notifications${query}`, { token });
  assert.equal(response.status, 200, JSON.stringify(response.body));
  return response.body as {
    items: { kind: string; reference: string; subject: string; body: string; address: string }[];
    nextCursor: string | null;
  };
};

const welcomeOf = (token: string) =>
  eventually(async () => {
    const { items } = await mailbox(token);
    return items.find((item) => item.kind === 'welcome');
  }, 'the welcome message arrived');

before(async () => {
  const options = { prefix, serverUrl, transport: true as const };
  identity = await startTestService(identityService, options);
  notification = await startTestService(notificationService, { ...options, tokens: identity.auth.tokens });
  notificationDb = createPool(databaseUrlFor(serverUrl, `${prefix}_notification`), { max: 2 });
  const login = await identityCall('POST', '/api/auth/login', {
    body: { email: 'admin@bazaar.local', password: 'admin-secret-Passw0rd' },
  });
  adminToken = login.body.accessToken;
});
after(async () => {
  await notificationDb?.end();
  await notification?.stop();
  await identity?.stop();
  await dropDatabasesWithPrefix(serverUrl, prefix);
});

describe('welcome messages (UserRegistered → notification)', () => {
  it('welcomes a new user in their mailbox, addressed to their email', async () => {
    const user = await register('Wendy');
    const welcome = await welcomeOf(user.token);
    assert.equal(welcome.reference, user.id);
    assert.equal(welcome.address, user.email);
    assert.match(welcome.body, /Hello Wendy/);
  });

  it('keeps each mailbox to its owner', async () => {
    const ann = await register('Ann');
    const bob = await register('Bob');
    await welcomeOf(ann.token);
    await welcomeOf(bob.token);
    const annsMail = await mailbox(ann.token);
    assert.ok(annsMail.items.every((item) => item.reference === ann.id));
    assert.equal((await call('GET', '/api/notifications')).status, 401);
  });

  it("shows an admin another user's mailbox, and a customer only a 404 for it", async () => {
    const ann = await register('Anouk');
    const bob = await register('Bert');
    await welcomeOf(ann.token);
    const seenByAdmin = await call('GET', `/api/notifications?userId=${ann.id}`, { token: adminToken });
    assert.equal(seenByAdmin.status, 200);
    assert.ok(seenByAdmin.body.items.length > 0);
    assert.ok(seenByAdmin.body.items.every((item: { reference: string }) => item.reference === ann.id));
    const askedByBob = await call('GET', `/api/notifications?userId=${ann.id}`, { token: bob.token });
    assert.equal(askedByBob.status, 404);
    assert.equal(askedByBob.body.type, 'urn:bazaar:problem:not-found');
    const ownByBob = await call('GET', `/api/notifications?userId=${bob.id}`, { token: bob.token });
    assert.equal(ownByBob.status, 200);
  });

  it('sends no second welcome when the registration is replayed to the group', async () => {
    const user = await register('Rita');
    await welcomeOf(user.token);
    const replay = await identityCall('POST', '/api/admin/messaging/identity/replay', {
      token: adminToken,
      body: { group: GROUP },
    });
    assert.equal(replay.status, 200, JSON.stringify(replay.body));
    assert.ok(replay.body.delivered >= 1);
    assert.deepEqual(replay.body.topics, ['identity.users']);
    await eventually(async () => {
      const { body } = await call('GET', '/api/admin/messaging/notification', { token: adminToken });
      return body.consumers[0].waiting === 0 ? true : undefined;
    }, 'the replay was consumed');
    const welcomes = (await mailbox(user.token)).items.filter((item) => item.kind === 'welcome');
    assert.equal(welcomes.length, 1);
  });

  it('keeps the recipient current from UserUpdated and never lets an older event win', async () => {
    const user = await register('Carl');
    await welcomeOf(user.token);
    const patched = await identityCall('PATCH', `/api/users/${user.id}`, {
      token: user.token,
      body: { name: 'Carla' },
    });
    assert.equal(patched.status, 200);
    await eventually(async () => {
      const [row] = await notificationDb<
        { name: string }[]
      >`SELECT name FROM recipients WHERE user_id = ${user.id}`;
      return row?.name === 'Carla' ? true : undefined;
    }, 'the new name reached notification');
    // The registration again (replay): older than the update, so the name stays.
    await identityCall('POST', '/api/admin/messaging/identity/replay', {
      token: adminToken,
      body: { group: GROUP },
    });
    await sleep(500);
    const [row] = await notificationDb<
      { name: string }[]
    >`SELECT name FROM recipients WHERE user_id = ${user.id}`;
    assert.equal(row?.name, 'Carla');
  });

  it('pages the mailbox newest first and refuses forged cursors', async () => {
    const user = await register('Paula');
    await welcomeOf(user.token);
    const page = await mailbox(user.token, '?limit=1');
    assert.equal(page.items.length, 1);
    assert.equal(page.nextCursor, null);
    const forged = await call('GET', '/api/notifications?cursor=bm90LWEtY3Vyc29y', { token: user.token });
    assert.equal(forged.status, 400);
    assert.equal(forged.body.type, 'urn:bazaar:problem:invalid-cursor');
    const tooMany = await call('GET', '/api/notifications?limit=1000', { token: user.token });
    assert.equal(tooMany.status, 400);
  });
});

describe('operating the consumers (admin API)', () => {
  it('shows outbox and consumer lag, to admins only', async () => {
    const { status, body } = await call('GET', '/api/admin/messaging/notification', { token: adminToken });
    assert.equal(status, 200);
    assert.equal(body.transport, 'postgres');
    assert.deepEqual(body.publishes, ['notification.notifications']);
    assert.equal(body.consumers[0].group, GROUP);
    assert.deepEqual(body.consumers[0].topics, ['identity.users']);
    const user = await register('Nosy');
    const forbidden = await call('GET', '/api/admin/messaging/notification', { token: user.token });
    assert.equal(forbidden.status, 403);
  });

  it('exposes consumer lag and handled counts as Prometheus metrics', async () => {
    const metrics = await notification.app.inject({ method: 'GET', url: '/metrics' });
    assert.match(
      metrics.body,
      /messaging_consumer_lag\{group="notification\.user-events",service="notification"\} \d+/,
    );
    assert.match(
      metrics.body,
      /messaging_handled_total\{transport="postgres",group="notification\.user-events",service="notification"\} [1-9]/,
    );
    const published = await identity.app.inject({ method: 'GET', url: '/metrics' });
    assert.match(published.body, /messaging_outbox_pending\{service="identity"\} 0/);
  });

  it('dead-letters a message that fails its schema at once, and lets an admin inspect and discard it', async () => {
    const transport = notification.messaging!.transport!;
    const bad = createEnvelope({
      type: 'identity.user-registered',
      source: '/bazaar/identity',
      data: { userId: 'not-a-uuid', email: 'x', name: '', registeredAt: 'yesterday' },
    });
    await transport.publish([{ topic: 'identity.users', envelope: bad }]);
    const letter = await eventually(async () => {
      const { body } = await call('GET', `/api/admin/messaging/notification/dead-letters?group=${GROUP}`, {
        token: adminToken,
      });
      return (
        body.items as { id: string; envelope: { id: string }; attempts: number; lastError: string }[]
      ).find((item) => item.envelope.id === bad.id);
    }, 'the poison message is a dead letter');
    assert.equal(letter.attempts, 1, 'poison is not retried');
    assert.match(letter.lastError, /userId/);
    const one = await call('GET', `/api/admin/messaging/notification/dead-letters/${GROUP}/${letter.id}`, {
      token: adminToken,
    });
    assert.equal(one.status, 200);
    assert.equal(one.body.envelope.id, bad.id);
    const discarded = await call(
      'DELETE',
      `/api/admin/messaging/notification/dead-letters/${GROUP}/${letter.id}`,
      { token: adminToken },
    );
    assert.equal(discarded.status, 204);
    const again = await call(
      'DELETE',
      `/api/admin/messaging/notification/dead-letters/${GROUP}/${letter.id}`,
      { token: adminToken },
    );
    assert.equal(again.status, 404);
  });

  it('retries a failing handler, dead-letters it, and delivers it once on redrive after the fix', async () => {
    // An outage of the handler's own table: every attempt fails until an operator repairs it.
    await notificationDb`ALTER TABLE recipients RENAME TO recipients_away`;
    let user: Awaited<ReturnType<typeof register>>;
    let letter: { id: string; attempts: number; lastError: string };
    try {
      user = await register('Olga');
      letter = await eventually(
        async () => {
          const { body } = await call(
            'GET',
            `/api/admin/messaging/notification/dead-letters?group=${GROUP}`,
            { token: adminToken },
          );
          return (
            body.items as { id: string; envelope: { subject: string }; attempts: number; lastError: string }[]
          ).find((item) => item.envelope.subject === user.id);
        },
        'the failing message is a dead letter after its attempts',
        60_000,
      );
    } finally {
      await notificationDb`ALTER TABLE recipients_away RENAME TO recipients`;
    }
    assert.equal(letter.attempts, 5);
    assert.match(letter.lastError, /recipients/);
    assert.equal((await mailbox(user.token)).items.length, 0);

    const redrive = await call(
      'POST',
      `/api/admin/messaging/notification/dead-letters/${GROUP}/${letter.id}/redrive`,
      {
        token: adminToken,
      },
    );
    assert.equal(redrive.status, 202);
    await welcomeOf(user.token);
    const status = await call('GET', '/api/admin/messaging/notification', { token: adminToken });
    assert.equal(status.body.consumers[0].dead, 0);
  });

  it('answers unknown groups, unknown dead letters and bad replay requests with problems', async () => {
    const unknown = await call('GET', '/api/admin/messaging/notification/dead-letters?group=someone.else', {
      token: adminToken,
    });
    assert.equal(unknown.status, 404);
    assert.equal(unknown.body.type, 'urn:bazaar:problem:unknown-consumer-group');
    const missing = await call(
      'POST',
      `/api/admin/messaging/notification/dead-letters/${GROUP}/999999/redrive`,
      { token: adminToken },
    );
    assert.equal(missing.status, 404);
    const badId = await call('DELETE', `/api/admin/messaging/notification/dead-letters/${GROUP}/a%20b`, {
      token: adminToken,
    });
    assert.equal(badId.status, 400);
    const foreignTopic = await identityCall('POST', '/api/admin/messaging/identity/replay', {
      token: adminToken,
      body: { group: GROUP, topic: 'catalog.products' },
    });
    assert.equal(foreignTopic.status, 400);
    const noGroup = await identityCall('POST', '/api/admin/messaging/identity/replay', {
      token: adminToken,
      body: { group: 'nobody.listens' },
    });
    assert.equal(noGroup.status, 404);
    const extra = await identityCall('POST', '/api/admin/messaging/identity/replay', {
      token: adminToken,
      body: { group: GROUP, fromId: 0, everything: true },
    });
    assert.equal(extra.status, 400);
  });
});
