/** What the choice needs to know of one instance. */
export interface Candidate {
  /** Requests sent to it and not yet answered. */
  pending: number;
  /** In rotation: its last health check passed and it is not ejected. */
  eligible: boolean;
}

/**
 * Least pending requests among the eligible instances; ties go round robin, starting after `cursor` (so
 * an idle system still spreads its requests). With none eligible every instance is a candidate ("panic"
 * routing, as Envoy does): health checks can lag behind a recovery, and a refused connection costs little.
 * Returns an index into `candidates`, or -1 when there are none. Pure.
 */
export function chooseEndpoint(
  candidates: readonly Candidate[],
  cursor: number,
  exclude: ReadonlySet<number> = new Set(),
): number {
  const open = candidates.map((_, index) => index).filter((index) => !exclude.has(index));
  if (open.length === 0) return -1;
  const eligible = open.filter((index) => candidates[index]!.eligible);
  const pool = eligible.length > 0 ? eligible : open;
  let best = -1;
  let bestPending = Number.POSITIVE_INFINITY;
  for (let step = 1; step <= candidates.length; step++) {
    const index = (cursor + step) % candidates.length;
    if (!pool.includes(index)) continue;
    const pending = candidates[index]!.pending;
    if (pending < bestPending) {
      best = index;
      bestPending = pending;
    }
  }
  return best;
}
