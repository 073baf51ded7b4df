/** Money in minor units, shown in the browser's locale: {amount: 1999, currency: 'EUR'} → €19.99. */
export function money(value: { amount: number; currency: string }): string {
  const digits =
    new Intl.NumberFormat(undefined, { style: 'currency', currency: value.currency }).resolvedOptions()
      .maximumFractionDigits ?? 2;
  return new Intl.NumberFormat(undefined, { style: 'currency', currency: value.currency }).format(
    value.amount / 10 ** digits,
  );
}

/** A time of day to the millisecond: saga steps are milliseconds apart. */
export function clock(iso: string): string {
  const at = new Date(iso);
  return `${at.toLocaleTimeString(undefined, { hour12: false })}.${String(at.getMilliseconds()).padStart(3, '0')}`;
}

export function dateTime(iso: string): string {
  return new Date(iso).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
}

/** "after 42 ms" / "after 1.3 s", from the first instant to this one. */
export function elapsed(fromIso: string, toIso: string): string {
  const ms = new Date(toIso).getTime() - new Date(fromIso).getTime();
  return ms < 1000 ? `+${ms} ms` : `+${(ms / 1000).toFixed(1)} s`;
}

/** "PAYMENT_DECLINED" → "Payment declined"; "capture-payment" → "Capture payment". */
export function humanize(code: string): string {
  const words = code.replace(/[-_]+/g, ' ').toLowerCase().trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
}
