import cluster, { type Worker } from 'node:cluster';
import {
  isSiblingMessage,
  SIBLING_CHANNEL,
  SIBLING_RELAY_ENV,
  type SiblingAnswers,
  type SiblingMessage,
  siblingTimeout,
} from './sibling-workers.js';

export interface SiblingRelay {
  /** What every worker forked from now on must have in its environment to find the relay. */
  readonly workerEnv: Readonly<Record<string, string>>;
}

interface Relayed {
  asker: Worker;
  askerId: number;
  /** Sibling worker id → its process id, for those that have not answered yet. */
  waiting: Map<number, number>;
  collected: SiblingAnswers<unknown>;
  timer: NodeJS.Timeout;
}

let relay: SiblingRelay | undefined;

/**
 * Makes this node:cluster primary relay its workers' questions to each other (see sibling-workers.ts): a
 * question goes to every other worker that said it answers, and the answers that arrive within the asker's
 * timeout go back to it, the others named as missing. Installed once per process; the primary keeps no
 * state beyond the questions in flight.
 */
export function relaySiblingQuestions(): SiblingRelay {
  if (relay) return relay;
  if (!cluster.isPrimary) throw new Error('only a node:cluster primary relays sibling questions');
  const answering = new Set<Worker>();
  const inFlight = new Map<number, Relayed>();
  let nextId = 1;

  // A worker that exited or lost its channel cannot take a message: the callback keeps that from becoming
  // an 'error' event (which would crash the primary); its exit is handled below.
  const send = (worker: Worker, message: SiblingMessage, onFailure = () => {}) => {
    if (!worker.isConnected()) return onFailure();
    worker.send(message, undefined, (error: Error | null) => {
      if (error) onFailure();
    });
  };

  const finish = (id: number) => {
    const relayed = inFlight.get(id);
    if (!relayed) return;
    inFlight.delete(id);
    clearTimeout(relayed.timer);
    for (const pid of relayed.waiting.values())
      relayed.collected.missing.push({ worker: pid, reason: 'no answer in time' });
    send(relayed.asker, {
      channel: SIBLING_CHANNEL,
      kind: 'answers',
      id: relayed.askerId,
      ...relayed.collected,
    });
  };

  const settle = (id: number, worker: Worker, outcome: { answer?: unknown; error?: string }) => {
    const relayed = inFlight.get(id);
    const pid = relayed?.waiting.get(worker.id);
    if (!relayed || pid === undefined) return; // late, or not asked
    relayed.waiting.delete(worker.id);
    if (outcome.error !== undefined) relayed.collected.missing.push({ worker: pid, reason: outcome.error });
    else relayed.collected.answers.push({ worker: pid, answer: outcome.answer });
    if (relayed.waiting.size === 0) finish(id);
  };

  cluster.on('message', (worker: Worker, message: unknown) => {
    if (!isSiblingMessage(message)) return;
    if (message.kind === 'answering') answering.add(worker);
    else if (message.kind === 'answer') settle(message.id, worker, message);
    else if (message.kind === 'ask') {
      const id = nextId++;
      const siblings = [...answering].filter((sibling) => sibling !== worker && sibling.isConnected());
      const relayed: Relayed = {
        asker: worker,
        askerId: message.id,
        waiting: new Map(siblings.map((sibling) => [sibling.id, sibling.process.pid ?? sibling.id])),
        collected: { answers: [], missing: [] },
        timer: setTimeout(() => finish(id), siblingTimeout(message.timeoutMs)),
      };
      inFlight.set(id, relayed);
      if (siblings.length === 0) return finish(id);
      for (const sibling of siblings)
        send(
          sibling,
          {
            channel: SIBLING_CHANNEL,
            kind: 'question',
            id,
            question: message.question,
            payload: message.payload,
          },
          () => settle(id, sibling, { error: 'its channel is closed' }),
        );
    }
  });

  // A sibling that exits while asked will not answer: say so now rather than after the timeout.
  cluster.on('exit', (worker: Worker) => {
    answering.delete(worker);
    for (const [id, relayed] of inFlight) {
      if (relayed.asker === worker) {
        clearTimeout(relayed.timer);
        inFlight.delete(id);
      } else settle(id, worker, { error: 'exited' });
    }
  });

  relay = { workerEnv: { [SIBLING_RELAY_ENV]: '1' } };
  return relay;
}
