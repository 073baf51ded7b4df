export interface Money {
  /** Integer minor units. */
  amount: number;
  /** ISO 4217 code. */
  currency: string;
}

export function multiply(price: Money, quantity: number): Money {
  return { amount: price.amount * quantity, currency: price.currency };
}

/** Sums amounts of one currency; mixing currencies is a caller error. */
export function sum(amounts: readonly Money[]): Money {
  const currency = amounts[0]?.currency;
  if (!currency) throw new RangeError('cannot sum no amounts');
  if (amounts.some((amount) => amount.currency !== currency))
    throw new RangeError('cannot sum different currencies');
  return { amount: amounts.reduce((total, amount) => total + amount.amount, 0), currency };
}
