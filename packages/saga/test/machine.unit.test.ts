import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { defineSaga } from '../src/definition.js';
import { type SagaEffect, type SagaInput, type SagaState, transition } from '../src/machine.js';

// A three-step remote saga with a local last step, like order fulfilment.
const saga = defineSaga<{ id: string }>({
  name: 'test',
  compensation: { timeoutMs: 1_000, maxAttempts: 2 },
  steps: [
    {
      kind: 'remote',
      name: 'reserve',
      command: () => ({ type: 'reserve', data: {} }),
      replies: { completed: ['reserved'], failed: { 'reserve-failed': () => 'OUT' } },
      compensation: { command: () => ({ type: 'release', data: {} }), replies: ['released'] },
      timeoutMs: 100,
      maxAttempts: 2,
      timeoutReason: 'RESERVE_TIMEOUT',
    },
    {
      kind: 'remote',
      name: 'notify',
      command: () => ({ type: 'notify', data: {} }),
      replies: { completed: ['notified'] },
      timeoutMs: 100,
      maxAttempts: 1,
      timeoutReason: 'NOTIFY_TIMEOUT',
    },
    {
      kind: 'remote',
      name: 'charge',
      command: () => ({ type: 'charge', data: {} }),
      replies: { completed: ['charged'], failed: { declined: (data) => (data as { why: string }).why } },
      compensation: { command: () => ({ type: 'refund', data: {} }), replies: ['refunded'] },
      timeoutMs: 100,
      maxAttempts: 1,
      timeoutReason: 'CHARGE_TIMEOUT',
    },
    { kind: 'local', name: 'confirm', run: async () => {} },
  ],
});

const initial: SagaState = { status: 'RUNNING', step: 0, attempt: 0, deadline: null, failureReason: null };
const reply = (type: string, data: unknown = {}): SagaInput => ({ kind: 'reply', type, data, now: 0 });

/** given the inputs so far, when one more arrives, then the state and the commands sent. */
function given(...inputs: SagaInput[]) {
  let state = initial;
  for (const input of inputs) state = transition(saga, state, input).state;
  return {
    when(input: SagaInput) {
      const result = transition(saga, state, input);
      const sent = result.effects
        .filter((effect): effect is Extract<SagaEffect, { step: number }> => effect.kind !== 'notice')
        .map((effect) => `${effect.kind}:${saga.steps[effect.step]!.name}`);
      return {
        thenState(expected: Partial<SagaState> & { sent?: string[]; applied?: boolean }) {
          const { sent: expectedSent, applied, ...expectedState } = expected;
          for (const [key, value] of Object.entries(expectedState))
            assert.deepEqual(result.state[key as keyof SagaState], value, key);
          if (expectedSent) assert.deepEqual(sent, expectedSent);
          assert.equal(result.applied, applied ?? true);
          return result;
        },
      };
    },
  };
}

const start: SagaInput = { kind: 'start', now: 0 };
const at = (now: number): SagaInput => ({ kind: 'deadline-passed', now });

describe('saga machine', () => {
  it('starts by sending the first command with its deadline', () => {
    given()
      .when(start)
      .thenState({ status: 'RUNNING', step: 0, attempt: 1, deadline: 100, sent: ['send-command:reserve'] });
  });

  it('moves step by step and runs the local last step, then completes', () => {
    given(start, reply('reserved'))
      .when(reply('notified'))
      .thenState({ status: 'RUNNING', step: 2, sent: ['send-command:charge'] });
    const done = given(start, reply('reserved'), reply('notified'))
      .when(reply('charged'))
      .thenState({ status: 'COMPLETED', deadline: null, sent: ['run-local:confirm'] });
    assert.deepEqual(
      done.effects.flatMap((effect) => (effect.kind === 'notice' ? [effect.notice.kind] : [])),
      ['step-completed', 'step-started', 'step-completed', 'completed'],
    );
  });

  it('on a failure reply compensates the completed steps in reverse, skipping those without a compensation', () => {
    given(start, reply('reserved'), reply('notified'))
      .when(reply('declined', { why: 'PAYMENT_DECLINED' }))
      .thenState({
        status: 'COMPENSATING',
        step: 0,
        failureReason: 'PAYMENT_DECLINED',
        sent: ['send-compensation:reserve'],
      });
    given(start, reply('reserved'), reply('notified'), reply('declined', { why: 'X' }))
      .when(reply('released'))
      .thenState({ status: 'COMPENSATED', failureReason: 'X', sent: [] });
  });

  it('a failure at the first step has nothing to compensate', () => {
    given(start)
      .when(reply('reserve-failed'))
      .thenState({ status: 'COMPENSATED', failureReason: 'OUT', sent: [] });
  });

  it('resends on a timeout until the attempts run out, then also compensates the timed-out step', () => {
    given(start)
      .when(at(100))
      .thenState({ status: 'RUNNING', attempt: 2, deadline: 200, sent: ['send-command:reserve'] });
    given(start, at(100))
      .when(at(200))
      .thenState({
        status: 'COMPENSATING',
        step: 0,
        failureReason: 'RESERVE_TIMEOUT',
        sent: ['send-compensation:reserve'],
      });
    given(start, reply('reserved'), reply('notified'))
      .when(at(100))
      .thenState({
        status: 'COMPENSATING',
        step: 2,
        failureReason: 'CHARGE_TIMEOUT',
        sent: ['send-compensation:charge'],
      });
  });

  it('ignores a deadline that has not passed, and late or duplicate replies', () => {
    given(start).when(at(99)).thenState({ status: 'RUNNING', applied: false, sent: [] });
    given(start, reply('reserved')).when(reply('reserved')).thenState({ step: 1, applied: false, sent: [] });
    given(start, reply('reserve-failed'))
      .when(reply('reserved'))
      .thenState({ status: 'COMPENSATED', applied: false });
  });

  it('parks a compensation that is never acknowledged, and resumes it on retry', () => {
    const failed = [start, reply('reserved'), reply('notified'), reply('declined', { why: 'D' })];
    given(...failed)
      .when(at(1_001))
      .thenState({ status: 'COMPENSATING', attempt: 2, sent: ['send-compensation:reserve'] });
    given(...failed, at(1_001))
      .when(at(2_001))
      .thenState({ status: 'NEEDS_ATTENTION', deadline: null, sent: [] });
    given(...failed, at(1_001), at(2_001))
      .when({ kind: 'retry', now: 5_000 })
      .thenState({
        status: 'COMPENSATING',
        attempt: 1,
        deadline: 6_000,
        sent: ['send-compensation:reserve'],
      });
    given(...failed, at(1_001), at(2_001))
      .when(reply('released'))
      .thenState({ status: 'COMPENSATED' });
  });

  it('cancels a running saga by compensating the step in flight and those before it', () => {
    given(start, reply('reserved'), reply('notified'))
      .when({ kind: 'cancel', reason: 'CANCELLED_BY_CUSTOMER', now: 0 })
      .thenState({
        status: 'COMPENSATING',
        step: 2,
        failureReason: 'CANCELLED_BY_CUSTOMER',
        sent: ['send-compensation:charge'],
      });
    given(start, reply('reserved'), reply('notified'), reply('charged'))
      .when({ kind: 'cancel', reason: 'CANCELLED_BY_CUSTOMER', now: 0 })
      .thenState({ status: 'COMPLETED', applied: false });
  });
});
