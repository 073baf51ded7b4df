import type { Envelope } from './envelope.js';

export interface OutgoingMessage {
  topic: string;
  /** Messages with one key are related (one order's events); transports may use it to keep their order. */
  partitionKey?: string;
  envelope: Envelope;
}

export interface IncomingMessage {
  topic: string;
  envelope: Envelope;
  /** 1 on the first delivery. */
  attempt: number;
}

export interface RetryPolicy {
  /** Deliveries before the message becomes a dead letter. */
  maxAttempts: number;
  /** Backoff before attempt n+1 is `min(maxDelayMs, baseDelayMs · 2^(n-1))`, with full jitter. */
  baseDelayMs: number;
  maxDelayMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { maxAttempts: 5, baseDelayMs: 200, maxDelayMs: 30_000 };

export interface ConsumerOptions {
  /** Consumers of one group share the work; every group gets every message of its topics. */
  group: string;
  topics: readonly string[];
  handle(message: IncomingMessage): Promise<void>;
  retry?: RetryPolicy;
  /** Messages handled at once by this consumer. */
  concurrency?: number;
}

/** A consumer group and the topics it receives. */
export interface Subscription {
  group: string;
  topics: readonly string[];
}

export interface Consumer {
  stop(): Promise<void>;
}

export interface DeadLetter {
  id: string;
  group: string;
  topic: string;
  envelope: Envelope;
  attempts: number;
  lastError: string;
  deadAt: Date;
}

/** What every transport does; one behaviour suite runs against each implementation. */
export interface Transport {
  readonly name: string;
  /**
   * Creates the groups' durable subscriptions ahead of their consumers (idempotent): messages published
   * before a group's first consumer ever started then wait for it instead of reaching no one.
   */
  declare(subscriptions: readonly Subscription[]): Promise<void>;
  publish(messages: readonly OutgoingMessage[]): Promise<void>;
  consume(options: ConsumerOptions): Promise<Consumer>;
  /**
   * Delivers messages to one consumer group only (replay): other groups of the same topics see nothing.
   * The group's consumers handle them again; their inboxes decide whether effects repeat.
   */
  deliverTo(group: string, messages: readonly OutgoingMessage[]): Promise<void>;
  /** Consumer lag: messages waiting for the group (ready, including scheduled retries) and its dead letters. */
  backlog(group: string): Promise<{ waiting: number; dead: number }>;
  deadLetters(group: string, options?: { limit?: number }): Promise<DeadLetter[]>;
  /** Puts a dead letter back for delivery (after the cause was fixed). */
  redrive(group: string, deadLetterId: string): Promise<boolean>;
  discard(group: string, deadLetterId: string): Promise<boolean>;
  close(): Promise<void>;
}

/** Full-jitter exponential backoff (AWS Architecture Blog): spreads retries of many consumers apart. */
export function backoffMs(policy: RetryPolicy, attempt: number, random = Math.random): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(random() * ceiling);
}

/**
 * A message that can never be handled (not an envelope, or data that fails its schema): transports put it
 * in the dead letters at once instead of retrying. Handlers may throw it too.
 */
export class PoisonMessageError extends Error {
  override readonly name = 'PoisonMessageError';
}
