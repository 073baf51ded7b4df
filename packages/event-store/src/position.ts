import type { GlobalPosition } from './types.js';

/** Before the first event. */
export const START: GlobalPosition = Object.freeze({ transactionId: '0', position: 0 });

export function comparePositions(a: GlobalPosition, b: GlobalPosition): number {
  const byTransaction = BigInt(a.transactionId) - BigInt(b.transactionId);
  if (byTransaction !== 0n) return byTransaction < 0n ? -1 : 1;
  return a.position - b.position;
}

/** A position as one opaque token, for URLs and admin APIs: `<transaction>.<position>`. */
export function formatPosition(position: GlobalPosition): string {
  return `${position.transactionId}.${position.position}`;
}

export function parsePosition(token: string): GlobalPosition | undefined {
  const match = /^(\d{1,20})\.(\d{1,16})$/.exec(token);
  if (!match) return undefined;
  const position = Number(match[2]);
  return Number.isSafeInteger(position) ? { transactionId: match[1]!, position } : undefined;
}
