export interface Money {
  /** Integer minor units (cents for EUR). */
  amount: number;
  /** ISO 4217 code. */
  currency: string;
}

// The ISO 4217 codes this Node.js build knows; the list comes with its ICU data.
const CURRENCIES = new Set(Intl.supportedValuesOf('currency'));

export function isIsoCurrency(code: string): boolean {
  return CURRENCIES.has(code);
}

/** Upper bound of a catalogue price: ten million in major units keeps every sum far below 2^53. */
export const MAX_PRICE_MINOR_UNITS = 1_000_000_000;
