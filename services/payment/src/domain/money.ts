/** An amount in integer minor units of an ISO 4217 currency (never a float). */
export interface Money {
  amount: number;
  currency: string;
}

/** ISO 4217's code for "no currency": the amount of a refund that had nothing to give back. */
export const NO_CURRENCY = 'XXX';

export const nothing: Money = { amount: 0, currency: NO_CURRENCY };
