import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Pool } from '@bazaar/postgres';
import type { Registry } from 'prom-client';
import {
  createEnvelope,
  handleOnce,
  type IncomingMessage,
  PoisonMessageError,
  type Transport,
} from '../src/index.js';

/** Waits until `check` holds, polling; fails with `what` after `timeoutMs`. */
export async function eventually(
  check: () => boolean | Promise<boolean>,
  what: string,
  timeoutMs = 15_000,
): Promise<void> {
  const started = Date.now();
  while (!(await check())) {
    if (Date.now() - started > timeoutMs) assert.fail(`timed out waiting until ${what}`);
    await sleep(20);
  }
}

const message = (topic: string, data: unknown = {}) => ({
  topic,
  envelope: createEnvelope({ type: `test.${topic}`, source: '/tests', data }),
});

const fastRetry = { maxAttempts: 3, baseDelayMs: 10, maxDelayMs: 50 };

/**
 * The behaviour every transport must have. `setup` gives a fresh transport (and a database for the
 * consumer side's inbox); the same suite runs unchanged against each implementation.
 */
export function transportContract(
  name: string,
  setup: () => Promise<{
    transport: Transport;
    consumerDb: Pool;
    metrics: Registry;
    close(groups: readonly string[]): Promise<void>;
  }>,
) {
  describe(`${name} transport`, { timeout: 120_000 }, () => {
    let transport: Transport;
    let consumerDb: Pool;
    let metrics: Registry;
    let close: (groups: readonly string[]) => Promise<void>;
    const names: string[] = [];
    const unique = (label: string) => {
      const name = `test-${label}-${randomUUID().slice(0, 8)}`;
      names.push(name);
      return name;
    };

    before(async () => {
      ({ transport, consumerDb, metrics, close } = await setup());
    });
    after(async () => {
      await close?.(names);
    });

    it('delivers every message to every group subscribed to its topic', async () => {
      const topic = unique('orders');
      const seen: Record<string, string[]> = { a: [], b: [] };
      const consumers = await Promise.all(
        (['a', 'b'] as const).map((group) =>
          transport.consume({
            group: unique(group),
            topics: [topic],
            handle: async (m) => void seen[group]!.push(m.envelope.id),
          }),
        ),
      );
      const messages = Array.from({ length: 20 }, () => message(topic));
      await transport.publish(messages);
      await eventually(() => seen.a!.length === 20 && seen.b!.length === 20, 'both groups got all 20');
      const ids = messages.map((m) => m.envelope.id).sort();
      assert.deepEqual([...seen.a!].sort(), ids);
      assert.deepEqual([...seen.b!].sort(), ids);
      await Promise.all(consumers.map((consumer) => consumer.stop()));
    });

    it('splits the work of one group between competing consumers, each message once', async () => {
      const topic = unique('jobs');
      const group = unique('workers');
      const handledBy: Record<string, number> = {};
      const ids: string[] = [];
      const consumers = await Promise.all(
        ['one', 'two'].map((worker) =>
          transport.consume({
            group,
            topics: [topic],
            // Small batches, so that a backlog is shared rather than taken whole by the first claimer.
            maxBatch: 4,
            handle: async (m) => {
              ids.push(m.envelope.id);
              handledBy[worker] = (handledBy[worker] ?? 0) + 1;
              await sleep(5);
            },
          }),
        ),
      );
      await transport.publish(Array.from({ length: 40 }, () => message(topic)));
      await eventually(() => ids.length >= 40, '40 handled');
      await sleep(100);
      assert.equal(ids.length, 40);
      assert.equal(new Set(ids).size, 40, 'no message handled twice');
      assert.ok((handledBy.one ?? 0) > 0 && (handledBy.two ?? 0) > 0, JSON.stringify(handledBy));
      await Promise.all(consumers.map((consumer) => consumer.stop()));
    });

    it('hands waiting messages to a batch consumer together and retries only the ones that failed', async () => {
      const topic = unique('batched');
      const group = unique('bulk');
      await transport.declare([{ group, topics: [topic] }]);
      const messages = Array.from({ length: 12 }, (_, n) => message(topic, { n }));
      await transport.publish(messages);
      await eventually(async () => (await transport.backlog(group)).waiting === 12, 'twelve waiting');
      const batchSizes: number[] = [];
      const deliveries: Record<string, number[]> = {};
      const consumer = await transport.consume({
        group,
        topics: [topic],
        retry: fastRetry,
        maxBatch: 12,
        handleBatch: async (batch) => {
          batchSizes.push(batch.length);
          return batch.map((m) => {
            deliveries[m.envelope.id] = [...(deliveries[m.envelope.id] ?? []), m.attempt];
            return (m.envelope.data as { n: number }).n === 3 && m.attempt === 1
              ? new Error('this one fails once')
              : undefined;
          });
        },
      });
      await eventually(() => Object.values(deliveries).flat().length === 13, 'every message handled');
      await sleep(100);
      assert.ok(batchSizes[0]! > 1, `the first batch held more than one message: ${batchSizes.join(',')}`);
      for (const [index, sent] of messages.entries())
        assert.deepEqual(deliveries[sent.envelope.id], index === 3 ? [1, 2] : [1], `message ${index}`);
      await eventually(async () => (await transport.backlog(group)).waiting === 0, 'nothing left');
      await consumer.stop();
    });

    it("reports a group's backlog while its consumers are away", async () => {
      const topic = unique('backlog');
      const group = unique('sleepy');
      let handled = 0;
      const first = await transport.consume({ group, topics: [topic], handle: async () => void handled++ });
      await first.stop();
      await transport.publish(Array.from({ length: 3 }, () => message(topic)));
      await eventually(async () => (await transport.backlog(group)).waiting === 3, 'three waiting');
      const again = await transport.consume({ group, topics: [topic], handle: async () => void handled++ });
      await eventually(() => handled === 3, 'drained');
      await eventually(async () => (await transport.backlog(group)).waiting === 0, 'no backlog');
      await again.stop();
    });

    it('keeps messages for a declared group whose first consumer starts after they were published', async () => {
      const topic = unique('declared');
      const group = unique('late');
      await transport.declare([{ group, topics: [topic] }]);
      await transport.declare([{ group, topics: [topic] }]); // idempotent
      const messages = Array.from({ length: 5 }, () => message(topic));
      await transport.publish(messages);
      await eventually(async () => (await transport.backlog(group)).waiting === 5, 'five waiting');
      const seen: string[] = [];
      const consumer = await transport.consume({
        group,
        topics: [topic],
        handle: async (m) => void seen.push(m.envelope.id),
      });
      await eventually(() => seen.length === 5, 'the late consumer got all five');
      assert.deepEqual([...seen].sort(), messages.map((m) => m.envelope.id).sort());
      await consumer.stop();
    });

    it('re-delivers to one group only on replay', async () => {
      const topic = unique('replayed');
      const seen: Record<string, number> = { a: 0, b: 0 };
      const groups = { a: unique('a'), b: unique('b') };
      const consumers = await Promise.all(
        (['a', 'b'] as const).map((key) =>
          transport.consume({ group: groups[key], topics: [topic], handle: async () => void seen[key]!++ }),
        ),
      );
      const messages = Array.from({ length: 5 }, () => message(topic));
      await transport.publish(messages);
      await eventually(() => seen.a === 5 && seen.b === 5, 'first delivery');
      await transport.deliverTo(groups.a, messages);
      await eventually(() => seen.a === 10, 'replayed to a');
      await sleep(200);
      assert.equal(seen.b, 5, 'the other group saw nothing');
      await Promise.all(consumers.map((consumer) => consumer.stop()));
    });

    it('applies the effect of a message published twice (publisher retry) once', async () => {
      const topic = unique('dupes');
      const consumerName = unique('g');
      let deliveries = 0;
      let effects = 0;
      const consumer = await transport.consume({
        group: consumerName,
        topics: [topic],
        handle: async (m) => {
          deliveries++;
          await handleOnce(consumerDb, consumerName, m, async () => {
            effects++;
          });
        },
      });
      const once = message(topic);
      await transport.publish([once]);
      await transport.publish([once]);
      await eventually(() => deliveries >= 1, 'delivered');
      await sleep(300);
      assert.equal(effects, 1);
      await consumer.stop();
    });

    it('does not repeat an effect when a crash comes between the effect and the acknowledgement', async () => {
      const topic = unique('payments');
      const consumerName = unique('ledger');
      let effects = 0;
      let deliveries = 0;
      const consumer = await transport.consume({
        group: consumerName,
        topics: [topic],
        retry: fastRetry,
        handle: async (m: IncomingMessage) => {
          deliveries++;
          await handleOnce(consumerDb, consumerName, m, async () => {
            effects++;
          });
          if (m.attempt === 1) throw new Error('crashed before the acknowledgement');
        },
      });
      await transport.publish([message(topic)]);
      await eventually(() => deliveries >= 2, 'redelivered');
      await sleep(100);
      assert.equal(effects, 1);
      await consumer.stop();
    });

    it('dead-letters at once, without retries, a message its handler declares poison', async () => {
      const topic = unique('unparseable');
      const group = unique('picky');
      let calls = 0;
      const consumer = await transport.consume({
        group,
        topics: [topic],
        retry: fastRetry,
        handle: async () => {
          calls++;
          throw new PoisonMessageError('this payload can never be handled');
        },
      });
      await transport.publish([message(topic)]);
      await eventually(async () => (await transport.deadLetters(group)).length === 1, 'a dead letter');
      const [dead] = await transport.deadLetters(group);
      assert.equal(dead!.attempts, 1);
      assert.match(dead!.lastError, /PoisonMessageError/);
      assert.equal(calls, 1);
      await consumer.stop();
    });

    it('retries a failing handler, dead-letters it after the last attempt, and redrives it once fixed', async () => {
      const topic = unique('poison');
      const group = unique('fragile');
      let fixed = false;
      const attempts: number[] = [];
      const handled: string[] = [];
      const consumer = await transport.consume({
        group,
        topics: [topic],
        retry: fastRetry,
        handle: async (m) => {
          attempts.push(m.attempt);
          if (!fixed) throw new TypeError('cannot handle this yet');
          handled.push(m.envelope.id);
        },
      });
      const poison = message(topic, { bad: true });
      await transport.publish([poison]);
      let dead: Awaited<ReturnType<Transport['deadLetters']>> = [];
      await eventually(async () => {
        dead = await transport.deadLetters(group);
        return dead.length === 1;
      }, 'a dead letter');
      assert.deepEqual(attempts, [1, 2, 3]);
      assert.equal(dead[0]!.envelope.id, poison.envelope.id);
      assert.equal(dead[0]!.attempts, 3);
      assert.match(dead[0]!.lastError, /cannot handle this yet/);

      fixed = true;
      assert.equal(await transport.redrive(group, dead[0]!.id), true);
      await eventually(() => handled.length === 1, 'handled after the redrive');
      assert.deepEqual(await transport.deadLetters(group), []);
      assert.equal(await transport.redrive(group, 'not-an-id'), false);
      const counted = async (name: string) =>
        (await metrics.getSingleMetric(name)!.get()).values.find((value) => value.labels.group === group)
          ?.value;
      assert.equal(await counted('messaging_retried_total'), 2);
      assert.equal(await counted('messaging_dead_lettered_total'), 1);
      assert.equal(await counted('messaging_handled_total'), 1);
      assert.equal(await counted('messaging_delivered_total'), 4);
      await consumer.stop();
    });
  });
}
