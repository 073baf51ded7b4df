/**
 * The simulated card provider. Like the test cards of well-known providers, the last four digits of the
 * card decide the answer, so every path of the saga can be shown on purpose.
 */
export type DeclineReason = 'PAYMENT_DECLINED' | 'INSUFFICIENT_FUNDS';

export type ProviderAnswer =
  | { kind: 'approved' }
  | { kind: 'declined'; reason: DeclineReason }
  /** The provider never answers: the charge stays in doubt and the saga's step timeout decides. */
  | { kind: 'no-answer' };

export const TEST_CARDS = {
  declined: '0002',
  insufficientFunds: '9995',
  timeout: '0341',
} as const;

export function providerAnswerFor(cardLast4: string): ProviderAnswer {
  switch (cardLast4) {
    case TEST_CARDS.declined:
      return { kind: 'declined', reason: 'PAYMENT_DECLINED' };
    case TEST_CARDS.insufficientFunds:
      return { kind: 'declined', reason: 'INSUFFICIENT_FUNDS' };
    case TEST_CARDS.timeout:
      return { kind: 'no-answer' };
    default:
      return { kind: 'approved' };
  }
}
