import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { type BazaarClient, bearer } from '@bazaar/client';
import { SUBSCRIPTIONS } from '@bazaar/contracts';
import { deleteRabbitMqNamespace } from '@bazaar/messaging';
import { eventually, skipUnless } from '@bazaar/testing';
import {
  ADMIN,
  http,
  logIn,
  registerCustomer,
  startSoloForTests,
  typedClient,
} from '../support/solo-for-tests.js';

// The real broker: TEST_AMQP_URL, AMQP_URL or the local default. Without one the RabbitMQ run is skipped and
// named in the test run's summary; on CI it runs anyway and fails.
const AMQP_URL = process.env.TEST_AMQP_URL || process.env.AMQP_URL || 'amqp://guest:guest@127.0.0.1:5672';
const rabbitMqSkip = await skipUnless('rabbitmq');

/** The same journey on each transport: events cross services through the gateway's public API. */
for (const transport of ['postgres', 'rabbitmq'] as const) {
  const title = `events between services on ${transport === 'postgres' ? 'the PostgreSQL message store' : 'RabbitMQ'}`;
  describe(title, { skip: transport === 'rabbitmq' ? rabbitMqSkip : false }, () => {
    let system: Awaited<ReturnType<typeof startSoloForTests>>;
    let bazaar: BazaarClient;
    let admin: { authorization: string };
    const call = (method: string, path: string, options?: Parameters<typeof http>[3]) =>
      http(system.url, method, path, options);

    before(async () => {
      system = await startSoloForTests(transport === 'rabbitmq' ? { AMQP_URL } : {});
      bazaar = typedClient(system.url);
      admin = bearer(await logIn(bazaar, ADMIN));
    });
    after(async () => {
      await system?.close();
      if (transport === 'rabbitmq' && system) {
        // Durable queues and the exchange outlive the system; remove this run's (named after its prefix).
        await deleteRabbitMqNamespace(
          AMQP_URL,
          system.prefix,
          SUBSCRIPTIONS.map(({ group }) => group),
        );
      }
    });

    it('welcomes a user who registers, in the mailbox served through the gateway', async () => {
      const wanda = await registerCustomer(bazaar, 'Wanda');
      const welcome = await eventually(async () => {
        const mailbox = await bazaar.GET('/api/notifications', { headers: bearer(wanda.token) });
        assert.equal(mailbox.response.status, 200, JSON.stringify(mailbox.error));
        return mailbox.data!.items.find((item) => item.kind === 'welcome');
      }, 'the welcome arrived');
      assert.equal(welcome.address, wanda.email);
      assert.equal((await bazaar.GET('/api/notifications')).response.status, 401);
    });

    it("publishes the catalogue's changes and shows each service's messaging to admins", async () => {
      const created = await bazaar.POST('/api/products', {
        headers: admin,
        body: {
          name: `Event Lamp ${randomUUID()}`,
          description: 'announced by an event',
          price: { amount: 2500, currency: 'EUR' },
          category: 'lighting',
        },
      });
      assert.equal(created.response.status, 201, JSON.stringify(created.error));
      const repriced = await bazaar.PATCH('/api/products/{id}', {
        params: { path: { id: created.data!.id } },
        headers: admin,
        body: { price: { amount: 2700, currency: 'EUR' } },
      });
      assert.equal(repriced.response.status, 200, JSON.stringify(repriced.error));
      // 60 demo products, the new one, its price change: all published, none pending.
      const catalog = await eventually(async () => {
        const { data } = await bazaar.GET('/api/admin/messaging/catalog', { headers: admin });
        return data!.outbox.pending === 0 && data!.outbox.published >= 62 ? data : undefined;
      }, "the catalog's outbox is published");
      assert.equal(catalog.transport, transport);
      assert.deepEqual(catalog.publishes, ['catalog.products']);

      const notification = await bazaar.GET('/api/admin/messaging/notification', { headers: admin });
      assert.equal(notification.response.status, 200, JSON.stringify(notification.error));
      assert.equal(notification.data!.consumers[0]!.group, 'notification.user-events');
      assert.equal(notification.data!.consumers[0]!.dead, 0);
      const deadLetters = await bazaar.GET('/api/admin/messaging/notification/dead-letters', {
        headers: admin,
      });
      assert.equal(deadLetters.data!.items.length, 0);
    });

    it('keeps the messaging admin API to admins', async () => {
      const nosy = await registerCustomer(bazaar, 'Nosy');
      const forbidden = await bazaar.GET('/api/admin/messaging/identity', { headers: bearer(nosy.token) });
      assert.equal(forbidden.response.status, 403);
      assert.equal(forbidden.error?.type, 'urn:bazaar:problem:forbidden');
      assert.equal((await bazaar.GET('/api/admin/messaging/identity')).response.status, 401);
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
