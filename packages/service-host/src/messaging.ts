import { setTimeout as sleep } from 'node:timers/promises';
import {
  type Consumer,
  createEnvelope,
  type Envelope,
  type EventCatalog,
  enqueue,
  handleBatchOnce,
  type IncomingMessage,
  InvalidEventError,
  type MessagingMetrics,
  messagingMetrics,
  type OutboxRelay,
  PoisonMessageError,
  type RetryPolicy,
  type Subscription,
  startOutboxRelay,
  type Transport,
} from '@bazaar/messaging';
import type { Pool } from '@bazaar/postgres';
import {
  type Context,
  context,
  contextFromTraceparent,
  currentTracer,
  inSpan,
  ORDER_ID_ATTRIBUTE,
  recordFailure,
  type Span,
  SpanKind,
  trace,
  traceparentOf,
} from '@bazaar/tracing';
import type { FastifyBaseLogger } from 'fastify';
import type postgres from 'postgres';
import { Gauge, type Registry } from 'prom-client';
import type { FaultInjector } from './faults.js';

/** `bazaar.order_id` for events and commands about an order (they carry `orderId`), else nothing. */
function orderIdAttribute(data: unknown): Record<string, string> {
  const orderId = (data as { orderId?: unknown } | null)?.orderId;
  return typeof orderId === 'string' ? { [ORDER_ID_ATTRIBUTE]: orderId } : {};
}

/**
 * A consumer span per message the group handles, each in the trace of its envelope's `traceparent`
 * (a child of the outbox write that produced it); skipped types get none.
 */
function consumerSpans(
  group: string,
  types: readonly string[],
  messages: readonly IncomingMessage[],
  base: Context,
): (Span | undefined)[] {
  const tracer = currentTracer(base);
  return messages.map(({ envelope, attempt }) =>
    types.includes(envelope.type)
      ? tracer.startSpan(
          `process ${envelope.type}`,
          {
            kind: SpanKind.CONSUMER,
            attributes: {
              'messaging.operation.type': 'process',
              'messaging.consumer.group.name': group,
              'messaging.message.id': envelope.id,
              'messaging.batch.message_count': messages.length,
              'cloudevents.event_type': envelope.type,
              'bazaar.delivery_attempt': attempt,
              ...orderIdAttribute(envelope.data),
            },
          },
          contextFromTraceparent(envelope.traceparent, base),
        )
      : undefined,
  );
}

/** An event a service announces; its topic and schema come from the event catalogue. */
export interface PublishedEvent {
  type: string;
  data: unknown;
  /** CloudEvents `subject`: the id of the thing the event is about. */
  subject?: string;
  /** Events with one key keep their order (defaults to the subject). */
  partitionKey?: string;
}

interface EventConsumerBase {
  name: string;
  /** Event types it handles; other events on the same topics are acknowledged and skipped. */
  types: readonly string[];
  retry?: RetryPolicy;
  /** Batches handled at once (default 1). Consumers that lock shared rows keep it at 1 per instance. */
  concurrency?: number;
  /** The most events handled in one transaction (default 50). */
  maxBatch?: number;
}

/**
 * A consumer of this service: its group is `<service>.<name>`. Waiting events are handled together, in
 * one transaction that also records them as handled (inbox), so effect and record commit together; when
 * that transaction fails, each event is handled again in a transaction of its own, so one bad event is
 * retried alone and the others commit.
 */
export type EventConsumer = EventConsumerBase &
  (
    | {
        /** Handles one event; called for each event of a batch in order, inside the batch's transaction. */
        handle(event: Envelope, tx: postgres.TransactionSql): Promise<void>;
        handleBatch?: never;
      }
    | {
        /** Handles the events of a batch at once (set-based SQL), inside the batch's transaction. */
        handleBatch(events: readonly Envelope[], tx: postgres.TransactionSql): Promise<void>;
        handle?: never;
      }
  );

export interface ServiceMessaging {
  /** Writes events to the service's outbox in the caller's transaction; the relay publishes them after commit. */
  publish(tx: postgres.TransactionSql, events: readonly PublishedEvent[]): Promise<void>;
  /** Declares a consumer; the host starts it once the service has started and stops it first on shutdown. */
  subscribe(consumer: EventConsumer): void;
}

/** What a service declares to take part in messaging: the system's events and its subscriptions. */
export interface MessagingContract {
  events: EventCatalog;
  /** Every consumer group of the system with its topics; declared with the transport at start. */
  subscriptions: readonly Subscription[];
}

export interface ConsumerGroup {
  group: string;
  topics: readonly string[];
  consumer: EventConsumer;
}

/** The messaging side of one running service: outbox relay, consumers, lag metrics. */
export interface MessagingRuntime extends ServiceMessaging {
  readonly contract: MessagingContract;
  readonly groups: readonly ConsumerGroup[];
  /** Undefined until started with a transport (a service started without one only fills its outbox). */
  readonly transport: Transport | undefined;
  /** Topics this service publishes, from the catalogue. */
  readonly publishedTopics: readonly string[];
  start(connect: (metrics: MessagingMetrics) => Promise<Transport>): Promise<void>;
  /** Resolves once the outbox is published (tests). */
  drained(): Promise<void>;
  stop(): Promise<void>;
}

export function createServiceMessaging(options: {
  service: string;
  db: Pool;
  contract: MessagingContract;
  log: FastifyBaseLogger;
  metrics: Registry;
  /** Injected faults for the handlers (FAULTS_ENABLED); undefined leaves them untouched. */
  faults?: FaultInjector | undefined;
}): MessagingRuntime {
  const { service, db, contract, log, faults } = options;
  const source = `/bazaar/${service}`;
  const groups: ConsumerGroup[] = [];
  let transport: Transport | undefined;
  let relay: OutboxRelay | undefined;
  let consumers: Consumer[] = [];
  let started = false;

  function toEnvelope(event: PublishedEvent, traceparent: string | undefined) {
    const definition = contract.events.get(event.type);
    if (!definition) throw new InvalidEventError(`unknown event type '${event.type}'`);
    if (definition.publisher !== service)
      throw new InvalidEventError(`${event.type} is published by ${definition.publisher}, not ${service}`);
    const envelope = createEnvelope({
      type: event.type,
      source,
      data: event.data,
      ...(event.subject === undefined ? {} : { subject: event.subject }),
      ...(traceparent === undefined ? {} : { traceparent }),
    });
    contract.events.validate(envelope);
    const partitionKey = event.partitionKey ?? event.subject;
    return { topic: definition.topic, envelope, ...(partitionKey ? { partitionKey } : {}) };
  }

  function batchHandlerFor({ group, consumer }: ConsumerGroup) {
    const apply = async (tx: postgres.TransactionSql, messages: readonly IncomingMessage[]) => {
      if (consumer.handleBatch)
        await consumer.handleBatch(
          messages.map((m) => m.envelope),
          tx,
        );
      else for (const message of messages) await consumer.handle(message.envelope, tx);
    };
    const logFailure = (error: unknown, message: IncomingMessage) =>
      log.warn(
        { err: error, group, eventType: message.envelope.type, eventId: message.envelope.id },
        `handling failed (attempt ${message.attempt})`,
      );

    return async (messages: readonly IncomingMessage[]): Promise<(Error | undefined)[]> => {
      const base = context.active();
      const spans = consumerSpans(group, consumer.types, messages, base);
      // The batch's work (its transaction, the handler's calls) runs in its first handled message's span.
      const first = spans.find((span) => span !== undefined);
      const inSpanOf = (index: number) => {
        const span = spans[index] ?? first;
        return span ? trace.setSpan(base, span) : base;
      };
      try {
        const results = await handleMessages(messages, inSpanOf);
        results.forEach((error, index) => {
          const span = spans[index];
          if (error && span) recordFailure(span, error);
        });
        return results;
      } catch (error) {
        for (const span of spans) if (span) recordFailure(span, error);
        throw error;
      } finally {
        for (const span of spans) span?.end();
      }
    };

    async function handleMessages(
      messages: readonly IncomingMessage[],
      inSpanOf: (index: number) => Context,
    ): Promise<(Error | undefined)[]> {
      const results: (Error | undefined)[] = messages.map(() => undefined);
      let wanted: number[] = [];
      messages.forEach((message, index) => {
        if (!consumer.types.includes(message.envelope.type)) return;
        try {
          contract.events.validate(message.envelope);
          wanted.push(index);
        } catch (error) {
          results[index] =
            error instanceof InvalidEventError
              ? new PoisonMessageError(error.message)
              : error instanceof Error
                ? error
                : new Error(String(error));
        }
      });
      if (faults) wanted = await injectFaults(faults, wanted, results);
      if (wanted.length === 0) return results;
      try {
        await context.with(inSpanOf(wanted[0]!), () =>
          handleBatchOnce(
            db,
            group,
            wanted.map((index) => messages[index]!),
            apply,
          ),
        );
        return results;
      } catch (error) {
        if (wanted.length === 1) {
          logFailure(error, messages[wanted[0]!]!);
          results[wanted[0]!] = error instanceof Error ? error : new Error(String(error));
          return results;
        }
      }
      // The batch failed as a whole: each message on its own, so only the one at fault is retried.
      for (const index of wanted) {
        const message = messages[index]!;
        try {
          await context.with(inSpanOf(index), () => handleBatchOnce(db, group, [message], apply));
        } catch (error) {
          logFailure(error, message);
          results[index] = error instanceof Error ? error : new Error(String(error));
        }
      }
      return results;
    }
  }

  /**
   * Under an injected fault the handler is slow or fails before it runs: a failed message is answered with
   * its error like any handler failure, so the transport retries it with backoff and dead-letters it in the
   * end, and no transaction is opened for it. Returns the messages still to handle.
   */
  async function injectFaults(
    injector: FaultInjector,
    wanted: readonly number[],
    results: (Error | undefined)[],
  ): Promise<number[]> {
    const decision = injector.messages(wanted.length);
    if (!decision) return [...wanted];
    if (decision.delayMs > 0) await sleep(decision.delayMs);
    return wanted.filter((index, position) => {
      const failure = decision.failures[position];
      if (failure) results[index] = failure;
      return !failure;
    });
  }

  function registerLagMetrics(registry: Registry, current: Transport) {
    const backlogGauge = (name: string, help: string, pick: 'waiting' | 'dead') =>
      new Gauge({
        name,
        help,
        labelNames: ['group'],
        registers: [registry],
        async collect() {
          this.reset();
          for (const { group } of groups) {
            const backlog = await current.backlog(group).catch(() => undefined);
            if (backlog) this.set({ group }, backlog[pick]);
          }
        },
      });
    backlogGauge(
      'messaging_consumer_lag',
      'Messages waiting for the consumer group (incl. retries)',
      'waiting',
    );
    backlogGauge('messaging_dead_letters', 'Dead letters of the consumer group', 'dead');
    new Gauge({
      name: 'messaging_outbox_pending',
      help: 'Outbox messages not yet published',
      registers: [registry],
      async collect() {
        const [row] = await db<{ pending: number }[]>`
          SELECT count(*)::int AS pending FROM outbox WHERE published_at IS NULL`.catch(() => []);
        if (row) this.set(row.pending);
      },
    });
  }

  return {
    contract,
    groups,
    get transport() {
      return transport;
    },
    publishedTopics: [
      ...new Set(contract.events.definitions.filter((d) => d.publisher === service).map((d) => d.topic)),
    ],

    // A span for the outbox write; each envelope carries its traceparent, so the relay's publish and every
    // consumer's handling join the trace of the change that caused the events.
    async publish(tx, events) {
      if (events.length === 0) return;
      await inSpan(
        'outbox write',
        {
          kind: SpanKind.PRODUCER,
          attributes: {
            'messaging.operation.type': 'create',
            'messaging.batch.message_count': events.length,
            'cloudevents.event_type': [...new Set(events.map((event) => event.type))].join(','),
            ...orderIdAttribute(events[0]!.data),
          },
        },
        async () => {
          const traceparent = traceparentOf();
          await enqueue(
            tx,
            events.map((event) => toEnvelope(event, traceparent)),
          );
        },
      );
    },

    subscribe(consumer) {
      if (started) throw new Error(`${service}: subscribe during start(), before the service runs`);
      if (!/^[a-z][a-z0-9-]*$/.test(consumer.name))
        throw new Error(`consumer name '${consumer.name}' must be lower-case letters, digits and dashes`);
      const topics = new Set<string>();
      for (const type of consumer.types) {
        const definition = contract.events.get(type);
        if (!definition) throw new Error(`${service}.${consumer.name}: unknown event type '${type}'`);
        topics.add(definition.topic);
      }
      groups.push({ group: `${service}.${consumer.name}`, topics: [...topics], consumer });
    },

    async start(connect) {
      started = true;
      transport = await connect(messagingMetrics(options.metrics));
      try {
        await transport.declare([...contract.subscriptions, ...groups]);
        relay = await startOutboxRelay(db, transport, {
          onError: (error) => log.warn({ err: error }, 'outbox relay: publishing failed; retrying'),
        });
        for (const entry of groups) {
          consumers.push(
            await transport.consume({
              group: entry.group,
              topics: entry.topics,
              handleBatch: batchHandlerFor(entry),
              ...(entry.consumer.retry ? { retry: entry.consumer.retry } : {}),
              ...(entry.consumer.concurrency ? { concurrency: entry.consumer.concurrency } : {}),
              ...(entry.consumer.maxBatch ? { maxBatch: entry.consumer.maxBatch } : {}),
            }),
          );
        }
        registerLagMetrics(options.metrics, transport);
      } catch (error) {
        await this.stop();
        throw error;
      }
    },

    drained: () => relay?.drained() ?? Promise.resolve(),

    async stop() {
      started = true;
      await Promise.all(consumers.map((consumer) => consumer.stop()));
      consumers = [];
      await relay?.stop();
      relay = undefined;
      await transport?.close();
    },
  };
}
