import { FormatRegistry, type TSchema } from '@sinclair/typebox';
import { TypeCompiler } from '@sinclair/typebox/compiler';
import type { Envelope } from './envelope.js';

// TypeBox checks only formats it has been taught; these are the ones event payloads use.
const FORMATS: Record<string, (value: string) => boolean> = {
  uuid: (value) => /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value),
  'date-time': (value) => !Number.isNaN(Date.parse(value)) && /^\d{4}-\d{2}-\d{2}T/.test(value),
  email: (value) => /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(value),
};
for (const [name, check] of Object.entries(FORMATS))
  if (!FormatRegistry.Has(name)) FormatRegistry.Set(name, check);

export interface EventTypeDefinition {
  /** CloudEvents `type`, e.g. `identity.user-registered`. */
  type: string;
  /** The topic it is published on. */
  topic: string;
  /** The service that publishes it (CloudEvents `source` is `/bazaar/<service>`). */
  publisher: string;
  description: string;
  /** JSON Schema of `data`. */
  data: TSchema;
}

export class InvalidEventError extends Error {
  override readonly name = 'InvalidEventError';
}

/**
 * The event types of the system with a schema each: publishers validate before enqueueing, consumers
 * before handling (a payload that fails is poison, not retried), and the AsyncAPI document is generated
 * from the same list.
 */
export function eventCatalog(definitions: readonly EventTypeDefinition[]) {
  const byType = new Map(definitions.map((definition) => [definition.type, definition]));
  if (byType.size !== definitions.length) throw new Error('event types must be unique');
  // Compiled once: every published and every consumed event is checked, so checking must be cheap.
  const checks = new Map(
    definitions.map((definition) => [definition.type, TypeCompiler.Compile(definition.data)]),
  );

  return {
    definitions,
    get: (type: string) => byType.get(type),

    /** Throws InvalidEventError when the type is unknown or `data` does not match its schema. */
    validate(envelope: Envelope): void {
      const check = checks.get(envelope.type);
      if (!check) throw new InvalidEventError(`unknown event type '${envelope.type}'`);
      if (check.Check(envelope.data)) return;
      const first = check.Errors(envelope.data).First();
      throw new InvalidEventError(
        `${envelope.type} data${first?.path || '/'}: ${first?.message ?? 'invalid'}`,
      );
    },

    /**
     * AsyncAPI 3.0: one channel per topic, one message per event type with its schema, a send operation per
     * publisher and a receive operation per consumer group.
     */
    asyncApi(
      info: { title: string; version: string; description?: string },
      subscriptions: readonly { group: string; topics: readonly string[] }[] = [],
    ) {
      const channels: Record<string, { address: string; messages: Record<string, { $ref: string }> }> = {};
      const messages: Record<string, unknown> = {};
      const operations: Record<string, unknown> = {};
      for (const definition of definitions) {
        const name = definition.type.replace(/[^A-Za-z0-9]+/g, '_');
        const channel = definition.topic.replace(/[^A-Za-z0-9]+/g, '_');
        channels[channel] ??= { address: definition.topic, messages: {} };
        channels[channel].messages[name] = { $ref: `#/components/messages/${name}` };
        messages[name] = {
          name: definition.type,
          title: definition.type,
          summary: definition.description,
          contentType: 'application/cloudevents+json',
          payload: {
            type: 'object',
            required: ['specversion', 'id', 'source', 'type', 'time', 'data'],
            properties: {
              specversion: { const: '1.0' },
              id: { type: 'string' },
              source: { const: `/bazaar/${definition.publisher}` },
              type: { const: definition.type },
              time: { type: 'string', format: 'date-time' },
              subject: { type: 'string' },
              traceparent: { type: 'string', description: 'W3C trace context' },
              data: definition.data,
            },
          },
        };
        operations[`publish_${name}`] = {
          action: 'send',
          channel: { $ref: `#/channels/${channel}` },
          messages: [{ $ref: `#/channels/${channel}/messages/${name}` }],
          summary: `${definition.publisher} publishes ${definition.type}`,
        };
      }
      for (const { group, topics } of subscriptions) {
        for (const topic of topics) {
          const channel = topic.replace(/[^A-Za-z0-9]+/g, '_');
          if (!channels[channel]) continue;
          operations[`receive_${group.replace(/[^A-Za-z0-9]+/g, '_')}_${channel}`] = {
            action: 'receive',
            channel: { $ref: `#/channels/${channel}` },
            summary: `consumer group ${group} receives ${topic}`,
          };
        }
      }
      return {
        asyncapi: '3.0.0',
        info,
        defaultContentType: 'application/cloudevents+json',
        channels,
        operations,
        components: { messages },
      };
    },
  };
}

export type EventCatalog = ReturnType<typeof eventCatalog>;
