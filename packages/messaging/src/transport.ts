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

interface ConsumerBase {
  /** Consumers of one group share the work; every group gets every message of its topics. */
  group: string;
  topics: readonly string[];
  retry?: RetryPolicy;
  /** Batches handled at once by this consumer. */
  concurrency?: number;
  /** The most messages handed over at once (default 50); fewer when fewer are waiting. */
  maxBatch?: number;
}

/** A consumer that takes one message at a time; a batch's messages are handed to it in order. */
export interface SingleMessageConsumer extends ConsumerBase {
  handle(message: IncomingMessage): Promise<void>;
  handleBatch?: never;
}

/**
 * A consumer that takes what is waiting together (one transaction for many messages). It answers, for
 * each message in order, `undefined` when handled or the error it failed with: failed ones are retried
 * or dead-lettered one by one, the others acknowledged. A rejection fails the whole batch.
 */
export interface BatchConsumer extends ConsumerBase {
  handleBatch(messages: readonly IncomingMessage[]): Promise<readonly (Error | undefined)[]>;
  handle?: never;
}

export type ConsumerOptions = SingleMessageConsumer | BatchConsumer;

/** Hands a batch to either kind of consumer; the result has one entry per message. */
export async function handleMessages(
  options: ConsumerOptions,
  messages: readonly IncomingMessage[],
): Promise<readonly (Error | undefined)[]> {
  if (options.handleBatch) {
    try {
      const results = await options.handleBatch(messages);
      if (results.length !== messages.length)
        throw new Error(`handleBatch answered ${results.length} results for ${messages.length} messages`);
      return results;
    } catch (error) {
      const failure = error instanceof Error ? error : new Error(String(error));
      return messages.map(() => failure);
    }
  }
  const results: (Error | undefined)[] = [];
  for (const message of messages) {
    try {
      await options.handle(message);
      results.push(undefined);
    } catch (error) {
      results.push(error instanceof Error ? error : new Error(String(error)));
    }
  }
  return results;
}

/** What a failure becomes: the text kept with the message, and whether it is dead now. */
export function failureOf(error: Error, attempt: number, retry: RetryPolicy) {
  return {
    reason: `${error.name}: ${error.message}`.slice(0, 2000),
    dead: error instanceof PoisonMessageError || attempt >= retry.maxAttempts,
  };
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
