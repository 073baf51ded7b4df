import {
  type Channel,
  type ConfirmChannel,
  type ConsumeMessage,
  connect,
  type Message,
  type RecoveringChannelModel,
} from 'amqplib';
import { type Envelope, isEnvelope } from '../envelope.js';
import type { MessagingMetrics } from '../metrics.js';
import {
  backoffMs,
  type Consumer,
  type ConsumerOptions,
  DEFAULT_RETRY,
  type DeadLetter,
  failureOf,
  handleMessages,
  type IncomingMessage,
  type OutgoingMessage,
  PoisonMessageError,
  type Transport,
} from '../transport.js';

/**
 * Names on the broker: `<namespace>.events` is the exchange; a group's queues are `<namespace>.<group>`,
 * `….retry` and `….dead`. The namespace keeps systems that share a broker (or a vhost) apart.
 */
export function rabbitMqNames(namespace = 'bazaar') {
  return {
    exchange: `${namespace}.events`,
    queues: (group: string) => [
      `${namespace}.${group}`,
      `${namespace}.${group}.retry`,
      `${namespace}.${group}.dead`,
    ],
  };
}

/**
 * Removes what a transport on this namespace declared for these groups: their queues (main, retry, dead)
 * and the exchange. Durable objects outlive their system; tests and benchmarks that made a namespace of
 * their own remove it with this.
 */
export async function deleteRabbitMqNamespace(
  url: string,
  namespace: string,
  groups: readonly string[],
): Promise<void> {
  const connection = await connect(url);
  try {
    const channel = await connection.createChannel();
    const names = rabbitMqNames(namespace);
    for (const group of groups) for (const queue of names.queues(group)) await channel.deleteQueue(queue);
    await channel.deleteExchange(names.exchange);
  } finally {
    await connection.close();
  }
}

/**
 * Transport on RabbitMQ: one durable topic exchange; one durable queue per consumer group, bound to its
 * topics (consumers of a group compete for it); publisher confirms; manual acks with a prefetch.
 * A failed message is republished to the group's retry queue with a per-message TTL (the backoff), whose
 * dead-letter route leads back to the group's queue; after the last attempt it goes to the `.dead` queue.
 * The connection recovers with backoff after a broker restart, and consumers re-subscribe.
 */
export async function rabbitMqTransport(
  url: string,
  transportOptions: { metrics?: MessagingMetrics; namespace?: string } = {},
): Promise<Transport> {
  const names = rabbitMqNames(transportOptions.namespace);
  const EXCHANGE = names.exchange;
  const mainQueue = (group: string) => names.queues(group)[0]!;
  const retryQueue = (group: string) => names.queues(group)[1]!;
  const deadQueue = (group: string) => names.queues(group)[2]!;
  const model: RecoveringChannelModel = await connect(url, {
    recovery: { initialMaxRetries: 3, maxDelay: 5_000 },
    // Small frames (an ack, a confirm) must not wait for Nagle and delayed ACKs: ~40 ms per hop otherwise.
    noDelay: true,
  });
  model.on('error', () => {}); // recovery handles it; without a listener an error event would crash the process
  let publishChannel: Promise<ConfirmChannel> | undefined;
  const resubscribers = new Set<() => Promise<void>>();

  async function channelForPublishing(): Promise<ConfirmChannel> {
    publishChannel ??= model.createConfirmChannel().then(async (channel) => {
      channel.on('error', () => {});
      channel.on('close', () => {
        publishChannel = undefined;
      });
      await channel.assertExchange(EXCHANGE, 'topic', { durable: true });
      return channel;
    });
    try {
      return await publishChannel;
    } catch (error) {
      publishChannel = undefined;
      throw error;
    }
  }

  model.on('connect', () => {
    publishChannel = undefined;
    for (const resubscribe of resubscribers) void resubscribe().catch(() => {});
  });

  // Declarations must match exactly each time a queue is asserted, or the broker closes the channel.
  const queueOptions = (group: string, queue: string) =>
    queue === retryQueue(group)
      ? { durable: true, deadLetterExchange: '', deadLetterRoutingKey: mainQueue(group) }
      : { durable: true };

  async function declareGroup(channel: Channel, group: string, topics: readonly string[]) {
    await channel.assertExchange(EXCHANGE, 'topic', { durable: true });
    for (const queue of names.queues(group)) await channel.assertQueue(queue, queueOptions(group, queue));
    for (const topic of topics) await channel.bindQueue(mainQueue(group), EXCHANGE, topic);
  }

  /** Runs `use` on the dead-letter queue's messages, then requeues those it did not take. */
  async function withDeadLetters<T>(
    group: string,
    use: (channel: ConfirmChannel, messages: Message[]) => Promise<T>,
  ): Promise<T> {
    const channel = await model.createConfirmChannel();
    channel.on('error', () => {});
    try {
      await channel.assertQueue(deadQueue(group), { durable: true });
      const messages: Message[] = [];
      for (
        let message = await channel.get(deadQueue(group));
        message;
        message = await channel.get(deadQueue(group))
      ) {
        messages.push(message);
        if (messages.length >= 1_000) break;
      }
      return await use(channel, messages);
    } finally {
      await channel.close().catch(() => {}); // unacknowledged messages return to the queue
    }
  }

  const toDeadLetter = (group: string, message: Message): DeadLetter => {
    const headers = message.properties.headers ?? {};
    return {
      id: String(message.properties.messageId),
      group,
      topic: String(headers['x-topic'] ?? message.fields.routingKey),
      envelope: JSON.parse(message.content.toString('utf8')) as Envelope,
      attempts: Number(headers['x-attempts'] ?? 0),
      lastError: String(headers['x-last-error'] ?? ''),
      deadAt: new Date(String(headers['x-dead-at'] ?? 0)),
    };
  };

  return {
    name: 'rabbitmq',

    async declare(subscriptions) {
      const channel = await model.createChannel();
      channel.on('error', () => {});
      try {
        for (const { group, topics } of subscriptions) await declareGroup(channel, group, topics);
      } finally {
        await channel.close().catch(() => {});
      }
    },

    async publish(messages: readonly OutgoingMessage[]) {
      const channel = await channelForPublishing();
      // Each message's own confirm: waitForConfirms would also wait for batches published after this one.
      await Promise.all(
        messages.map(
          (message) =>
            new Promise<void>((resolve, reject) => {
              channel.publish(
                EXCHANGE,
                message.topic,
                Buffer.from(JSON.stringify(message.envelope)),
                // No headers: the routing key is the topic (retries and dead letters carry it as x-topic),
                // and every header is a table both client and broker encode and decode per message.
                {
                  persistent: true,
                  messageId: message.envelope.id,
                  contentType: 'application/cloudevents+json',
                },
                (error) =>
                  error ? reject(error instanceof Error ? error : new Error(String(error))) : resolve(),
              );
            }),
        ),
      );
      for (const message of messages)
        transportOptions.metrics?.published.inc({ transport: 'rabbitmq', topic: message.topic });
    },

    async consume(options: ConsumerOptions): Promise<Consumer> {
      const retry = options.retry ?? DEFAULT_RETRY;
      const maxBatch = options.maxBatch ?? 50;
      const concurrency = options.concurrency ?? 1;
      const labels = { transport: 'rabbitmq', group: options.group };
      const count = (name: 'delivered' | 'handled' | 'retried' | 'deadLettered', n = 1) => {
        if (n > 0) transportOptions.metrics?.[name].inc(labels, n);
      };
      let channel: ConfirmChannel | undefined;
      let stopped = false;
      // Messages the broker has pushed (up to the prefetch) and no batch has taken yet.
      let waiting: { channel: ConfirmChannel; message: ConsumeMessage }[] = [];
      let busy = 0;
      const inFlight = new Set<Promise<void>>();

      const reason = (error: Error) => failureOf(error, 0, retry).reason;

      async function handleBatch(batch: { channel: ConfirmChannel; message: ConsumeMessage }[]) {
        count('delivered', batch.length);
        const incoming: { entry: (typeof batch)[number]; message: IncomingMessage }[] = [];
        const failures: { entry: (typeof batch)[number]; attempt: number; topic: string; error: Error }[] =
          [];
        for (const entry of batch) {
          const headers = entry.message.properties.headers ?? {};
          const attempt = Number(headers['x-attempt'] ?? 1);
          const topic = String(headers['x-topic'] ?? entry.message.fields.routingKey);
          let envelope: unknown;
          try {
            envelope = JSON.parse(entry.message.content.toString('utf8'));
          } catch {
            envelope = undefined;
          }
          if (isEnvelope(envelope)) incoming.push({ entry, message: { topic, envelope, attempt } });
          else
            failures.push({
              entry,
              attempt,
              topic,
              error: new PoisonMessageError('not a CloudEvents envelope'),
            });
        }
        const results =
          incoming.length > 0
            ? await handleMessages(
                options,
                incoming.map((item) => item.message),
              )
            : [];
        results.forEach((error, index) => {
          const { entry, message } = incoming[index]!;
          if (error) failures.push({ entry, attempt: message.attempt, topic: message.topic, error });
        });
        count('handled', results.filter((error) => error === undefined).length);
        const confirming = new Set<ConfirmChannel>();
        for (const { entry, attempt, topic, error } of failures) {
          const { dead } = failureOf(error, attempt, retry);
          count(dead ? 'deadLettered' : 'retried');
          const common = {
            persistent: true,
            messageId: entry.message.properties.messageId,
            contentType: entry.message.properties.contentType,
          };
          if (dead) {
            entry.channel.sendToQueue(deadQueue(options.group), entry.message.content, {
              ...common,
              headers: {
                'x-topic': topic,
                'x-attempts': attempt,
                'x-last-error': reason(error),
                'x-dead-at': new Date().toISOString(),
              },
            });
          } else {
            entry.channel.sendToQueue(retryQueue(options.group), entry.message.content, {
              ...common,
              expiration: String(Math.max(1, backoffMs(retry, attempt))),
              headers: { 'x-topic': topic, 'x-attempt': attempt + 1, 'x-last-error': reason(error) },
            });
          }
          confirming.add(entry.channel);
        }
        // The retry or dead-letter copy is safely on the broker before its original is acknowledged.
        for (const current of confirming) await current.waitForConfirms();
        for (const entry of batch) entry.channel.ack(entry.message);
      }

      function pump(): void {
        while (!stopped && busy < concurrency && waiting.length > 0) {
          const batch = waiting.splice(0, maxBatch);
          busy++;
          const handling = handleBatch(batch)
            .catch(() => {
              // The channel closed mid-batch (broker restart): the broker redelivers what was not acked.
            })
            .finally(() => {
              busy--;
              inFlight.delete(handling);
              pump();
            });
          inFlight.add(handling);
        }
      }

      async function subscribe() {
        if (stopped) return;
        const current = await model.createConfirmChannel();
        current.on('error', () => {});
        await declareGroup(current, options.group, options.topics);
        await current.prefetch(maxBatch * concurrency);
        // What the old channel had pushed comes again on this one.
        waiting = waiting.filter((entry) => entry.channel !== channel);
        await current.consume(mainQueue(options.group), (message) => {
          if (!message) return;
          waiting.push({ channel: current, message });
          // Let the messages that arrive together join one batch before it starts.
          if (busy < concurrency) queueMicrotask(pump);
        });
        channel = current;
      }

      await subscribe();
      resubscribers.add(subscribe);
      return {
        async stop() {
          stopped = true;
          resubscribers.delete(subscribe);
          await Promise.all(inFlight);
          await channel?.close().catch(() => {});
        },
      };
    },

    async deliverTo(group, messages) {
      const channel = await channelForPublishing();
      // Straight into the group's queue through the default exchange: the topic exchange (and so every
      // other group) is not involved.
      for (const message of messages) {
        channel.sendToQueue(mainQueue(group), Buffer.from(JSON.stringify(message.envelope)), {
          persistent: true,
          messageId: message.envelope.id,
          contentType: 'application/cloudevents+json',
          headers: { 'x-topic': message.topic, 'x-replayed': true },
        });
      }
      await channel.waitForConfirms();
    },

    async backlog(group) {
      const channel = await model.createChannel();
      channel.on('error', () => {});
      try {
        // Retries wait in the retry queue; they are still the group's backlog.
        const counts = await Promise.all(
          names
            .queues(group)
            .map(
              async (queue) => (await channel.assertQueue(queue, queueOptions(group, queue))).messageCount,
            ),
        );
        return { waiting: counts[0]! + counts[1]!, dead: counts[2]! };
      } finally {
        await channel.close().catch(() => {});
      }
    },

    deadLetters: (group, { limit = 100 } = {}) =>
      withDeadLetters(group, async (_channel, messages) =>
        messages.slice(0, limit).map((m) => toDeadLetter(group, m)),
      ),

    redrive: (group, id) =>
      withDeadLetters(group, async (channel, messages) => {
        const found = messages.find((message) => String(message.properties.messageId) === id);
        if (!found) return false;
        const headers = found.properties.headers ?? {};
        channel.sendToQueue(mainQueue(group), found.content, {
          persistent: true,
          messageId: found.properties.messageId,
          contentType: found.properties.contentType,
          headers: { 'x-topic': headers['x-topic'], 'x-attempt': 1 },
        });
        await channel.waitForConfirms();
        channel.ack(found);
        return true;
      }),

    discard: (group, id) =>
      withDeadLetters(group, async (channel, messages) => {
        const found = messages.find((message) => String(message.properties.messageId) === id);
        if (!found) return false;
        channel.ack(found);
        return true;
      }),

    async close() {
      resubscribers.clear();
      await model.close().catch(() => {});
    },
  };
}
