import type { GlobalPosition } from './types.js';

/** Before the first event. */
export const START: GlobalPosition = Object.freeze({ transactionId: '0', position: 0 });

/** A position as one opaque token, for URLs and admin APIs: `<transaction>.<position>`. */
export function formatPosition(position: GlobalPosition): string {
  return `${position.transactionId}.${position.position}`;
}
