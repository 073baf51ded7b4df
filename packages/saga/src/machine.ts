import type { SagaDefinition, SagaNotice, SagaStep } from './definition.js';

export type SagaStatus = 'RUNNING' | 'COMPENSATING' | 'COMPLETED' | 'COMPENSATED' | 'NEEDS_ATTENTION';

/** A saga's persisted state. `step` is the step in progress (RUNNING) or being compensated (COMPENSATING). */
export interface SagaState {
  status: SagaStatus;
  step: number;
  attempt: number;
  /** Epoch ms by which the awaited reply must arrive; null when nothing is awaited. */
  deadline: number | null;
  failureReason: string | null;
}

export type SagaInput =
  | { kind: 'start'; now: number }
  | { kind: 'reply'; type: string; data: unknown; now: number }
  | { kind: 'deadline-passed'; now: number }
  | { kind: 'cancel'; reason: string; now: number }
  | { kind: 'retry'; now: number };

/** What the engine must do, in order, in the transition's transaction. */
export type SagaEffect =
  | { kind: 'send-command'; step: number }
  | { kind: 'send-compensation'; step: number }
  | { kind: 'run-local'; step: number }
  | { kind: 'notice'; notice: SagaNotice };

export interface Transition {
  state: SagaState;
  effects: SagaEffect[];
  /** False when the input did not apply (a late or duplicate reply, a deadline already moved on). */
  applied: boolean;
}

const TERMINAL: readonly SagaStatus[] = ['COMPLETED', 'COMPENSATED'];

export function isTerminal(status: SagaStatus): boolean {
  return TERMINAL.includes(status);
}

/**
 * The saga as a pure state machine: given its definition, its state and an input, the next state and the
 * effects to carry out. Steps run in order; a failure at step k compensates the completed steps k-1..0 in
 * reverse; a timed-out step may still have acted, so it is compensated too; a compensation that never
 * acknowledges parks the saga for an operator.
 */
export function transition<Data>(
  definition: SagaDefinition<Data>,
  state: SagaState,
  input: SagaInput,
): Transition {
  const steps = definition.steps;
  const effects: SagaEffect[] = [];
  const notice = (value: SagaNotice) => effects.push({ kind: 'notice', notice: value });
  const unchanged: Transition = { state, effects: [], applied: false };

  /** Starts step `index` (and runs through local steps); completes the saga after the last one. */
  function runFrom(index: number, now: number): SagaState {
    for (let current = index; current < steps.length; current++) {
      const step = steps[current]!;
      if (step.kind === 'local') {
        notice({ kind: 'step-started', step: step.name, attempt: 1 });
        effects.push({ kind: 'run-local', step: current });
        notice({ kind: 'step-completed', step: step.name });
        continue;
      }
      notice({ kind: 'step-started', step: step.name, attempt: 1 });
      effects.push({ kind: 'send-command', step: current });
      return {
        status: 'RUNNING',
        step: current,
        attempt: 1,
        deadline: now + step.timeoutMs,
        failureReason: null,
      };
    }
    notice({ kind: 'completed' });
    return { status: 'COMPLETED', step: steps.length, attempt: 0, deadline: null, failureReason: null };
  }

  /** Compensates steps `from`..0 in reverse, skipping steps without a compensation. */
  function compensateFrom(from: number, reason: string, now: number): SagaState {
    for (let current = from; current >= 0; current--) {
      const step = steps[current]!;
      if (!step.compensation) continue;
      notice({ kind: 'compensation-started', step: step.name, attempt: 1 });
      effects.push({ kind: 'send-compensation', step: current });
      return {
        status: 'COMPENSATING',
        step: current,
        attempt: 1,
        deadline: now + definition.compensation.timeoutMs,
        failureReason: reason,
      };
    }
    notice({ kind: 'compensated', reason });
    return { status: 'COMPENSATED', step: -1, attempt: 0, deadline: null, failureReason: reason };
  }

  const stepAt = (index: number): SagaStep<Data> | undefined => steps[index];

  switch (input.kind) {
    case 'start':
      return { state: runFrom(0, input.now), effects, applied: true };

    case 'reply': {
      const step = stepAt(state.step);
      if (!step) return unchanged;
      if (state.status === 'RUNNING' && step.kind === 'remote') {
        if (step.replies.completed.includes(input.type)) {
          notice({ kind: 'step-completed', step: step.name });
          return { state: runFrom(state.step + 1, input.now), effects, applied: true };
        }
        const failure = step.replies.failed?.[input.type];
        if (failure) {
          const reason = failure(input.data);
          notice({ kind: 'step-failed', step: step.name, reason });
          // A failure reply means the step did nothing: only the steps before it are undone.
          return { state: compensateFrom(state.step - 1, reason, input.now), effects, applied: true };
        }
        return unchanged;
      }
      if (
        (state.status === 'COMPENSATING' || state.status === 'NEEDS_ATTENTION') &&
        step.compensation?.replies.includes(input.type)
      ) {
        notice({ kind: 'step-compensated', step: step.name });
        return {
          state: compensateFrom(state.step - 1, state.failureReason ?? 'UNKNOWN', input.now),
          effects,
          applied: true,
        };
      }
      return unchanged;
    }

    case 'deadline-passed': {
      if (state.deadline === null || input.now < state.deadline) return unchanged;
      const step = stepAt(state.step);
      if (!step) return unchanged;
      if (state.status === 'RUNNING' && step.kind === 'remote') {
        if (state.attempt < step.maxAttempts) {
          const attempt = state.attempt + 1;
          notice({ kind: 'step-started', step: step.name, attempt });
          effects.push({ kind: 'send-command', step: state.step });
          return {
            state: { ...state, attempt, deadline: input.now + step.timeoutMs },
            effects,
            applied: true,
          };
        }
        notice({ kind: 'step-failed', step: step.name, reason: step.timeoutReason });
        // No answer is not "no effect": the step may have acted after all, so it is undone as well.
        return { state: compensateFrom(state.step, step.timeoutReason, input.now), effects, applied: true };
      }
      if (state.status === 'COMPENSATING') {
        if (state.attempt < definition.compensation.maxAttempts) {
          const attempt = state.attempt + 1;
          notice({ kind: 'compensation-started', step: step.name, attempt });
          effects.push({ kind: 'send-compensation', step: state.step });
          return {
            state: { ...state, attempt, deadline: input.now + definition.compensation.timeoutMs },
            effects,
            applied: true,
          };
        }
        notice({ kind: 'parked', step: step.name, reason: state.failureReason ?? 'UNKNOWN' });
        return { state: { ...state, status: 'NEEDS_ATTENTION', deadline: null }, effects, applied: true };
      }
      return unchanged;
    }

    case 'cancel': {
      if (state.status !== 'RUNNING') return unchanged;
      const step = stepAt(state.step)!;
      notice({ kind: 'step-failed', step: step.name, reason: input.reason });
      // The step in flight may complete after all; its compensation is safe either way (receivers keep
      // a tombstone, so a late action does nothing).
      return { state: compensateFrom(state.step, input.reason, input.now), effects, applied: true };
    }

    case 'retry': {
      if (state.status !== 'NEEDS_ATTENTION') return unchanged;
      const step = stepAt(state.step)!;
      notice({ kind: 'resumed' });
      notice({ kind: 'compensation-started', step: step.name, attempt: 1 });
      effects.push({ kind: 'send-compensation', step: state.step });
      return {
        state: {
          ...state,
          status: 'COMPENSATING',
          attempt: 1,
          deadline: input.now + definition.compensation.timeoutMs,
        },
        effects,
        applied: true,
      };
    }
  }
}
