import type { PaymentMethod } from './order.js';

/** Card numbers as people type them: digits with optional spaces or dashes, 12 to 19 digits. */
export function parseCardNumber(input: string): string | undefined {
  const digits = input.replace(/[\s-]/g, '');
  return /^\d{12,19}$/.test(digits) ? digits : undefined;
}

/** The only part of a card that Bazaar stores (never the number, as PCI DSS asks). */
export function toPaymentMethod(cardNumber: string): PaymentMethod {
  return { type: 'card', last4: cardNumber.slice(-4) };
}
