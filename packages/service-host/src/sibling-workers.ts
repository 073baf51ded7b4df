import cluster from 'node:cluster';

/**
 * "Ask my sibling workers": node:cluster workers that share one port each hold state of their own in memory
 * (recent spans, counters), and a request reaches only one of them. A worker asks a named question; the
 * primary (see sibling-relay.ts) relays it to every other worker that answers questions and sends the
 * answers that arrived within the timeout back. Payloads and answers travel as JSON over the IPC channel.
 */

/**
 * A question siblings can be asked: its name, and the shapes of what is asked and answered. Both must be
 * JSON values (they cross the IPC channel serialized; dates become strings, undefined fields vanish).
 */
export interface SiblingQuestion<Payload, Answer> {
  readonly name: string;
  /** Never set: carries the payload and answer types from the definition to ask() and answer(). */
  readonly types?: { payload: Payload; answer: Answer };
}

export const siblingQuestion = <Payload, Answer>(name: string): SiblingQuestion<Payload, Answer> => ({
  name,
});

/** What the siblings said: the answers that arrived in time, and which siblings gave none and why. */
export interface SiblingAnswers<Answer> {
  answers: { worker: number; answer: Answer }[];
  /** By process id: did not answer in time, exited meanwhile, has no answerer for it, or its answerer threw. */
  missing: { worker: number; reason: string }[];
}

export type SiblingAnswerer<Payload, Answer> = (payload: Payload) => Answer | Promise<Answer>;

export interface SiblingWorkers {
  /**
   * Asks every other live worker; resolves once all answered or `timeoutMs` (default 1 s) passed, with the
   * late ones in `missing`. Rejects (SiblingRelayError) only when the primary itself does not reply.
   */
  ask<Payload, Answer>(
    question: SiblingQuestion<Payload, Answer>,
    payload: Payload,
    options?: { timeoutMs?: number },
  ): Promise<SiblingAnswers<Answer>>;
  /** Answers `question` when a sibling asks it (a later registration for the same name replaces this one). */
  answer<Payload, Answer>(
    question: SiblingQuestion<Payload, Answer>,
    answerer: SiblingAnswerer<Payload, Answer>,
  ): void;
}

export class SiblingRelayError extends Error {
  override readonly name = 'SiblingRelayError';
}

// The wire format, shared with the primary's relay. Every message carries `channel`, so neither side takes
// another user's IPC message (the cluster supervisor's instances use the channel to notice a lost parent)
// for one of these, and node:cluster's own messages travel apart ('internalMessage').
export const SIBLING_CHANNEL = 'bazaar.sibling-workers';
/** Set by a primary that relays (relaySiblingQuestions) in the environment of the workers it forks. */
export const SIBLING_RELAY_ENV = 'BAZAAR_SIBLING_RELAY';
export const DEFAULT_SIBLING_TIMEOUT_MS = 1_000;
/** The longest a question may wait: an admin read must not hang on a stuck worker. */
export const MAX_SIBLING_TIMEOUT_MS = 10_000;
/** How much longer than the timeout an asker waits for the primary's reply before giving up on it. */
const PRIMARY_GRACE_MS = 1_000;

export type SiblingMessage =
  /** worker → primary: this worker answers questions now (a starting one is not asked yet). */
  | { channel: typeof SIBLING_CHANNEL; kind: 'answering' }
  /** worker → primary: please ask the others. */
  | {
      channel: typeof SIBLING_CHANNEL;
      kind: 'ask';
      id: number;
      question: string;
      payload: unknown;
      timeoutMs: number;
    }
  /** primary → worker: a sibling asks (`id` is the primary's). */
  | { channel: typeof SIBLING_CHANNEL; kind: 'question'; id: number; question: string; payload: unknown }
  /** worker → primary: the answer, or why there is none. */
  | { channel: typeof SIBLING_CHANNEL; kind: 'answer'; id: number; answer?: unknown; error?: string }
  /** primary → asker: everything collected (`id` is the asker's). */
  | ({ channel: typeof SIBLING_CHANNEL; kind: 'answers'; id: number } & SiblingAnswers<unknown>);

export function isSiblingMessage(message: unknown): message is SiblingMessage {
  return (
    typeof message === 'object' &&
    message !== null &&
    (message as { channel?: unknown }).channel === SIBLING_CHANNEL
  );
}

export function siblingTimeout(requested: number | undefined): number {
  const timeoutMs = requested ?? DEFAULT_SIBLING_TIMEOUT_MS;
  return Number.isFinite(timeoutMs) ? Math.min(Math.max(0, timeoutMs), MAX_SIBLING_TIMEOUT_MS) : 0;
}

let thisWorker: SiblingWorkers | undefined;

/**
 * This process's link to its sibling workers; undefined unless it is a node:cluster worker whose primary
 * relays questions (it forked it with SIBLING_RELAY_ENV set). One per process.
 */
export function siblingWorkers(): SiblingWorkers | undefined {
  if (!cluster.isWorker || process.env[SIBLING_RELAY_ENV] !== '1' || !process.send) return undefined;
  thisWorker ??= connectToRelay(process.send.bind(process));
  return thisWorker;
}

type Send = (message: SiblingMessage, callback: (error: Error | null) => void) => boolean;

function connectToRelay(send: Send): SiblingWorkers {
  const answerers = new Map<string, SiblingAnswerer<unknown, unknown>>();
  const asked = new Map<number, (answers: SiblingAnswers<unknown>) => void>();
  let nextId = 1;
  let announced = false;
  // A lost channel is the primary's end; the asker's own timer reports it.
  const ignoreSendError = () => {};

  async function reply(id: number, question: string, payload: unknown): Promise<void> {
    const answerer = answerers.get(question);
    let message: SiblingMessage;
    if (!answerer)
      message = { channel: SIBLING_CHANNEL, kind: 'answer', id, error: `no answerer for ${question}` };
    else {
      try {
        message = { channel: SIBLING_CHANNEL, kind: 'answer', id, answer: await answerer(payload) };
      } catch (error) {
        message = { channel: SIBLING_CHANNEL, kind: 'answer', id, error: String(error) };
      }
    }
    if (process.connected) send(message, ignoreSendError);
  }

  process.on('message', (message: unknown) => {
    if (!isSiblingMessage(message)) return;
    if (message.kind === 'question') void reply(message.id, message.question, message.payload);
    else if (message.kind === 'answers') {
      asked.get(message.id)?.({ answers: message.answers, missing: message.missing });
      asked.delete(message.id);
    }
  });

  return {
    ask<Payload, Answer>(
      question: SiblingQuestion<Payload, Answer>,
      payload: Payload,
      options: { timeoutMs?: number } = {},
    ): Promise<SiblingAnswers<Answer>> {
      const id = nextId++;
      const timeoutMs = siblingTimeout(options.timeoutMs);
      return new Promise((resolve, reject) => {
        const gaveUp = setTimeout(() => {
          asked.delete(id);
          reject(new SiblingRelayError(`the primary did not relay ${question.name} within ${timeoutMs} ms`));
        }, timeoutMs + PRIMARY_GRACE_MS);
        // The answers are what the question's type says: the siblings answered it with its answerer.
        asked.set(id, (answers) => {
          clearTimeout(gaveUp);
          resolve(answers as SiblingAnswers<Answer>);
        });
        const message: SiblingMessage = {
          channel: SIBLING_CHANNEL,
          kind: 'ask',
          id,
          question: question.name,
          payload,
          timeoutMs,
        };
        if (!process.connected) {
          clearTimeout(gaveUp);
          asked.delete(id);
          reject(new SiblingRelayError('the channel to the primary is closed'));
          return;
        }
        send(message, (error) => {
          if (!error) return;
          clearTimeout(gaveUp);
          asked.delete(id);
          reject(new SiblingRelayError(`asking the primary failed: ${error.message}`));
        });
      });
    },
    answer<Payload, Answer>(
      question: SiblingQuestion<Payload, Answer>,
      answerer: SiblingAnswerer<Payload, Answer>,
    ): void {
      // The payload is what the question's type says: the sibling asked it through the same definition.
      answerers.set(question.name, answerer as SiblingAnswerer<unknown, unknown>);
      if (announced || !process.connected) return;
      announced = true;
      send({ channel: SIBLING_CHANNEL, kind: 'answering' }, ignoreSendError);
    },
  };
}
