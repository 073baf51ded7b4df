import { randomUUID } from 'node:crypto';

/**
 * A CloudEvents 1.0 event in structured JSON mode. `traceparent` is the W3C trace context carried as an
 * extension attribute (CloudEvents distributed-tracing extension).
 */
export interface Envelope<Data = unknown> {
  specversion: '1.0';
  id: string;
  source: string;
  type: string;
  time: string;
  subject?: string;
  datacontenttype: 'application/json';
  data: Data;
  traceparent?: string;
  [extension: string]: unknown;
}

export function createEnvelope<Data>(fields: {
  type: string;
  source: string;
  data: Data;
  subject?: string;
  id?: string;
  time?: Date;
  traceparent?: string;
}): Envelope<Data> {
  return {
    specversion: '1.0',
    id: fields.id ?? randomUUID(),
    source: fields.source,
    type: fields.type,
    time: (fields.time ?? new Date()).toISOString(),
    ...(fields.subject === undefined ? {} : { subject: fields.subject }),
    datacontenttype: 'application/json',
    data: fields.data,
    ...(fields.traceparent === undefined ? {} : { traceparent: fields.traceparent }),
  };
}

const REQUIRED = ['specversion', 'id', 'source', 'type'] as const;

/** Structural check of what arrives from a transport; a message that fails it is poison, not retried. */
export function isEnvelope(value: unknown): value is Envelope {
  if (!value || typeof value !== 'object') return false;
  const record = value as Record<string, unknown>;
  return (
    record.specversion === '1.0' &&
    REQUIRED.every((key) => typeof record[key] === 'string' && record[key] !== '')
  );
}
