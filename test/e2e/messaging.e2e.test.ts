import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { SUBSCRIPTIONS } from '@bazaar/contracts';
import { rabbitMqNames } from '@bazaar/messaging';
import { eventually } from '@bazaar/testing';
import { connect } from 'amqplib';
import { ADMIN, http, startSoloForTests } from '../support/solo-for-tests.js';

// The real broker on this machine; the RabbitMQ run fails (never skips) when it cannot be reached.
const AMQP_URL = process.env.TEST_AMQP_URL || 'amqp://guest:guest@127.0.0.1:5672';

/** The same journey on each transport: events cross services through the gateway's public API. */
for (const transport of ['postgres', 'rabbitmq'] as const) {
  describe(`events between services on ${transport === 'postgres' ? 'the PostgreSQL message store' : 'RabbitMQ'}`, () => {
    let system: Awaited<ReturnType<typeof startSoloForTests>>;
    let adminToken: string;
    const call = (method: string, path: string, options?: Parameters<typeof http>[3]) =>
      http(system.url, method, path, options);

    before(async () => {
      system = await startSoloForTests(transport === 'rabbitmq' ? { AMQP_URL } : {});
      const login = await call('POST', '/api/auth/login', { body: ADMIN });
      adminToken = login.body.accessToken;
    });
    after(async () => {
      await system?.close();
      if (transport === 'rabbitmq' && system) {
        // Durable queues and the exchange outlive the system; remove this run's (named after its prefix).
        const connection = await connect(AMQP_URL);
        const channel = await connection.createChannel();
        const names = rabbitMqNames(system.prefix);
        for (const { group } of SUBSCRIPTIONS)
          for (const queue of names.queues(group)) await channel.deleteQueue(queue);
        await channel.deleteExchange(names.exchange);
        await connection.close();
      }
    });

    it('welcomes a user who registers, in the mailbox served through the gateway', async () => {
      const account = {
        email: `welcome-${randomUUID()}@example.com`,
        password: 'events across services',
        name: 'Wanda',
      };
      const registered = await call('POST', '/api/auth/register', { body: account });
      assert.equal(registered.status, 201, registered.text);
      const login = await call('POST', '/api/auth/login', {
        body: { email: account.email, password: account.password },
      });
      const token = login.body.accessToken as string;
      const welcome = await eventually(async () => {
        const mailbox = await call('GET', '/api/notifications', { token });
        assert.equal(mailbox.status, 200, mailbox.text);
        return mailbox.body.items.find((item: { kind: string }) => item.kind === 'welcome');
      }, 'the welcome arrived');
      assert.equal(welcome.address, account.email);
      assert.equal((await call('GET', '/api/notifications')).status, 401);
    });

    it("publishes the catalogue's changes and shows each service's messaging to admins", async () => {
      const created = await call('POST', '/api/products', {
        token: adminToken,
        body: {
          name: `Event Lamp ${randomUUID()}`,
          description: 'announced by an event',
          price: { amount: 2500, currency: 'EUR' },
          category: 'lighting',
        },
      });
      assert.equal(created.status, 201, created.text);
      const repriced = await call('PATCH', `/api/products/${created.body.id}`, {
        token: adminToken,
        body: { price: { amount: 2700, currency: 'EUR' } },
      });
      assert.equal(repriced.status, 200, repriced.text);
      // 60 demo products, the new one, its price change: all published, none pending.
      const catalog = await eventually(async () => {
        const { body } = await call('GET', '/api/admin/messaging/catalog', { token: adminToken });
        return body.outbox.pending === 0 && body.outbox.published >= 62 ? body : undefined;
      }, "the catalog's outbox is published");
      assert.equal(catalog.transport, transport);
      assert.deepEqual(catalog.publishes, ['catalog.products']);

      const notification = await call('GET', '/api/admin/messaging/notification', { token: adminToken });
      assert.equal(notification.status, 200, notification.text);
      assert.equal(notification.body.consumers[0].group, 'notification.user-events');
      assert.equal(notification.body.consumers[0].dead, 0);
      const deadLetters = await call('GET', '/api/admin/messaging/notification/dead-letters', {
        token: adminToken,
      });
      assert.deepEqual(deadLetters.body.items, []);
    });

    it('keeps the messaging admin API to admins', async () => {
      const account = {
        email: `nosy-${randomUUID()}@example.com`,
        password: 'not an administrator',
        name: 'Nosy',
      };
      await call('POST', '/api/auth/register', { body: account });
      const login = await call('POST', '/api/auth/login', {
        body: { email: account.email, password: account.password },
      });
      const forbidden = await call('GET', '/api/admin/messaging/identity', { token: login.body.accessToken });
      assert.equal(forbidden.status, 403);
      assert.equal((await call('GET', '/api/admin/messaging/identity')).status, 401);
    });

    it('serves an AsyncAPI 3.0 document with every topic, event schema and consumer group', async () => {
      const { status, body } = await call('GET', '/asyncapi.json');
      assert.equal(status, 200);
      assert.equal(body.asyncapi, '3.0.0');
      const addresses = Object.values(body.channels).map(
        (channel) => (channel as { address: string }).address,
      );
      assert.ok(
        addresses.includes('identity.users') && addresses.includes('catalog.products'),
        addresses.join(),
      );
      const registered = body.components.messages.identity_user_registered;
      assert.equal(registered.payload.properties.type.const, 'identity.user-registered');
      assert.ok(registered.payload.properties.data.required.includes('userId'));
      const receives = Object.values(body.operations).filter(
        (op) => (op as { action: string }).action === 'receive',
      );
      assert.ok(receives.length >= 1);
    });
  });
}
