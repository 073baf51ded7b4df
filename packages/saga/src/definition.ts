import type postgres from 'postgres';

/** A message the saga sends: published through the owner's outbox in the transition's transaction. */
export interface SagaCommand {
  type: string;
  data: unknown;
}

/** How a step hears back: reply types that complete it, and reply types that fail it (with the reason). */
export interface StepReplies {
  completed: readonly string[];
  /** Reply type → the saga's failure reason, computed from the reply's data. */
  failed?: Readonly<Record<string, (data: unknown) => string>>;
}

interface StepBase<Data> {
  name: string;
  /** The reverse of the action; sent in reverse step order when a later step fails. Omit for none. */
  compensation?: {
    command(data: Data): SagaCommand;
    /** Reply types that acknowledge the compensation. */
    replies: readonly string[];
  };
}

/** A step carried out by another service: a command out, a reply back, within a deadline. */
export interface RemoteStep<Data> extends StepBase<Data> {
  kind: 'remote';
  command(data: Data): SagaCommand;
  replies: StepReplies;
  /** Time to wait for a reply before sending the command again (the receiver dedupes per saga). */
  timeoutMs: number;
  /** Sends before the step fails with `timeoutReason`; the timed-out step is then compensated too. */
  maxAttempts: number;
  timeoutReason: string;
}

/** A step the owning service does itself, inside the transition's transaction. */
export interface LocalStep<Data> extends StepBase<Data> {
  kind: 'local';
  run(tx: postgres.TransactionSql, data: Data, sagaId: string): Promise<void>;
}

export type SagaStep<Data> = RemoteStep<Data> | LocalStep<Data>;

/** What the owner hears about, in the transition's transaction (to keep its own model in step). */
export type SagaNotice =
  | { kind: 'step-started'; step: string; attempt: number }
  | { kind: 'step-completed'; step: string }
  | { kind: 'step-failed'; step: string; reason: string }
  | { kind: 'compensation-started'; step: string; attempt: number }
  | { kind: 'step-compensated'; step: string }
  | { kind: 'completed' }
  | { kind: 'compensated'; reason: string }
  | { kind: 'parked'; step: string; reason: string }
  | { kind: 'resumed' };

export interface SagaDefinition<Data> {
  name: string;
  steps: readonly SagaStep<Data>[];
  /** Deadline and sends of each compensation before the saga is parked as NEEDS_ATTENTION. */
  compensation: { timeoutMs: number; maxAttempts: number };
  /**
   * Tells the owner what a transition did, in its transaction, so it keeps its own model (the order) in
   * step. Called once per transition with all its notices, and before a local step runs with those so far.
   */
  onNotices?(
    tx: postgres.TransactionSql,
    sagaId: string,
    data: Data,
    notices: readonly SagaNotice[],
  ): Promise<void>;
  /**
   * The same for many sagas at once (a batch of replies): one call per wave of notices, so the owner can
   * record them with a constant number of statements. Used instead of onNotices when present.
   */
  onNoticesMany?(
    tx: postgres.TransactionSql,
    items: readonly { sagaId: string; data: Data; notices: readonly SagaNotice[] }[],
  ): Promise<void>;
}

export function defineSaga<Data>(definition: SagaDefinition<Data>): SagaDefinition<Data> {
  const names = new Set(definition.steps.map((step) => step.name));
  if (names.size !== definition.steps.length)
    throw new Error(`saga ${definition.name}: step names must be unique`);
  if (definition.steps.length === 0) throw new Error(`saga ${definition.name}: needs at least one step`);
  for (const step of definition.steps) {
    if (step.kind === 'remote' && (step.maxAttempts < 1 || step.timeoutMs <= 0))
      throw new Error(`saga ${definition.name}: step ${step.name} needs maxAttempts ≥ 1 and a timeout`);
  }
  return definition;
}
